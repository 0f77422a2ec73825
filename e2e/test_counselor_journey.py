"""A counselor reviews a learner on their caseload; the learner sees it and ticks the action off."""

import re

import pytest
from playwright.sync_api import expect

from assessments import gaps
from counseling.models import ActionItem, Assignment

pytestmark = pytest.mark.browser

ACTION = "Finish a Python testing course"
FEEDBACK = "A strong start. Docker is the gap that matters most: try the containers course."


def test_a_counselor_reviews_a_learner_who_then_sees_it_and_ticks_the_action_off(
    page, new_context, live_server, catalog, password, make_user, log_in, submit_result, screenshot
):
    counselor = make_user("counselor@example.com", "Cora Counselor", groups=["Counselors"])
    lena = make_user("learner@example.com", "Lena Learner")
    otto = make_user("other@example.com", "Otto Other")
    result = submit_result(lena, catalog, level=3, levels={"docker": 1})
    submit_result(otto, catalog, level=1)
    for learner in (lena, otto):
        Assignment.objects.assign(counselor=counselor, learner=learner)
    submit_result(make_user("uma@example.com", "Uma Unassigned"), catalog, level=5)
    lena_band, otto_band = (
        gaps.band(float(result.readiness)),
        gaps.band(float(otto.assessments.get().readiness)),
    )
    assert lena_band != otto_band

    # The caseload lists the counselor's own learners only, and filters by readiness band.
    log_in(page, counselor.email, password)
    page.get_by_role("link", name="Counselor workspace").click()
    expect(page.get_by_role("heading", name="Needs attention")).to_be_visible()
    page.get_by_role("link", name="Caseload", exact=True).click()
    expect(page.get_by_role("heading", name="Your caseload")).to_be_visible()
    caseload = page.get_by_role("table")
    expect(caseload.get_by_role("link", name="Lena Learner")).to_be_visible()
    expect(caseload.get_by_role("link", name="Otto Other")).to_be_visible()
    expect(page.get_by_text("Uma Unassigned")).to_have_count(0)
    page.get_by_label("Readiness band").select_option(label=lena_band)
    page.get_by_role("button", name="Apply").click()
    expect(caseload.get_by_role("link", name="Otto Other")).to_have_count(0)
    screenshot(page, "counselor-caseload-filtered")

    # Open the learner and record validated levels.
    caseload.get_by_role("link", name="Lena Learner").click()
    expect(page.get_by_role("heading", name="Lena Learner", level=1)).to_be_visible()
    review = page.get_by_role("region", name=re.compile("^Your review of the .*validated levels$"))
    review.get_by_label("Counselor's level for Python").select_option(label="2 · Beginner")
    review.get_by_label("Counselor's level for Docker").select_option(label="1 · Awareness")
    review.get_by_role("button", name="Save your levels").click()
    expect(page.get_by_text("Your levels are saved; the learner now sees them.")).to_be_visible()

    # Post feedback and an action item.
    notes = page.get_by_role("region", name="Notes")
    notes.get_by_role("radio", name="Feedback to the learner").check()
    notes.get_by_role("textbox", name=re.compile("^Note")).fill(FEEDBACK)
    notes.get_by_role("button", name="Save note").click()
    expect(
        page.get_by_text("Feedback sent: the learner sees it on their dashboard.")
    ).to_be_visible()
    actions = page.get_by_role("region", name="Action items")
    actions.get_by_role("textbox", name=re.compile("^Action item")).fill(ACTION)
    actions.get_by_role("button", name="Add action item").click()
    expect(page.get_by_text("Action item added")).to_be_visible()
    expect(page.get_by_role("region", name="Action items")).to_contain_text(f"{ACTION} Open")
    screenshot(page, "counselor-review")

    # The learner sees the review on their dashboard and ticks the action item off.
    learner_page = new_context().new_page()
    log_in(learner_page, lena.email, password)
    learner_page.get_by_role("link", name=re.compile("latest report$")).click()
    expect(learner_page.get_by_text("validated by a counselor")).to_be_visible()
    python = learner_page.get_by_role("row", name=re.compile(r"^Python "))
    expect(python).to_contain_text("2 · Beginner")
    feedback = learner_page.get_by_role("region", name="Feedback from your counselors")
    expect(feedback).to_contain_text(FEEDBACK)
    expect(feedback).to_contain_text("Cora Counselor")
    todo = learner_page.get_by_role("region", name="Action items")
    todo.get_by_role("button", name=f"Mark “{ACTION}” done").click()
    expect(todo.get_by_role("button", name=f"Mark “{ACTION}” not done")).to_be_visible()
    expect(todo).to_contain_text("Done")
    assert ActionItem.objects.get(text=ACTION).is_done

    # The counselor sees it done.
    page.reload()
    expect(page.get_by_role("region", name="Action items")).to_contain_text(f"{ACTION} Done")
