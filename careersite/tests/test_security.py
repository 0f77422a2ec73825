"""Production settings, headers, error pages and login throttling."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
BASE_DIR = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "False",
    "SECRET_KEY": "a-production-secret-that-is-long-enough-and-random-4f9c2b7e1d8a6035",
    "ALLOWED_HOSTS": "careers.example.edu",
    "CSRF_TRUSTED_ORIGINS": "https://careers.example.edu",
    "EMAIL_URL": "smtp://careersite:secret@mail.example.edu:587",
}


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_deploy_check_passes_with_the_documented_production_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_deploy_check_warns_when_mail_would_only_reach_the_console():
    env = {**PRODUCTION_ENV, "EMAIL_URL": "console://"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "careersite.W001" in result.stderr + result.stdout
    assert "Set EMAIL_URL to your mail server" in result.stderr + result.stdout


@pytest.mark.slow
def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_pages_carry_the_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    for directive in [
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "script-src 'self'",
    ]:
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_page_has_inline_script_or_style(client, learner, catalog):
    client.force_login(learner)
    for url in [
        "/",
        "/roles/",
        "/roles/mlops-engineer/",
        "/assessments/",
        "/assessments/new/mlops-engineer/",
        "/accounts/data/",
    ]:
        page = client.get(url).content.decode()
        assert "<script>" not in page and " style=" not in page, url


def test_admin_works_under_the_policy(client, staff, catalog):
    client.force_login(staff)
    response = client.get(f"/admin/roles/role/{catalog.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>" not in page


def test_unknown_pages_get_the_generic_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_argon2_is_the_first_hasher(settings):
    from django.conf import settings as live

    # The suite swaps in a fast hasher; the settings module itself puts Argon2 first.
    from careersite import settings as module

    assert module.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert len(live.AUTH_PASSWORD_VALIDATORS) == 4


def login(client, email, password, ip="203.0.113.9"):
    return client.post(
        "/accounts/login/",
        {"login": email, "password": password},
        HTTP_X_FORWARDED_FOR=ip,
    )


def test_five_failed_logins_lock_the_account_even_for_the_right_password(client, learner, password):
    for attempt in range(5):
        response = login(client, learner.email, "wrong password", ip=f"198.51.100.{attempt}")
        assert "Too many failed login attempts" not in response.content.decode()
    # Rotating X-Forwarded-For does not reset the per-account counter.
    response = login(client, learner.email, password, ip="192.0.2.77")
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_unknown_accounts_get_the_same_lockout_message(client):
    for _ in range(5):
        login(client, "nobody@example.com", "guess")
    response = login(client, "nobody@example.com", "guess")
    assert "Too many failed login attempts" in response.content.decode()


def test_failed_logins_are_logged_without_the_password(client, learner, caplog):
    login(client, learner.email, "hunter2-secret")
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "failed login for 'learner@example.com'" in logged
    assert "hunter2-secret" not in logged


def test_a_correct_login_works(client, learner, password):
    response = login(client, learner.email, password)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(learner.pk)
