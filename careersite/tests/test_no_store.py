"""Pages and downloads for a signed-in user are never kept by a browser or a proxy."""

import pytest

from counseling.models import Assignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def role(make_role):
    return make_role("private")


@pytest.fixture
def result(learner, counselor, role, make_result):
    Assignment.objects.assign(counselor=counselor, learner=learner)
    return make_result(learner, role)


def assert_never_stored(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert "no-store" in response["Cache-Control"], url


def test_a_learners_pages_and_export_are_never_stored(client, learner, result):
    client.force_login(learner)
    for url in [
        "/assessments/",
        f"/assessments/{result.pk}/",
        "/assessments/new/private/",
        "/accounts/data/",
        "/accounts/data/download/",
    ]:
        assert_never_stored(client, url)


def test_a_counselors_pages_and_export_are_never_stored(client, counselor, learner, result):
    client.force_login(counselor)
    for url in [
        "/counselor/",
        "/counselor/export.csv",
        "/counselor/cohort/?role=private",
        f"/counselor/learners/{learner.pk}/",
        f"/counselor/learners/{learner.pk}/results/{result.pk}/",
        "/counselor/invitations/",
    ]:
        assert_never_stored(client, url)


def test_public_pages_keep_their_caching_for_anonymous_visitors(client, role):
    for url in ["/", "/roles/", "/roles/private/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" not in response.get("Cache-Control", ""), url
