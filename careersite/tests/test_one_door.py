"""Every way of checking a password goes through the same limits (issue 12)."""

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed login attempts"


def log_in(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_the_admin_login_page_sends_people_to_the_one_login_form(client):
    response = client.get("/admin/login/?next=/admin/roles/role/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert "%2Fadmin%2Froles%2Frole%2F" in response["Location"]


def test_the_admin_login_form_checks_no_password(client, staff, password):
    # Before: admin's own form logged staff in here, outside the lockout.
    response = client.post("/admin/login/", {"username": staff.username, "password": password})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_a_locked_staff_account_cannot_get_into_admin_by_any_door(client, staff, password):
    for _ in range(5):
        log_in(client, staff.email, "wrong password")
    assert LOCKED in log_in(client, staff.email, password).content.decode()
    client.post("/admin/login/", {"username": staff.username, "password": password})
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_staff_signed_in_through_the_login_form_reach_admin(client, staff, password):
    response = log_in(client, staff.email, password)
    assert response.status_code == 302
    follow = client.get("/admin/login/?next=/admin/")
    assert follow.status_code == 302 and follow["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_signed_in_learner_is_refused_at_the_admin_login(client, learner):
    client.force_login(learner)
    assert client.get("/admin/login/").status_code == 403


def delete_with(client, password):
    return client.post("/accounts/data/", {"password": password})


def test_wrong_passwords_on_account_deletion_are_limited_and_logged(
    client, learner, password, caplog
):
    client.force_login(learner)
    for _ in range(5):
        response = delete_with(client, "not my password")
        assert response.status_code == 400
        assert "That password is not correct." in response.content.decode()
    response = delete_with(client, password)  # even the right one, for now
    assert response.status_code == 429
    assert "Too many wrong passwords" in response.content.decode()
    assert User.objects.filter(pk=learner.pk).exists()
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert f"wrong password on account deletion: user {learner.pk}" in logged
    assert "not my password" not in logged


def test_the_right_password_deletes_the_account_within_the_limit(client, learner, password):
    client.force_login(learner)
    delete_with(client, "not my password")
    response = delete_with(client, password)
    assert response.status_code == 302
    assert not User.objects.filter(pk=learner.pk).exists()
