"""One account per address, whatever its case, and signup that does not tell who is here."""

import importlib

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
