"""The account pages in the site's own words and look, and where a login lands each person."""

import re

import pytest
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders

from roles.models import Role

pytestmark = pytest.mark.django_db

START = "/assessments/new/test-role/"
START_QUOTED = "%2Fassessments%2Fnew%2Ftest-role%2F"  # as allauth passes `next` on


def log_in(client, user, password, next_url=None):
    data = {"login": user.email, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post("/accounts/login/", data)


def sign_up(client, password, name="Nia New", email="nia@example.com", **options):
    data = {"email": email, "name": name, "password1": password, "password2": password}
    return client.post("/accounts/signup/", data, **options)


def meta_description(page):
    found = re.search(r'<meta name="description" content="([^"]*)">', page)
    return found and found.group(1)


# Where a login lands


def test_a_learner_lands_on_my_assessments(client, learner, password):
    assert log_in(client, learner, password)["Location"] == "/assessments/"


def test_a_counselor_lands_on_their_caseload(client, counselor, password):
    assert log_in(client, counselor, password)["Location"] == "/counselor/"


def test_a_content_editor_lands_in_admin(client, staff, password):
    assert log_in(client, staff, password)["Location"] == "/admin/"


def test_a_counselor_who_is_also_staff_lands_on_their_caseload(client, make_user, password):
    both = make_user("both@example.com", "Bo Both", groups=["Counselors"], is_staff=True)
    assert log_in(client, both, password)["Location"] == "/counselor/"


@pytest.mark.parametrize("person", ["learner", "counselor", "staff"])
def test_an_explicit_next_wins(request, client, password, person):
    user = request.getfixturevalue(person)
    assert log_in(client, user, password, next_url="/roles/")["Location"] == "/roles/"


def test_a_new_learner_lands_on_my_assessments(client, password):
    assert sign_up(client, password)["Location"] == "/assessments/"


# The welcome


def test_signing_up_greets_the_person_by_the_name_they_gave(client, password):
    page = sign_up(client, password, follow=True).content.decode()
    assert "Welcome, Nia New." in page
    assert "Successfully signed in" not in page
    assert User.objects.get(email="nia@example.com").first_name == "Nia New"


def test_logging_in_greets_the_person_by_name(client, learner, password):
    page = client.get(log_in(client, learner, password)["Location"]).content.decode()
    assert "Welcome, Lena Learner." in page
    assert "Successfully signed in" not in page


def test_the_greeting_is_escaped_once(client, make_user, password):
    person = make_user("sean@example.com", "Seán O'Neil & Co")
    page = client.get(log_in(client, person, password)["Location"]).content.decode()
    assert "Welcome, Seán O&#x27;Neil &amp; Co." in page


def test_without_a_name_the_greeting_uses_the_email_address(client, make_user, password):
    person = make_user("nameless@example.com")
    page = client.get(log_in(client, person, password)["Location"]).content.decode()
    assert "Welcome, nameless@example.com." in page


# From a role to signup and back


def test_start_the_assessment_sends_a_visitor_to_sign_up_and_back(client, make_role):
    make_role()
    page = client.get("/roles/test-role/").content.decode()
    assert f'href="/accounts/signup/?next={START}">Start assessment</a>' in page


def test_start_the_assessment_takes_a_learner_straight_to_it(client, make_role, learner):
    make_role()
    client.force_login(learner)
    page = client.get("/roles/test-role/").content.decode()
    assert f'href="{START}">Start assessment</a>' in page


def test_the_home_page_start_link_sends_a_visitor_to_sign_up_and_back(client, catalog):
    page = client.get("/").content.decode()
    assert 'href="/accounts/signup/?next=/assessments/new/mlops-engineer/"' in page


def test_signing_up_from_a_role_leads_to_its_assessment(client, make_role, password):
    make_role()
    response = client.post(
        f"/accounts/signup/?next={START}",
        {
            "email": "nia@example.com",
            "name": "Nia",
            "password1": password,
            "password2": password,
            "next": START,
        },
    )
    assert response["Location"] == START


def test_the_signup_page_links_to_log_in_keeping_next(client):
    page = client.get(f"/accounts/signup/?next={START}").content.decode()
    assert f'<a href="/accounts/login/?next={START_QUOTED}">Log in</a>' in page


def test_the_login_page_links_to_sign_up_keeping_next(client):
    page = client.get(f"/accounts/login/?next={START}").content.decode()
    assert f'<a href="/accounts/signup/?next={START_QUOTED}">Sign up</a>' in page


# One wording, and the site's form look


@pytest.mark.parametrize(
    "url, heading", [("/accounts/login/", "Log in"), ("/accounts/signup/", "Sign up")]
)
def test_login_and_signup_say_log_in_and_sign_up(client, url, heading):
    page = client.get(url).content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert re.search(rf"<button[^>]*>{heading}</button>", page)
    assert f"<title>{heading} · careersite</title>" in page
    for other in ["Sign In", "Sign in", "Sign Up", "Signup", "sign in"]:
        assert other not in page


def test_the_logout_page_says_log_out(client, learner):
    client.force_login(learner)
    page = client.get("/accounts/logout/").content.decode()
    assert "<h1>Log out</h1>" in page and "Sign Out" not in page


def test_signup_fields_have_labels_above_bootstrap_inputs(client):
    page = client.get("/accounts/signup/").content.decode()
    for field, label in [("email", "Email"), ("name", "Your name"), ("password1", "Password")]:
        assert f'<label class="form-label" for="id_{field}">{label}</label>' in page
        assert re.search(rf'<input [^>]*class="[^"]*form-control[^"]*"[^>]*id="id_{field}"', page)
    # as_p put the password rules' <ul> inside a <span> inside a <p>: invalid HTML.
    assert "<p>" not in page.split("<form", 1)[1].split("</form>", 1)[0]


def test_the_password_rules_are_tied_to_their_input(client):
    page = client.get("/accounts/signup/").content.decode()
    assert 'aria-describedby="id_password1_helptext"' in page
    assert 'id="id_password1_helptext"><ul>' in page


def test_a_field_error_is_tied_to_its_input(client, password):
    response = client.post(
        "/accounts/signup/",
        {"email": "nia@example.com", "name": "Nia", "password1": password, "password2": "other"},
    )
    page = response.content.decode()
    assert re.search(
        r'<input [^>]*aria-describedby="id_password2_error"[^>]*id="id_password2"', page
    )
    assert re.search(r'id="id_password2_error">You must type the same password each time', page)


def test_a_failed_login_is_announced(client, learner):
    page = client.post(
        "/accounts/login/", {"login": learner.email, "password": "wrong"}
    ).content.decode()
    assert re.search(r'role="alert"><p class="mb-0">The email address and/or password', page)


def test_logging_out_says_logged_out(client, learner):
    client.force_login(learner)
    page = client.post("/accounts/logout/", follow=True).content.decode()
    assert "You have logged out." in page


# Favicon and description


def test_every_page_links_the_favicon(client, make_role):
    make_role()
    for url in ["/", "/roles/test-role/", "/accounts/login/"]:
        assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in (
            client.get(url).content.decode()
        )


def test_favicon_ico_is_the_svg(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.svg"


def test_the_favicon_is_a_static_file():
    path = finders.find("favicon.svg")
    assert path and open(path).read().lstrip().startswith("<svg")


def test_the_home_page_describes_itself(client, catalog):
    description = meta_description(client.get("/").content.decode())
    assert description.startswith("How close are you to becoming an MLOps engineer?")


def test_a_role_page_is_described_by_its_summary(client, make_role):
    make_role()
    Role.objects.update(summary="Keeps models running in production & measured.")
    description = meta_description(client.get("/roles/test-role/").content.decode())
    assert description == "Keeps models running in production &amp; measured."


def test_a_long_summary_is_cut_to_a_snippet(client, make_role):
    make_role()
    Role.objects.update(summary="word " * 100)
    description = meta_description(client.get("/roles/test-role/").content.decode())
    assert len(description) <= 160 and description.endswith("…")


@pytest.mark.parametrize("url", ["/roles/", "/accounts/login/", "/accounts/signup/"])
def test_other_public_pages_carry_a_description(client, url):
    assert "skills" in meta_description(client.get(url).content.decode())
