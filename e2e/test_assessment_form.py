"""The assessment form as a learner meets it in Chromium: short enough to finish, a count of
what is done, skills to jump to, and an incomplete submit that says what is missing."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from assessments.models import Assessment

pytestmark = pytest.mark.browser

FORM = "/assessments/new/mlops-engineer/"
TALLEST = 5000  # px at 1280 px wide, for the MLOps role's 20 skills


@pytest.fixture
def learner(catalog, make_user):
    return make_user("learner@example.com", "Lena Learner")


@pytest.fixture
def signed_in(page, live_server, learner):
    """The page, signed in as the learner (the login form has tests of its own)."""
    client = Client()
    client.force_login(learner)
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value}
    page.context.add_cookies([{**cookie, "url": live_server.url}])
    return page


def rate(page, skill, level):
    group = page.get_by_role("group", name=skill, exact=True)
    group.get_by_role("radio", name=re.compile(rf"^{level} · ")).check()


def test_the_form_counts_what_is_rated_and_jumps_to_any_skill(signed_in, screenshot):
    page = signed_in
    page.goto(FORM)
    progress = page.locator(".form-actions [data-progress]")
    expect(progress).to_have_text("0 of 20 rated")
    rate(page, "Python", 3)
    rate(page, "Docker", 1)
    expect(progress).to_have_text("2 of 20 rated")
    expect(page.locator("summary [data-progress]")).to_have_text("2 of 20 rated")

    skills = page.get_by_role("navigation", name="Skills to rate")
    expect(skills.get_by_role("link")).to_have_count(20)
    expect(skills.get_by_role("link", name="Python · rated")).to_be_visible()
    expect(skills.get_by_role("link", name="Kubernetes", exact=True)).to_be_visible()
    skills.get_by_role("link", name="Kubernetes", exact=True).click()
    kubernetes = page.get_by_role("group", name="Kubernetes", exact=True)
    expect(kubernetes).to_be_in_viewport()
    # Saving is never more than the sticky bar away.
    bar = page.locator(".form-actions")
    expect(bar.get_by_role("button", name="Save", exact=True)).to_be_in_viewport()
    expect(bar.get_by_role("button", name="Submit", exact=True)).to_be_in_viewport()
    screenshot(page, "learner-assessment-form-desktop", docs=True)


def test_the_form_is_short_and_does_not_show_the_target_while_rating(signed_in):
    page = signed_in
    page.goto(FORM)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= TALLEST, f"the form is {height} px tall"
    python = page.get_by_role("group", name="Python", exact=True)
    expect(python).not_to_contain_text("Required")
    # Every level's descriptor is one click away.
    python.get_by_text("What each level means for Python").click()
    expect(python.locator("dd").first).to_be_visible()


def test_an_incomplete_submit_keeps_the_answers_and_links_each_missing_skill(signed_in):
    page = signed_in
    page.goto(FORM)
    rate(page, "Python", 4)
    page.get_by_role("group", name="Docker", exact=True).get_by_label("Evidence").fill("A course")
    page.get_by_role("button", name="Submit assessment").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("19 skills need attention")
    missing = summary.get_by_role("link")
    expect(missing).to_have_count(19)
    expect(summary.get_by_role("link", name="Python")).to_have_count(0)
    first = missing.first.text_content()
    # Focus is on the first missing skill, and every answer given is still there.
    expect(
        page.get_by_role("group", name=first, exact=True).get_by_role("radio").first
    ).to_be_focused()
    python = page.get_by_role("group", name="Python", exact=True)
    expect(python.get_by_role("radio", name=re.compile("^4 · "))).to_be_checked()
    docker = page.get_by_role("group", name="Docker", exact=True)
    expect(docker.get_by_label("Evidence")).to_have_value("A course")
    summary.get_by_role("link", name="Kubernetes").click()
    expect(page.get_by_role("group", name="Kubernetes", exact=True)).to_be_in_viewport()
    assert not Assessment.objects.exists()


def test_on_a_phone_the_form_is_one_column_with_large_targets(signed_in, viewports, screenshot):
    page = signed_in
    page.set_viewport_size(viewports["375px"])
    page.goto(FORM)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    small = page.evaluate(
        """() => [...document.querySelectorAll(
                 'form.assessment-form .level-option, form.assessment-form button,'
                 + ' form.assessment-form summary, .form-actions a')]
             .filter(e => e.getBoundingClientRect().height > 0)
             .filter(e => e.getBoundingClientRect().height < 44)
             .map(e => e.textContent.trim())"""
    )
    assert small == []
    fieldsets = page.evaluate(
        "[...document.querySelectorAll('fieldset.skill-group')]"
        ".map(f => Math.round(f.getBoundingClientRect().left))"
    )
    assert len(set(fieldsets)) == 1  # one column
    screenshot(page, "learner-assessment-form-375px", docs=True)
