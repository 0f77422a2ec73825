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
        rated=3,
        average=pytest.approx(25 / 3),
        by_band=(12.5, None, 0.0, None),
        blocking=2,
    )
    assert a == SkillGap(
        name="cohort skill 0",
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
    assert '<th scope="row">Not yet ready</th><td>2</td>' in page
    assert "<strong>cohort skill 1</strong>: 2 of 3 learners below the required level" in page
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
