"""A cache that is down costs speed, never a saved change, and never the lockout (issue 12)."""

import socket

import pytest

from counseling.models import Assignment, Note

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_down(settings):
    """Both cache aliases on a Redis port where nothing listens: every call is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    dead = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{port}/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    settings.CACHES = {"default": dead, "pages": {**dead, "KEY_PREFIX": "test"}}


def test_pages_are_built_from_the_database_while_the_cache_is_down(
    client, learner, counselor, catalog, make_result, cache_down
):
    Assignment.objects.assign(counselor=counselor, learner=learner)
    result = make_result(learner, catalog)
    client.force_login(learner)
    dashboard = client.get(f"/assessments/{result.pk}/")
    assert dashboard.status_code == 200
    assert "MLOps engineer readiness" in dashboard.content.decode()
    assert client.get("/assessments/new/mlops-engineer/").status_code == 200
    client.force_login(counselor)
    caseload = client.get("/counselor/")
    assert caseload.status_code == 200 and learner.email in caseload.content.decode()
    assert client.get("/counselor/cohort/").status_code == 200


def test_a_write_while_the_cache_is_down_is_saved_and_reported_as_saved(
    client, learner, counselor, catalog, make_result, cache_down
):
    Assignment.objects.assign(counselor=counselor, learner=learner)
    make_result(learner, catalog)
    client.force_login(counselor)
    response = client.post(
        f"/counselor/learners/{learner.pk}/notes/",
        {"kind": "feedback", "body": "Good progress on Docker."},
    )
    assert response.status_code == 302
    assert Note.objects.filter(learner=learner, body="Good progress on Docker.").count() == 1


def test_logins_wait_for_the_cache_rather_than_skip_the_lockout(
    client, learner, password, cache_down
):
    response = client.post("/accounts/login/", {"login": learner.email, "password": password})
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Try again in a minute" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_health_check_says_the_cache_is_down(client, cache_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"
    assert response.json()["database"] == "ok"
