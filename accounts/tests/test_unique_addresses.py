"""One account per address, whatever its case, and signup that does not tell who is here."""

import importlib
from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction

pytestmark = pytest.mark.django_db

unique_addresses = importlib.import_module("accounts.migrations.0001_unique_addresses")


def sign_up(client, email, password):
    return client.post(
        "/accounts/signup/",
        {"email": email, "name": "Nia New", "password1": password, "password2": password},
    )


def test_the_database_refuses_a_second_account_with_the_same_address_in_another_case(
    learner,
):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(username="twin", email=learner.email.upper(), password="x")
    assert User.objects.filter(email__iexact=learner.email).count() == 1


def test_a_verified_address_belongs_to_one_account(learner, other_learner):
    EmailAddress.objects.create(user=learner, email="shared@example.com", verified=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        EmailAddress.objects.create(user=other_learner, email="shared@example.com", verified=True)


def test_adding_an_address_another_account_uses_answers_as_any_address_does(
    client, learner, other_learner
):
    client.force_login(learner)
    taken = client.post("/accounts/email/", {"email": other_learner.email, "action_add": ""})
    free = client.post("/accounts/email/", {"email": "free@example.com", "action_add": ""})
    assert taken.status_code == free.status_code == 302
    assert User.objects.filter(email__iexact=other_learner.email).count() == 1


def test_users_without_an_address_are_not_a_clash(db):
    User.objects.create_user(username="first", email="")
    User.objects.create_user(username="second", email="")
    assert User.objects.filter(email="").count() == 2


def test_the_migration_names_the_addresses_it_cannot_make_unique(learner):
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX accounts_user_email_ci")
        User.objects.create_user(username="twin", email="LEARNER@example.com")
        with pytest.raises(RuntimeError, match=r"learner@example\.com \(2 rows in auth_user\)"):
            unique_addresses.refuse_clashes(apps, None)
        transaction.set_rollback(True)


def test_an_address_over_254_characters_is_refused_with_a_message(client, password):
    email = "a" * 244 + "@example.com"  # 256 characters
    response = sign_up(client, email, password)
    assert response.status_code == 200
    assert "at most 254 characters" in response.content.decode()
    assert not User.objects.exists()


def test_in_production_signup_answers_a_known_address_as_it_answers_a_new_one(
    client, settings, learner, password
):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    new = sign_up(client, "new@example.com", password)
    client.logout()
    known = sign_up(client, learner.email, password)
    assert (new.status_code, new["Location"]) == (known.status_code, known["Location"])
    assert "already" not in known.content.decode()
    assert User.objects.filter(email__iexact=learner.email).count() == 1
    # Neither is signed in until the address is confirmed.
    assert "_auth_user_id" not in client.session


def test_a_signup_that_loses_a_race_for_its_address_answers_as_a_known_address_does(
    client, settings, monkeypatch, password, deliver_mail
):
    """Another signup with the address commits after this one's check and before its insert:
    staged by an account that the check does not see."""
    from allauth.account.forms import BaseSignupForm

    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    User.objects.create_user(username="winner", email="race@example.com")
    with monkeypatch.context() as patch:
        patch.setattr(BaseSignupForm, "validate_unique_email", lambda form, value: value)
        lost = sign_up(client, "Race@example.com", password)
    client.logout()
    new = sign_up(client, "new@example.com", password)

    assert (lost.status_code, lost["Location"]) == (new.status_code, new["Location"])
    assert User.objects.filter(email__iexact="race@example.com").count() == 1
    to_race = [m for m in deliver_mail() if m.to == ["race@example.com"]]
    assert len(to_race) == 1  # "you already have an account", as for any known address


def test_a_signup_whose_confirmation_cannot_be_queued_leaves_no_account(
    client, settings, monkeypatch, password
):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"

    def queue_down(*args, **kwargs):
        raise IntegrityError("the task table refused the row")

    monkeypatch.setattr("careersite.mail.deliver", SimpleNamespace(enqueue=queue_down))
    with pytest.raises(IntegrityError):
        sign_up(client, "new@example.com", password)
    assert not User.objects.filter(email="new@example.com").exists()
    assert not EmailAddress.objects.filter(email="new@example.com").exists()


def test_admin_refuses_to_give_an_account_an_address_another_uses(
    client, make_user, learner, other_learner
):
    admin = make_user("root@example.com", is_staff=True, is_superuser=True)
    client.force_login(admin)
    joined = learner.date_joined
    response = client.post(
        f"/admin/auth/user/{learner.pk}/change/",
        {
            "username": learner.username,
            "email": other_learner.email.upper(),
            "first_name": learner.first_name,
            "is_active": "on",
            "date_joined_0": joined.strftime("%Y-%m-%d"),
            "date_joined_1": joined.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 200
    assert "Another account already uses this email address." in response.content.decode()
    learner.refresh_from_db()
    assert learner.email == "learner@example.com"
