"""The cohort view: figures for a small caseload, computed by hand."""

import pytest

from counseling.cohort import SkillGap, cohort_for
from counseling.models import Assignment
from roles.models import Requirement

pytestmark = pytest.mark.django_db

A, B = "cohort-skill-0", "cohort-skill-1"


@pytest.fixture
def role(make_role):
    role = make_role("cohort", skills=2)
    # Skill A: level 3, importance 2. Skill B: level 4, importance 5. Total weight 6 + 20 = 26.
    Requirement.objects.filter(role=role, skill__slug=A).update(level=3, importance=2)
    Requirement.objects.filter(role=role, skill__slug=B).update(level=4, importance=5)
    return role


@pytest.fixture
def cohort(counselor, other_counselor, learner, other_learner, role, make_user, make_result):
    third = make_user("third@example.com", "Tia Third")
    outsider = make_user("outsider@example.com")
    for person in (learner, other_learner, third):
        Assignment.objects.assign(counselor=counselor, learner=person)
    Assignment.objects.assign(counselor=other_counselor, learner=outsider)
    # Weighted gaps (A, B) and readiness of each latest result:
    make_result(learner, role, levels={A: 1, B: 4})  # (4, 0), 22/26 = 84.6% Nearly ready
    make_result(other_learner, role, levels={A: 3, B: 1})  # (0, 15), 11/26 = 42.3% Not yet
    make_result(third, role, levels={A: 5, B: 5})  # an older result: left out
    make_result(third, role, levels={A: 0, B: 2})  # (6, 10), 10/26 = 38.5% Not yet
    make_result(outsider, role, levels={A: 0, B: 0})  # not on this caseload
    return role


def test_the_figures_match_a_hand_computed_example(counselor, cohort):
    result = cohort_for(counselor, cohort)
    assert result.learners == 3
    assert result.bands == (
        ("Not yet ready", 2),
        ("Getting there", 0),
        ("Nearly ready", 1),
        ("Ready", 0),
    )
    b, a = result.skills  # largest average weighted gap first
    assert b == SkillGap(
        name="cohort skill 1",
        slug=B,
        rated=3,
        average=pytest.approx(25 / 3),
        by_band=(12.5, None, 0.0, None),
        blocking=2,
    )
    assert a == SkillGap(
        name="cohort skill 0",
        slug=A,
        rated=3,
        average=pytest.approx(10 / 3),
        by_band=(3.0, None, 4.0, None),
        blocking=2,
    )
    # Both block two learners; the larger average gap ranks first.
    assert [s.name for s in result.blocking] == ["cohort skill 1", "cohort skill 0"]


def test_the_page_shows_bands_blockers_heatmap_and_table(client, counselor, cohort):
    client.force_login(counselor)
    response = client.get("/counselor/cohort/", {"role": "cohort"})
    page = response.content.decode()
    assert response.status_code == 200 and page.count("<h1") == 1
    assert "Cohort: 3 learners" in page
    assert (
        '<th scope="row">Not yet ready</th><td><a href="/counselor/caseload/?role=cohort&amp;band='
        in page
    )
    assert "<strong>cohort skill 1</strong>: <a href=" in page
    assert ">2 of 3 learners</a> below the required level" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"' in page
    assert "cohort skill 1, All learners: 8.3" in page  # the cell's tooltip
    assert "<td>8.3</td>" in page and "<td>12.5</td>" in page and "<td>3.3</td>" in page
    assert "<style" not in page and "style=" not in page and "<script" not in page


def test_the_default_role_is_the_one_most_learners_have(
    client, counselor, learner, cohort, make_role, make_result
):
    make_result(learner, make_role("lonely", skills=1))
    client.force_login(counselor)
    page = client.get("/counselor/cohort/").content.decode()
    assert "Cohort: 3 learners" in page
    assert '<option value="cohort" selected>' in page and 'value="lonely"' in page


def test_an_unknown_role_falls_back_to_the_default(client, counselor, cohort):
    client.force_login(counselor)
    response = client.get("/counselor/cohort/", {"role": "no-such-role"})
    assert response.status_code == 200 and "Cohort: 3 learners" in response.content.decode()


def test_another_counselors_cohort_is_their_own(client, other_counselor, cohort):
    client.force_login(other_counselor)
    page = client.get("/counselor/cohort/", {"role": "cohort"}).content.decode()
    assert "Cohort: 1 learner" in page


def test_an_empty_caseload_says_so(client, counselor):
    client.force_login(counselor)
    page = client.get("/counselor/cohort/").content.decode()
    assert "No learner on your caseload has submitted a result yet." in page


def test_a_learner_joining_refreshes_the_cached_figures(
    client, counselor, cohort, make_user, make_result
):
    client.force_login(counselor)
    assert (
        "Cohort: 3 learners"
        in client.get("/counselor/cohort/", {"role": "cohort"}).content.decode()
    )
    newcomer = make_user("newcomer@example.com")
    make_result(newcomer, cohort, levels={A: 3, B: 4})
    Assignment.objects.assign(counselor=counselor, learner=newcomer)
    page = client.get("/counselor/cohort/", {"role": "cohort"}).content.decode()
    assert "Cohort: 4 learners" in page


def test_one_learner_leaving_and_another_joining_refreshes_the_figures(
    client, counselor, learner, cohort, make_user
):
    client.force_login(counselor)
    client.get("/counselor/cohort/", {"role": "cohort"})
    Assignment.objects.filter(counselor=counselor, learner=learner).delete()
    newcomer = make_user("newcomer@example.com")
    Assignment.objects.assign(counselor=counselor, learner=newcomer)
    page = client.get("/counselor/cohort/", {"role": "cohort"}).content.decode()
    assert "Cohort: 2 learners" in page


def csv_rows(response):
    import csv

    return list(csv.reader(response.content.decode().splitlines()))


def test_every_band_count_leads_to_exactly_those_learners(client, counselor, cohort):
    import re

    client.force_login(counselor)
    page = client.get(f"/counselor/cohort/?role={cohort.slug}").content.decode()
    # Each link to the caseload, with the first number its text shows.
    links = re.findall(r'href="/counselor/caseload/\?(role=[^"]+)">\D*(\d+)', page)
    assert ("role=cohort", "3") in links  # "Show these 3 learners in your caseload"
    below_links = {(q.replace("&amp;", "&"), n) for q, n in links if "below=" in q}
    assert below_links == {(f"role=cohort&below={B}", "2"), (f"role=cohort&below={A}", "2")}
    band_links = [(query, count) for query, count in links if "band=" in query]
    assert {(query.replace("&amp;", "&"), count) for query, count in band_links} == {
        ("role=cohort&band=not-yet-ready", "2"),
        ("role=cohort&band=nearly-ready", "1"),
    }
    for query, count in links:
        listed = csv_rows(client.get("/counselor/export.csv?" + query.replace("&amp;", "&")))
        assert len(listed) - 1 == int(count), query  # the filtered caseload, header aside


def test_the_cohort_figures_download_as_csv(client, counselor, cohort):
    client.force_login(counselor)
    response = client.get(f"/counselor/cohort.csv?role={cohort.slug}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="cohort-cohort-')
    header, *rows = csv_rows(response)
    assert header[:4] == [
        "Skill",
        "Learners rated",
        "Below the required level",
        "Average levels short × importance: all learners (3)",
    ]
    assert header[4:] == ["Not yet ready (2)", "Getting there (0)", "Nearly ready (1)", "Ready (0)"]
    by_skill = {row[0]: row[1:] for row in rows}
    # Skill B, weighted gaps 0, 15 and 10: average 8.33; not yet ready 12.5, nearly ready 0.
    assert by_skill["cohort skill 1"][:4] == ["3", "2", "8.33", "12.50"]


def test_there_is_no_cohort_csv_without_results(client, counselor):
    client.force_login(counselor)
    assert client.get("/counselor/cohort.csv").status_code == 404


def test_then_and_now_counts_each_learner_by_the_result_they_had_on_each_date(
    client, counselor, learner, other_learner, role, make_result
):
    from datetime import timedelta

    from django.utils import timezone

    from assessments.models import Assessment

    for person in (learner, other_learner):
        Assignment.objects.assign(counselor=counselor, learner=person)
    long_ago = timezone.now() - timedelta(days=100)
    old = make_result(learner, role, levels={A: 0, B: 0})  # 0%: not yet ready
    Assessment.objects.filter(pk=old.pk).update(submitted_at=long_ago)
    make_result(learner, role, levels={A: 5, B: 5})  # today: ready
    make_result(other_learner, role, levels={A: 3, B: 1})  # today only: 42.3%, not yet

    client.force_login(counselor)
    response = client.get(f"/counselor/cohort/then-and-now/?role={role.slug}")
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert comparison.then_date == timezone.localdate() - timedelta(days=90)
    assert (comparison.then.learners, comparison.now.learners) == (1, 2)
    bands = {band.label: (band.then, band.now, band.difference) for band in comparison.bands}
    assert bands["Not yet ready"] == (1, 1, 0)
    assert bands["Ready"] == (0, 1, 1)
    gaps_of_b = {skill.label: (skill.then, skill.now) for skill in comparison.skills}
    assert gaps_of_b["cohort skill 1"] == (20.0, 7.5)  # then 4×5; now (0 + 3×5) / 2
    page = response.content.decode()
    assert "1 learner with a result then; 2 now." in page


def test_then_and_now_refuses_dates_in_the_wrong_order_or_the_future(client, counselor, cohort):
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    client.force_login(counselor)
    yesterday = today - timedelta(days=1)
    backwards = client.get(
        f"/counselor/cohort/then-and-now/?role={cohort.slug}&then={today}&now={yesterday}"
    )
    assert backwards.status_code == 400
    assert "Pick a date before the second one." in backwards.content.decode()
    future = client.get(
        f"/counselor/cohort/then-and-now/?role={cohort.slug}&then={today}"
        f"&now={today + timedelta(days=3)}"
    )
    assert future.status_code == 400
    assert "not in the future" in future.content.decode()
    assert future.context["comparison"].now.role == cohort  # the role asked for still shows


def test_the_caseload_says_when_it_shows_only_learners_below_a_skills_level(
    client, counselor, cohort
):
    client.force_login(counselor)
    page = client.get(f"/counselor/caseload/?role={cohort.slug}&below={A}").content.decode()
    assert "Only learners below the required level in <strong>cohort skill 0</strong>" in page
    assert "Rows 1–2 of 2 matching." in page
    assert "Lena Learner" in page and "Tia Third" in page and "Otto Other" not in page
