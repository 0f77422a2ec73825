"""Pages use a constant number of queries, whatever the number of skills or past results."""

import pytest

from assessments.models import Assessment
from assessments.submission import submit_assessment
from assessments.views.learner import role_requirements

pytestmark = pytest.mark.django_db


def submit(learner, role, level):
    requirements = role_requirements(role)
    return submit_assessment(
        assessment=Assessment(learner=learner, role=role, role_title=role.title),
        requirements=requirements,
        levels={r.skill_id: level for r in requirements},
        evidence={r.skill_id: "evidence" for r in requirements},
    )


def sign_in(client, user):
    """Log in and open a first page, which stores the navigation flag in the session once."""
    client.force_login(user)
    client.get("/")


@pytest.fixture
def small_and_large(learner, make_role):
    small, large = make_role("small", skills=5), make_role("large", skills=50)
    make_role("other", skills=8)  # a similar career to score fit against
    return small, large


def test_the_form_does_not_grow_with_skills(client, learner, small_and_large, page_queries):
    sign_in(client, learner)
    # A first view loads the role's requirements; later ones reuse them until the catalog
    # changes. Both stay flat.
    first = [page_queries(f"/assessments/new/{role}/", 13) for role in ("small", "large")]
    again = [page_queries(f"/assessments/new/{role}/", 6) for role in ("small", "large")]
    assert first[0] == first[1] and again[0] == again[1]


def test_the_form_does_not_grow_with_past_results(client, learner, small_and_large, page_queries):
    small, large = small_and_large
    submit(learner, small, 1)
    sign_in(client, learner)
    client.get("/")  # the session's first page stores the navigation flag: a one-off write

    def first_then_again():
        # A new result is a new prefill: built on the first view, then read from the cache.
        return [page_queries("/assessments/new/small/", budget) for budget in (14, 5)]

    one = first_then_again()  # the first view also loads the role's requirements
    for level in range(29):
        submit(learner, small, level % 6)
    thirty = first_then_again()
    assert thirty[0] < one[0] and thirty[1] == one[1]


def test_the_dashboard_does_not_grow_with_skills_or_history(
    client, learner, small_and_large, page_queries
):
    small, large = small_and_large
    sign_in(client, learner)
    first_small = submit(learner, small, 2)
    first_large = submit(learner, large, 2)
    client.get(f"/assessments/{first_small.pk}/")  # caches the report
    # A report seen for the first time, and one read from the cache, both stay flat.
    uncached = page_queries(f"/assessments/{first_large.pk}/", 17)
    cached = page_queries(f"/assessments/{first_small.pk}/", 5)
    # Session, user, the result (whose it is), one cache read for the report and the catalog
    # stamp, and the follow-up's three lists in one statement, read fresh.
    assert cached == 5
    assert cached < uncached

    for level in range(28):
        submit(learner, large, level % 6)
    latest = submit(learner, large, 2)  # the first one's gaps: the same courses to read
    assert page_queries(f"/assessments/{latest.pk}/", 17) == uncached
    assert page_queries(f"/assessments/{latest.pk}/", 5) == cached


def test_follow_up_changes_reach_the_cached_dashboard(client, learner, counselor, small_and_large):
    from counseling.models import ActionItem, Assignment, Note

    small, _ = small_and_large
    result = submit(learner, small, 2)
    sign_in(client, learner)
    client.get(f"/assessments/{result.pk}/")
    assignment = Assignment.objects.assign(counselor=counselor, learner=learner)
    Note.objects.create(learner=learner, author=counselor, body="Keep going")
    item = ActionItem.objects.add(learner=learner, author=counselor, text="Pair on CI")
    page = client.get(f"/assessments/{result.pk}/").content.decode()
    assert "Keep going" in page and "Pair on CI" in page and "Cora Counselor can see" in page
    client.post(f"/assessments/actions/{item.pk}/toggle/")
    assert "<s>Pair on CI</s>" in client.get(f"/assessments/{result.pk}/").content.decode()
    assignment.delete()
    page = client.get(f"/assessments/{result.pk}/").content.decode()
    assert "Cora Counselor can see" not in page


def test_the_list_does_not_grow_with_results(client, learner, small_and_large, page_queries):
    small, large = small_and_large
    sign_in(client, learner)
    submit(learner, small, 1)
    one = page_queries("/assessments/", 5)
    for level in range(10):
        submit(learner, large, level % 6)
    assert page_queries("/assessments/", 5) == one


def test_a_new_result_refreshes_the_history_of_an_older_cached_report(client, learner, make_role):
    role = make_role("r", skills=3)
    sign_in(client, learner)
    first = submit(learner, role, 1)
    assert "(this result)" in client.get(f"/assessments/{first.pk}/").content.decode()
    second = submit(learner, role, 3)
    page = client.get(f"/assessments/{first.pk}/").content.decode()
    assert f'href="/assessments/{second.pk}/"' in page
