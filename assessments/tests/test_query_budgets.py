"""Pages use a constant number of queries, whatever the number of skills or past results."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Assessment
from assessments.submission import submit_assessment
from assessments.views.learner import role_requirements
from conftest import make_role

pytestmark = pytest.mark.django_db


def submit(learner, role, level):
    requirements = role_requirements(role)
    return submit_assessment(
        assessment=Assessment(learner=learner, role=role, role_title=role.title),
        requirements=requirements,
        levels={r.skill_id: level for r in requirements},
        evidence={r.skill_id: "evidence" for r in requirements},
    )


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def small_and_large(learner):
    small, large = make_role("small", skills=5), make_role("large", skills=50)
    make_role("other", skills=8)  # a similar career to score fit against
    return small, large


def test_the_form_does_not_grow_with_skills(client, learner, small_and_large):
    client.force_login(learner)
    small, large = small_and_large
    assert queries(client, "/assessments/new/small/") == queries(client, "/assessments/new/large/")


def test_the_form_does_not_grow_with_past_results(client, learner, small_and_large):
    small, large = small_and_large
    submit(learner, small, 1)
    client.force_login(learner)
    one = queries(client, "/assessments/new/small/")
    for level in range(29):
        submit(learner, small, level % 6)
    assert queries(client, "/assessments/new/small/") == one


def test_the_dashboard_does_not_grow_with_skills_or_history(client, learner, small_and_large):
    small, large = small_and_large
    client.force_login(learner)
    first_small = submit(learner, small, 2)
    first_large = submit(learner, large, 2)
    # Uncached (first view) and cached (second view) both stay flat.
    uncached = queries(client, f"/assessments/{first_small.pk}/")
    assert queries(client, f"/assessments/{first_large.pk}/") == uncached
    cached = queries(client, f"/assessments/{first_small.pk}/")
    assert cached < uncached

    for level in range(29):
        latest = submit(learner, large, level % 6)
    assert queries(client, f"/assessments/{latest.pk}/") == uncached
    assert queries(client, f"/assessments/{latest.pk}/") == cached


def test_the_list_does_not_grow_with_results(client, learner, small_and_large):
    small, large = small_and_large
    client.force_login(learner)
    submit(learner, small, 1)
    one = queries(client, "/assessments/")
    for level in range(10):
        submit(learner, large, level % 6)
    assert queries(client, "/assessments/") == one


def test_a_new_result_refreshes_the_history_of_an_older_cached_report(client, learner):
    role = make_role("r", skills=3)
    client.force_login(learner)
    first = submit(learner, role, 1)
    assert "(this result)" in client.get(f"/assessments/{first.pk}/").content.decode()
    second = submit(learner, role, 3)
    page = client.get(f"/assessments/{first.pk}/").content.decode()
    assert f'href="/assessments/{second.pk}/"' in page
