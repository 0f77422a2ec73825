import time

import pytest
from django.db import OperationalError

# The probes run in threads with connections of their own, which would wait on the locks of
# a test's open transaction (SQLite) or not see its rows (PostgreSQL): these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "mail_queue": {"waiting": 0, "oldest_seconds": 0},
    }


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    # A database outage cannot be staged inside a test transaction; the fault suite
    # (careersite/tests/test_faults.py) stops a real one.
    def refused(*args):
        raise OperationalError("connection refused")

    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", refused)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
    assert response.json()["mail_queue"] == "unknown"


def test_a_hung_probe_is_reported_within_two_seconds(client, monkeypatch):
    monkeypatch.setattr("careersite.health.probe_cache", lambda: time.sleep(5))
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < 2
    assert response.status_code == 503
    assert response.json()["cache"] == "timeout"
    assert response.json()["database"] == "ok"


def test_healthz_refuses_posts(client):
    assert client.post("/healthz").status_code == 405
