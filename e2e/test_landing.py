"""Each kind of person logs in through the real form and lands where their work is; the login
and signup pages pass axe at both widths."""

import re

import pytest
from playwright.sync_api import expect

from counseling.models import COUNSELORS_GROUP
from roles.models import CONTENT_EDITORS_GROUP

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "group_names, is_staff, landing, heading",
    [
        ((), False, r"/assessments/$", "My assessments"),
        ((COUNSELORS_GROUP,), False, r"/counselor/$", "Needs attention"),
        ((CONTENT_EDITORS_GROUP,), True, r"/admin/$", "Site administration"),
    ],
    ids=["learner", "counselor", "content-editor"],
)
def test_logging_in_lands_each_person_on_their_work(
    page, live_server, make_user, log_in, password, group_names, is_staff, landing, heading
):
    make_user("person@example.com", "Pat Person", groups=group_names, is_staff=is_staff)
    log_in(page, "person@example.com", password)
    expect(page).to_have_url(re.compile(landing))
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    expect(page.get_by_text("Welcome, Pat Person.", exact=True)).to_be_visible()


def test_a_visitor_starts_the_assessment_by_signing_up_and_lands_in_it(
    page, live_server, catalog, password
):
    page.goto("/roles/mlops-engineer/")
    page.get_by_role("link", name="Start assessment").click()
    expect(page.get_by_role("heading", name="Sign up")).to_be_visible()
    page.get_by_label("Email").fill("nia@example.com")
    page.get_by_label("Your name").fill("Nia New")
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password (again)").fill(password)
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(re.compile(r"/assessments/new/mlops-engineer/$"))
    expect(page.get_by_role("status")).to_contain_text("Welcome, Nia New.")


def test_a_learner_with_an_account_goes_from_sign_up_to_log_in_and_lands_in_the_assessment(
    page, live_server, catalog, make_user, password
):
    make_user("lena@example.com", "Lena Learner")
    page.goto("/roles/mlops-engineer/")
    page.get_by_role("link", name="Start assessment").click()
    page.get_by_role("main").get_by_role("link", name="Log in").click()
    page.get_by_label("Email").fill("lena@example.com")
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/assessments/new/mlops-engineer/$"))
    expect(page.get_by_role("status")).to_contain_text("Welcome, Lena Learner.")


def test_the_favicon_is_found_both_ways(page, live_server):
    page.goto("/")
    icon = page.locator("link[rel=icon]").get_attribute("href")
    for url in [icon, "/favicon.ico"]:
        response = page.request.get(url)
        assert response.ok and response.headers["content-type"].startswith("image/svg+xml")


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/signup/"])
def test_login_and_signup_have_no_wcag_violations(
    page, live_server, axe_violations, viewports, url
):
    page.goto(url)
    problems = []
    for width, viewport in viewports.items():
        page.set_viewport_size(viewport)
        problems += [f"{width}: {line}" for line in axe_violations(page)]
    assert problems == []
