"""The caseload table: rows, search, filters, sorting, pages, CSV export and query budget."""

import csv
import io
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from counseling.caseload import SORT_COLUMNS
from counseling.models import ActionItem, Assignment

pytestmark = pytest.mark.django_db


class TableRows(HTMLParser):
    """The text of each cell of each <tbody> row, whitespace collapsed."""

    def __init__(self):
        super().__init__()
        self.rows, self.cell, self.in_body = [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.rows.append([])
        elif tag in ("td", "th") and self.in_body:
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_body = False
        elif tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table(response):
    parser = TableRows()
    parser.feed(response.content.decode())
    return parser.rows


def rows(response):
    return [
        (r.email, r.role_title or None, None if r.readiness is None else float(r.readiness))
        for r in response.context["page"].object_list
    ]


@pytest.fixture
def roles(make_role):
    # Two skills each at level 3, importance 1: readiness is (min(a,3) + min(b,3)) / 6.
    return make_role("alpha", skills=2), make_role("beta", skills=2)


@pytest.fixture
def caseload(counselor, learner, other_learner, roles, make_result):
    alpha, beta = roles
    for person in (learner, other_learner):
        Assignment.objects.assign(counselor=counselor, learner=person)
    make_result(learner, alpha, level=1)  # 33.3
    make_result(learner, alpha, level=2)  # 66.7, trend +33.3
    make_result(learner, beta, level=3)  # 100
    make_result(other_learner, alpha, level=0)  # 0
    ActionItem.objects.add(learner=learner, text="open one")
    ActionItem.objects.add(learner=learner, text="open two")
    ActionItem.objects.add(learner=learner, text="done", done_at=timezone.now())
    return alpha, beta


def test_it_lists_the_latest_result_per_role_with_trend_gap_and_open_items(
    client, counselor, caseload
):
    client.force_login(counselor)
    response = client.get("/counselor/caseload/")
    assert rows(response) == [
        ("learner@example.com", "Alpha", 66.7),
        ("learner@example.com", "Beta", 100),
        ("other@example.com", "Alpha", 0),
    ]
    cells = table(response)
    assert cells[0] == [
        "Lena Learner learner@example.com",
        "Alpha",
        "67% · Getting there",
        "alpha skill 0",
        "+33.4 points",
        timezone.now().strftime("%-d %b %Y"),
        "2",
        "–",  # no plan
    ]
    assert cells[1][2:5] == ["100% · Ready", "–", "–"]
    assert cells[2][2] == "0% · Not yet ready" and cells[2][6] == "0"


def test_learners_without_a_result_are_listed_once(client, counselor, roles, make_user):
    newcomer = make_user("new@example.com", "Nia New")
    Assignment.objects.assign(counselor=counselor, learner=newcomer)
    client.force_login(counselor)
    response = client.get("/counselor/caseload/")
    assert rows(response) == [("new@example.com", None, None)]
    assert "No result yet" in response.content.decode()


@pytest.mark.parametrize(
    "query, emails",
    [
        ("lena", {"learner@example.com"}),
        ("OTHER@", {"other@example.com"}),
        ("example.com", {"learner@example.com", "other@example.com"}),
        ("nobody", set()),
    ],
)
def test_search_by_name_or_email(client, counselor, caseload, query, emails):
    client.force_login(counselor)
    response = client.get("/counselor/caseload/", {"q": query})
    assert {email for email, _, _ in rows(response)} == emails


def test_filter_by_role_and_band(client, counselor, caseload):
    client.force_login(counselor)
    assert rows(client.get("/counselor/caseload/", {"role": "beta"})) == [
        ("learner@example.com", "Beta", 100)
    ]
    assert rows(client.get("/counselor/caseload/", {"band": "not-yet-ready"})) == [
        ("other@example.com", "Alpha", 0)
    ]
    assert rows(client.get("/counselor/caseload/", {"role": "alpha", "band": "getting-there"})) == [
        ("learner@example.com", "Alpha", 66.7)
    ]


def test_the_role_filter_offers_the_published_roles(client, counselor, caseload, make_role):
    make_role("gamma", skills=1)
    make_role("hidden", skills=1, is_published=False)
    client.force_login(counselor)
    page = client.get("/counselor/caseload/").content.decode()
    assert 'value="alpha"' in page and 'value="beta"' in page and 'value="gamma"' in page
    assert 'value="hidden"' not in page


@pytest.mark.parametrize("sort", [*SORT_COLUMNS, *(f"-{key}" for key in SORT_COLUMNS)])
def test_every_column_sorts_both_ways(client, counselor, caseload, sort):
    client.force_login(counselor)
    response = client.get("/counselor/caseload/", {"sort": sort})
    assert response.status_code == 200 and len(rows(response)) == 3


def test_readiness_sorts_with_empty_results_last(client, counselor, caseload, make_user):
    Assignment.objects.assign(counselor=counselor, learner=make_user("new@example.com"))
    client.force_login(counselor)
    up = [r[2] for r in rows(client.get("/counselor/caseload/", {"sort": "readiness"}))]
    down = [r[2] for r in rows(client.get("/counselor/caseload/", {"sort": "-readiness"}))]
    assert up == [0, 66.7, 100, None] and down == [100, 66.7, 0, None]


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "password"},
        {"sort": "-"},
        {"sort": "learner__password"},
        {"role": "no-such-role"},
        {"role": "' OR 1=1 --"},
        {"band": "amazing"},
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999"},
        {"q": "x" * 5000},
        {"q": "%_\\'\""},
    ],
)
def test_bad_parameters_are_ignored_not_an_error(client, counselor, caseload, params):
    client.force_login(counselor)
    assert client.get("/counselor/caseload/", params).status_code == 200
    assert client.get("/counselor/export.csv", params).status_code == 200


def test_fifty_rows_per_page_and_out_of_range_pages_show_the_last(client, counselor, roles):
    learners = User.objects.bulk_create(
        User(username=f"l{i:02}@example.com", email=f"l{i:02}@example.com") for i in range(51)
    )
    for learner in learners:
        Assignment.objects.assign(counselor=counselor, learner=learner)
    client.force_login(counselor)
    first = client.get("/counselor/caseload/")
    assert len(rows(first)) == 50 and "Page 1 of 2" in first.content.decode()
    assert rows(client.get("/counselor/caseload/", {"page": 2})) == [
        ("l50@example.com", None, None)
    ]
    assert rows(client.get("/counselor/caseload/", {"page": 7})) == [
        ("l50@example.com", None, None)
    ]


@pytest.mark.parametrize(
    "params", [{}, {"role": "alpha"}, {"q": "lena", "sort": "-readiness"}, {"band": "ready"}]
)
def test_the_csv_holds_exactly_the_filtered_table(client, counselor, caseload, params):
    client.force_login(counselor)
    html_rows = table(client.get("/counselor/caseload/", params))
    response = client.get("/counselor/export.csv", params)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    header, *lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert header[:4] == ["Name", "Email", "Role", "Readiness %"]
    assert len(lines) == len(html_rows)
    for line, cells in zip(lines, html_rows, strict=True):
        name, email, role, readiness, band, top_gap, trend, _, open_items, done, total = line
        assert cells[0] == f"{name} {email}"
        assert cells[1] == (role or "No result yet")
        assert cells[2] == (f"{float(readiness):.0f}% · {band}" if readiness else "–")
        assert cells[3] == (top_gap or "–")
        assert cells[4] == (f"{trend} points" if trend else "–")
        assert cells[6] == open_items
        assert cells[7] == (f"{done} of {total}" if total else "–")


def test_the_csv_defuses_spreadsheet_formulas(client, counselor, roles, make_user):
    sneaky = make_user("sneaky@example.com", '=HYPERLINK("http://evil")')
    Assignment.objects.assign(counselor=counselor, learner=sneaky)
    client.force_login(counselor)
    body = client.get("/counselor/export.csv").content.decode()
    assert "'=HYPERLINK" in body


@pytest.fixture
def add_learners(make_user, make_result):
    def add(counselor, role, start, count):
        for i in range(start, start + count):
            person = make_user(f"bulk{i}@example.com", f"Bulk {i}")
            Assignment.objects.assign(counselor=counselor, learner=person)
            for level in (1, 2, 3):
                make_result(person, role, level=level)
            ActionItem.objects.add(learner=person, text="Practise")

    return add


# A first view renders and caches the page; the very first also creates the stamps.
FIRST_VIEW = {
    "/counselor/caseload/": 25,
    "/counselor/caseload/?sort=-trend&band=ready&q=bulk": 6,
    "/counselor/caseload/?role=alpha&page=2": 13,
    "/counselor/export.csv": 4,
    "/counselor/export.csv?sort=activity": 4,
    "/counselor/cohort/": 23,
    "/counselor/cohort/?role=alpha": 8,
}
# A cached page is the session, the user, the group check, the stamps and the page; a search
# (never cached) adds the catalog's roles, a count and the rows.
CACHED_VIEW = {
    "/counselor/caseload/": 5,
    "/counselor/caseload/?sort=-trend&band=ready&q=bulk": 7,
    "/counselor/caseload/?role=alpha&page=2": 5,
    "/counselor/export.csv": 7,
    "/counselor/export.csv?sort=activity": 7,
    "/counselor/cohort/": 9,
    "/counselor/cohort/?role=alpha": 9,
}


def test_queries_do_not_grow_with_the_caseload(
    client, counselor, roles, committed, add_learners, page_queries
):
    alpha, _ = roles
    add_learners(counselor, alpha, 0, 3)
    client.force_login(counselor)
    client.get("/")  # the session's first page stores the navigation flag: a one-off write

    def every_page(budgets):
        return {url: page_queries(url, budget) for url, budget in budgets.items()}

    small_cold, small_warm = every_page(FIRST_VIEW), every_page(CACHED_VIEW)
    with committed():
        add_learners(counselor, alpha, 3, 57)  # each change gives the table a new stamp
    # Sixty learners take no more queries than three, cached or not.
    large_cold, large_warm = every_page(small_cold), every_page(CACHED_VIEW)
    assert large_warm == small_warm
    assert large_cold["/counselor/caseload/"] > large_warm["/counselor/caseload/"]
    assert (
        large_warm["/counselor/caseload/"] == large_warm["/counselor/caseload/?role=alpha&page=2"]
    )
