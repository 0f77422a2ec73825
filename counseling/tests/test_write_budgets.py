"""A learner's submit refreshes every caseload copy once, in a bounded number of queries."""

import uuid

import pytest

from assessments.models import Assessment
from counseling.models import Assignment, CaseloadRow

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_three_caseloads(learner, make_user):
    for n in range(3):
        counselor = make_user(f"counselor{n}@example.com", groups=["Counselors"])
        Assignment.objects.assign(counselor=counselor, learner=learner)
    return learner


def ratings(role, level):
    data = {}
    for requirement in role.requirements.all():
        data[f"level_{requirement.skill_id}"] = level
        data[f"evidence_{requirement.skill_id}"] = "I did it"
    return data


def test_a_submit_of_twenty_skills_on_three_caseloads_costs_at_most_25_queries(
    client,
    on_three_caseloads,
    django_assert_max_num_queries,
    committed,
    make_role,
    make_result,
    deliver_mail,
):
    role = make_role("twenty", skills=20, level=4)
    earlier = make_result(on_three_caseloads, role, level=1)
    client.force_login(on_three_caseloads)
    client.get("/")  # the session's first page stores the navigation flag: a one-off write
    data = {"submit": "1", "token": str(uuid.uuid4()), **ratings(role, 3)}

    # What waits for the commit (new caseload stamps) runs after the budget: in a real request
    # the commit comes first. The counselors' news is one queued task inside it, whatever their
    # number; the worker writes to each.
    with committed(), django_assert_max_num_queries(25):
        response = client.post(f"/assessments/new/{role.slug}/", data)

    result = Assessment.objects.get(is_latest=True, role=role)
    assert response.status_code == 302 and response["Location"] == f"/assessments/{result.pk}/"
    assert result.pk != earlier.pk
    assert result.ratings.filter(level=3, required_level=4).count() == 20
    lines = CaseloadRow.objects.filter(learner=on_three_caseloads, role=role)
    assert sorted(line.assessment_id for line in lines) == [result.pk] * 3
    assert {line.trend for line in lines} == {result.readiness - earlier.readiness}
    assert len(deliver_mail()) == 3  # one message per counselor


def test_submitting_a_saved_draft_stays_within_the_budget(
    client, on_three_caseloads, django_assert_max_num_queries, make_role
):
    role = make_role("twenty", skills=20, level=4)
    client.force_login(on_three_caseloads)
    client.get("/")
    data = {"token": str(uuid.uuid4()), **ratings(role, 2)}
    client.post(f"/assessments/new/{role.slug}/", {"save": "1", **data})
    draft = Assessment.objects.get(status="draft")

    with django_assert_max_num_queries(25):  # the counselors' news queued, as one task
        response = client.post(f"/assessments/{draft.pk}/edit/", {"submit": "1", **data})

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "submitted"
    assert CaseloadRow.objects.filter(assessment=draft).count() == 3
