"""Sessions read through Redis (careersite/sessions.py), against a real Redis: the database
keeps every session, the cache only copies, and a cache that fails costs no page."""

import socket
import uuid

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from redis.exceptions import ConnectionError as RedisConnectionError

from careersite.sessions import COPY_SECONDS, ENDED, SessionStore

pytestmark = pytest.mark.django_db

REDIS = {
    "BACKEND": "careersite.redis_cache.RedisCache",
    "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
}


def _use_redis(settings, location):
    # A prefix of its own per test: parallel tests share the Redis database without meeting.
    prefix = uuid.uuid4().hex
    settings.CACHES = {
        "default": {**REDIS, "LOCATION": location, "KEY_PREFIX": prefix},
        "pages": {**REDIS, "LOCATION": location, "KEY_PREFIX": f"{prefix}-pages"},
    }
    settings.SESSION_ENGINE = "careersite.sessions"


@pytest.fixture
def redis_sessions(settings):
    """Redis database 12; what a test leaves there expires within COPY_SECONDS."""
    _use_redis(settings, "redis://127.0.0.1:6379/12")
    return caches["default"]


@pytest.fixture
def redis_down(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    _use_redis(settings, f"redis://127.0.0.1:{port}/0")


def _copy_of(client):
    return caches["default"].get(SessionStore.cache_key_prefix + client.session.session_key)


def test_a_signed_in_page_reads_the_session_from_redis_not_the_database(
    client, learner, redis_sessions
):
    client.force_login(learner)
    client.get("/assessments/")  # the first page notes in the session what the menu shows
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/assessments/")
    assert page.status_code == 200
    assert learner.email in page.content.decode()
    assert not [q for q in queries if "django_session" in q["sql"]]
    assert _copy_of(client)["_auth_user_id"] == str(learner.pk)


def _seconds_left(cache, client):
    key = cache.make_key(SessionStore.cache_key_prefix + client.session.session_key)
    return cache._cache.get_client().ttl(key)


def test_a_copy_is_kept_ten_minutes_at_most(client, learner, redis_sessions):
    client.force_login(learner)
    assert 0 < _seconds_left(redis_sessions, client) <= COPY_SECONDS
    redis_sessions.delete(SessionStore.cache_key_prefix + client.session.session_key)
    client.get("/assessments/")  # copied again from the database
    assert 0 < _seconds_left(redis_sessions, client) <= COPY_SECONDS


def test_a_session_missing_from_redis_is_read_from_the_database_and_copied_again(
    client, learner, redis_sessions
):
    client.force_login(learner)
    redis_sessions.delete(SessionStore.cache_key_prefix + client.session.session_key)
    page = client.get("/assessments/")
    assert page.status_code == 200 and learner.email in page.content.decode()
    assert _copy_of(client)["_auth_user_id"] == str(learner.pk)


def test_logging_out_ends_the_session_and_its_copy(client, learner, redis_sessions):
    client.force_login(learner)
    session_key = client.session.session_key
    client.post("/accounts/logout/")
    assert redis_sessions.get(SessionStore.cache_key_prefix + session_key) == ENDED
    client.cookies["sessionid"] = session_key  # the old cookie, replayed
    assert client.get("/assessments/").status_code == 302


def test_a_page_that_read_the_session_before_the_logout_does_not_bring_it_back(
    client, learner, redis_sessions, monkeypatch
):
    client.force_login(learner)
    session_key = client.session.session_key
    redis_sessions.delete(SessionStore.cache_key_prefix + session_key)  # the next page misses
    read_row = SessionStore._get_session_from_db

    def read_then_log_out(store):
        row = read_row(store)
        SessionStore(session_key).flush()  # the logout lands between the read and the copy
        return row

    monkeypatch.setattr(SessionStore, "_get_session_from_db", read_then_log_out)
    client.get("/assessments/")
    monkeypatch.undo()
    assert redis_sessions.get(SessionStore.cache_key_prefix + session_key) == ENDED
    client.cookies["sessionid"] = session_key
    assert client.get("/assessments/").status_code == 302


def test_a_change_whose_copy_cannot_be_written_leaves_no_older_copy(
    learner, redis_sessions, monkeypatch
):
    store = SessionStore()
    store["step"] = "before"
    store.save(must_create=True)

    def refused(*args, **kwargs):
        raise RedisConnectionError("refused")

    monkeypatch.setattr(redis_sessions, "set", refused)
    store["step"] = "after"
    store.save()
    monkeypatch.undo()
    assert redis_sessions.get(SessionStore.cache_key_prefix + store.session_key) is None
    assert SessionStore(store.session_key)["step"] == "after"


def test_deleting_an_account_ends_the_copies_of_its_other_sessions(
    client, learner, password, redis_sessions
):
    other_device = Client()
    other_device.force_login(learner)
    other_key = other_device.session.session_key
    client.force_login(learner)
    assert client.post("/accounts/data/", {"password": password}).status_code == 302
    assert redis_sessions.get(SessionStore.cache_key_prefix + other_key) == ENDED
    assert other_device.get("/assessments/").status_code == 302


def test_while_redis_is_down_people_stay_signed_in_and_can_log_out(
    client, learner, redis_down, caplog
):
    client.force_login(learner)
    page = client.get("/assessments/")
    assert page.status_code == 200 and learner.email in page.content.decode()
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/assessments/").status_code == 302
    assert "cache unavailable" in caplog.text
