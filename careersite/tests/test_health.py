from unittest import mock

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "mail_queue": {"waiting": 0, "oldest_seconds": 0},
    }


def test_healthz_answers_503_when_the_database_does_not(client):
    # The one mock in the suite: a database outage cannot be staged inside a test transaction.
    with mock.patch("careersite.health.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_healthz_refuses_posts(client):
    assert client.post("/healthz").status_code == 405
