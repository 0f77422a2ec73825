"""The caseload table's stored copy (CaseloadRow) follows every change to what it shows."""

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from accounts.deletion import forget_copies
from assessments.models import Assessment
from assessments.submission import save_draft
from assessments.views.learner import role_requirements
from counseling.caseload import _ordering, caseload_rows
from counseling.caseload_store import learner_renamed, rebuild
from counseling.models import CASELOAD_SORTS, ActionItem, Assignment, CaseloadRow, CaseloadSize
from counseling.tests.test_caseload import rows, table

pytestmark = pytest.mark.django_db


@pytest.fixture
def alpha(make_role):
    # Two skills at level 3, importance 1: readiness is (min(a,3) + min(b,3)) / 6.
    return make_role("alpha", skills=2)


@pytest.fixture
def on_caseload(client, counselor, learner):
    Assignment.objects.assign(counselor=counselor, learner=learner)
    client.force_login(counselor)
    return learner


def shown(client, **params):
    return client.get("/counselor/caseload/", params)


def test_a_retake_replaces_the_line_with_its_readiness_and_trend(
    client, on_caseload, alpha, committed, make_result
):
    assert rows(shown(client)) == [("learner@example.com", None, None)]
    with committed():
        make_result(on_caseload, alpha, level=1)
    assert rows(shown(client)) == [("learner@example.com", "Alpha", 33.3)]
    with committed():
        make_result(on_caseload, alpha, level=3)
    cells = table(shown(client))[0]
    assert cells[1:5] == ["Alpha", "100% · Ready", "–", "+66.7 points"]


def test_action_items_count_while_open(client, on_caseload, counselor, committed, make_user):
    done = ActionItem.objects.add(learner=on_caseload, author=counselor, text="Read up")
    ActionItem.objects.add(learner=on_caseload, author=counselor, text="Practise")
    assert table(shown(client))[0][6] == "2"
    client.force_login(on_caseload)
    with committed():
        client.post(f"/assessments/actions/{done.pk}/toggle/")  # the learner ticks one off
    client.force_login(counselor)
    assert table(shown(client))[0][6] == "1"
    open_item = ActionItem.objects.exclude(pk=done.pk).get()
    client.force_login(make_user("root@example.com", is_staff=True, is_superuser=True))
    with committed():  # admin's bulk delete
        client.post(
            "/admin/counseling/actionitem/",
            {"action": "delete_selected", "_selected_action": [open_item.pk], "post": "yes"},
        )
    assert not ActionItem.objects.filter(pk=open_item.pk).exists()
    client.force_login(counselor)
    assert table(shown(client))[0][6] == "0"


def test_a_saved_draft_is_activity(client, on_caseload, alpha, committed):
    assert table(shown(client))[0][5] == "–"
    with committed():
        save_draft(
            assessment=Assessment(learner=on_caseload, role=alpha, role_title="Alpha"),
            requirements=role_requirements(alpha),
            levels={},
            evidence={},
        )
    assert table(shown(client))[0][5] == timezone.now().strftime("%-d %b %Y")


def test_a_renamed_learner_is_found_and_sorted_by_the_new_name(
    client, on_caseload, counselor, committed, make_user
):
    Assignment.objects.assign(counselor=counselor, learner=make_user("m@example.com", "Mo"))
    assert [r[0] for r in rows(shown(client))] == ["learner@example.com", "m@example.com"]
    on_caseload.first_name = "Zoe"
    on_caseload.last_name = "Zed"
    with committed():
        on_caseload.save()
        learner_renamed(on_caseload)  # as the user admin and allauth's email change do
    assert [r[0] for r in rows(shown(client))] == ["m@example.com", "learner@example.com"]
    assert table(shown(client, q="zoe zed"))[0][0] == "Zoe Zed learner@example.com"
    on_caseload.save(update_fields=["last_login"])  # a login: nothing to copy
    assert CaseloadRow.objects.get(learner=on_caseload).name == "Zoe Zed"


def test_the_row_count_follows_joins_and_leaves(
    client, on_caseload, counselor, committed, make_user
):
    assert "Rows 1–1 of 1." in shown(client).content.decode()  # counted, then cached
    newcomer = make_user("new@example.com", "Nia New")
    with committed():
        Assignment.objects.assign(counselor=counselor, learner=newcomer)
    assert "Rows 1–2 of 2." in shown(client).content.decode()
    client.force_login(newcomer)
    with committed():
        client.post(f"/assessments/counselors/{counselor.pk}/leave/")
    client.force_login(counselor)
    assert "Rows 1–1 of 1." in shown(client).content.decode()
    assert [cells[0] for cells in table(shown(client))] == ["Lena Learner learner@example.com"]


def test_a_deleted_account_leaves_every_caseload(
    client, on_caseload, counselor, alpha, committed, make_result, password
):
    make_result(on_caseload, alpha, level=2)
    ActionItem.objects.add(learner=on_caseload, author=counselor, text="Read up")
    assert "Rows 1–1 of 1." in shown(client).content.decode()
    client.force_login(on_caseload)
    with committed():
        assert client.post("/accounts/data/", {"password": password}).status_code == 302
    client.force_login(counselor)
    response = shown(client)
    assert (
        rows(response) == [] and "No learner is on your caseload yet." in response.content.decode()
    )
    assert not CaseloadRow.objects.exists()


def test_a_deleted_result_falls_back_to_no_result(
    client, on_caseload, counselor, alpha, make_result
):
    result = make_result(on_caseload, alpha, level=2)
    ActionItem.objects.add(learner=on_caseload, assessment=result, text="About this result")
    result.delete()  # in a shell (no page deletes one): its action items go with it
    call_command("rebuild_caseload")  # the repair tool for writes made behind the app's back
    assert table(shown(client))[0][1:7] == ["No result yet", "–", "–", "–", "–", "0"]


@pytest.fixture
def two_caseloads(counselor, other_counselor, learner, make_role, make_user):
    """The learner on both counselors' caseloads, Otto on the first's; a second role, beta."""
    beta = make_role("beta", skills=2)
    other = make_user("other@example.com", "Otto")
    for person in (learner, other):
        Assignment.objects.assign(counselor=counselor, learner=person)
    Assignment.objects.assign(counselor=other_counselor, learner=learner)
    return beta


def test_rebuild_gives_the_rows_the_writes_kept(learner, alpha, two_caseloads, make_result):
    beta = two_caseloads
    for level in (1, 2):
        make_result(learner, alpha, level=level)
    make_result(learner, beta, level=3)
    ActionItem.objects.add(learner=learner, text="Practise")
    fields = [f.attname for f in CaseloadRow._meta.concrete_fields if f.attname != "id"]
    kept = sorted(CaseloadRow.objects.values_list(*fields))
    assert len(kept) == 5  # two roles on two caseloads, and Otto without a result
    assert rebuild() == 5
    assert sorted(CaseloadRow.objects.values_list(*fields)) == kept


def sizes():
    """Each counselor's kept row count, and the count of their rows, which it must equal."""
    kept = dict(CaseloadSize.objects.filter(rows__gt=0).values_list("counselor_id", "rows"))
    counted = dict(
        CaseloadRow.objects.order_by()
        .values("counselor_id")
        .annotate(n=Count("pk"))
        .values_list("counselor_id", "n")
    )
    return kept, counted


def test_the_kept_row_count_follows_every_write(
    counselor, other_counselor, learner, alpha, two_caseloads, make_result
):
    beta = two_caseloads
    assert sizes() == ({counselor.pk: 2, other_counselor.pk: 1},) * 2

    make_result(learner, alpha, level=1)  # replaces the "no result yet" line
    make_result(learner, alpha, level=2)  # a retake: the same line
    make_result(learner, beta, level=3)  # a second role: a second line
    assert sizes() == ({counselor.pk: 3, other_counselor.pk: 2},) * 2

    Assignment.objects.get(counselor=other_counselor, learner=learner).end()
    assert sizes() == ({counselor.pk: 3},) * 2

    with transaction.atomic():
        forget_copies(learner)
        learner.delete()
    assert sizes() == ({counselor.pk: 1},) * 2

    CaseloadSize.objects.update(rows=40)  # written behind the app's back
    rebuild()
    assert sizes() == ({counselor.pk: 1},) * 2


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
@pytest.mark.parametrize("sort", [*CASELOAD_SORTS, *(f"-{key}" for key in CASELOAD_SORTS)])
def test_every_sort_order_reads_an_index_without_sorting(counselor, sort):
    query = caseload_rows(counselor, sort=sort)[:50].query
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
    key = sort.lstrip("-")
    direction = "desc" if sort.startswith("-") else "asc"
    index = f"caseload_{key}_{direction}"
    assert f"USING INDEX {index} " in plan and "TEMP B-TREE" not in plan, (_ordering(sort), plan)


def test_admin_keeps_the_learner_of_an_assignment_fixed(client, on_caseload, counselor, make_user):
    other = make_user("other@example.com", "Otto")
    assignment = Assignment.objects.get()
    admin = make_user("admin@example.com", is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = f"/admin/counseling/assignment/{assignment.pk}/change/"
    form = {
        "counselor": counselor.pk,
        "learner": other.pk,
        "created_at_0": "2030-01-01",
        "created_at_1": "10:00:00",
    }
    assert client.post(url, form).status_code == 302
    assignment.refresh_from_db()
    assert assignment.learner == on_caseload  # moving it would strand the first learner's line
    assert set(CaseloadRow.objects.values_list("learner__email", flat=True)) == {
        "learner@example.com"
    }
