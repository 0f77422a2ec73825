import pytest

pytestmark = pytest.mark.django_db


def test_signup_with_a_weak_password_is_refused_with_a_message(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "weak@example.com", "name": "W", "password1": "123", "password2": "123"},
    )
    assert response.status_code == 200
    assert "too short" in response.content.decode().lower()


def test_the_nav_shows_who_is_logged_in(client, learner):
    client.force_login(learner)
    page = client.get("/").content.decode()
    assert "Signed in as" in page and "learner@example.com" in page
    assert "My assessments" in page and "Log out" in page
    assert "Counselor workspace" not in page


def test_counselors_see_their_workspace_in_the_nav(client, counselor):
    client.force_login(counselor)
    assert "Counselor workspace" in client.get("/").content.decode()


def test_logout_is_a_post(client, learner):
    client.force_login(learner)
    client.get("/accounts/logout/")
    assert client.session.get("_auth_user_id") == str(learner.pk)
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_login_lands_on_my_assessments(client, learner, password):
    response = client.post("/accounts/login/", {"login": learner.email, "password": password})
    assert response["Location"] == "/assessments/"


def test_password_reset_sends_an_email(client, learner, deliver_mail):
    response = client.post("/accounts/password/reset/", {"email": learner.email})
    assert response.status_code == 302
    outbox = deliver_mail()
    assert len(outbox) == 1
    assert learner.email in outbox[0].to
    assert "/accounts/password/reset/key/" in outbox[0].body
