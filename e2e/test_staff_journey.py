"""A content editor changes a required level in admin: new results use it, old ones do not."""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment, Rating
from roles.models import CONTENT_EDITORS_GROUP, Requirement

pytestmark = pytest.mark.browser


def python_row(page):
    return page.get_by_role("row", name=re.compile(r"^Python "))


def test_an_edited_required_level_reaches_new_results_and_leaves_old_ones_alone(
    page, new_context, live_server, catalog, password, make_user, log_in, submit_result
):
    make_user("staff@example.com", "Stan Staff", groups=[CONTENT_EDITORS_GROUP], is_staff=True)
    learner = make_user("learner@example.com", "Lena Learner")
    old = submit_result(learner, catalog, level=4)
    assert (
        old.readiness == 100
        and Requirement.objects.get(role=catalog, skill__slug="python").level == 4
    )

    # The editor opens admin, is sent to the site's one login form (the one with the lockout),
    # lands back in admin and raises Python for the MLOps engineer to Expert.
    page.goto("/admin/")
    page.get_by_label("Email").fill("staff@example.com")
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.get_by_role("link", name="Requirements", exact=True).click()
    page.get_by_role("textbox", name="Search").fill("Python")
    page.keyboard.press("Enter")
    filters = page.get_by_role("search", name="Filter")
    filters.get_by_role("link", name="MLOps engineer", exact=True).click()
    row = page.get_by_role("row").filter(has=page.get_by_role("cell", name="Python", exact=True))
    row.get_by_role("link", name="MLOps engineer").click()
    expect(page.get_by_label("Level")).to_have_value("4")
    page.get_by_label("Level").select_option(label="Expert")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    assert Requirement.objects.get(role=catalog, skill__slug="python").level == 5

    # The learner's old result reads exactly as before.
    learner_page = new_context().new_page()
    log_in(learner_page, "learner@example.com", password)
    learner_page.goto(old.get_absolute_url())
    expect(learner_page.get_by_text("You meet 100% of what")).to_be_visible()
    expect(python_row(learner_page)).to_contain_text("4 · Advanced 4 · Advanced")
    expect(python_row(learner_page)).to_contain_text("Met")

    # A new assessment asks for Expert, and its result is scored against it.
    learner_page.get_by_role("link", name="Retake assessment").click()
    # The form asks what the learner can do, not the target: their last answer is filled in.
    python = learner_page.get_by_role("group", name="Python", exact=True)
    expect(python.get_by_role("radio", name=re.compile("^4 · "))).to_be_checked()
    learner_page.get_by_role("button", name="Submit assessment").click()
    expect(learner_page.get_by_text("Assessment submitted.")).to_be_visible()
    expect(python_row(learner_page)).to_contain_text("4 · Advanced 5 · Expert")
    expect(python_row(learner_page)).to_contain_text("1 level short")
    new = Assessment.objects.get(is_latest=True)
    assert new.readiness < 100
    expect(learner_page.get_by_text(f"You meet {new.readiness:.0f}% of what")).to_be_visible()

    old.refresh_from_db()
    assert old.readiness == 100
    ratings = Rating.objects.filter(skill__slug="python")
    assert ratings.get(assessment=old).required_level == 4
    assert ratings.get(assessment=new).required_level == 5
