"""A learner's whole journey, driven through visible labels and roles as a person would."""

import json
import re

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment

pytestmark = pytest.mark.browser


def level(page, skill, number):
    """The radio for level `number` of one skill's fieldset."""
    group = page.get_by_role("group", name=skill, exact=True)
    return group.get_by_role("radio", name=re.compile(rf"^{number} · "))


def rate_every_unrated_skill(page, number):
    for group in page.locator("fieldset.skill-group").all():
        if not any(radio.is_checked() for radio in group.get_by_role("radio").all()):
            group.get_by_role("radio", name=re.compile(rf"^{number} · ")).check()


def test_a_learner_signs_up_assesses_themselves_retakes_and_downloads_their_data(
    page, live_server, catalog, password, screenshot, viewports
):
    # Sign up from the home page.
    page.goto("/")
    screenshot(page, "learner-home")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Email").fill("nia@example.com")
    page.get_by_label("Your name").fill("Nia New")
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password (again)").fill(password)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("Signed in as nia@example.com")).to_be_visible()

    # Start the MLOps assessment from the role profile and save a partial draft.
    page.get_by_role("link", name="Careers", exact=True).click()
    page.get_by_role("link", name="MLOps engineer").click()
    screenshot(page, "learner-role", docs=True)
    page.get_by_role("link", name="Start assessment").click()
    expect(page.get_by_role("heading", name="MLOps engineer self-assessment")).to_be_visible()
    level(page, "Python", 4).check()
    level(page, "Docker", 2).check()
    page.get_by_label("Evidence (optional)").first.fill("https://example.com/my-pipeline")
    page.evaluate("window.scrollTo(0, 0)")  # the top of the form, for the picture
    screenshot(page, "learner-assessment-form")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved. You can come back to it at any time.")).to_be_visible()

    # Come back later: the draft is listed and resumes with what was filled in.
    page.get_by_role("link", name="Careers", exact=True).click()
    page.get_by_role("link", name="My assessments").click()
    career = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="MLOps engineer")
    )
    expect(career).to_contain_text("Draft")
    page.get_by_role("link", name="Continue draft for MLOps engineer").click()
    expect(level(page, "Python", 4)).to_be_checked()
    expect(level(page, "Docker", 2)).to_be_checked()
    expect(page.get_by_label("Evidence (optional)").first).to_have_value(
        "https://example.com/my-pipeline"
    )

    # Submit with every skill rated and read the report.
    rate_every_unrated_skill(page, 3)
    page.get_by_role("button", name="Submit assessment").click()
    expect(page.get_by_text("Assessment submitted. Here is your report.")).to_be_visible()
    first = Assessment.objects.get(learner__email="nia@example.com")
    readiness = f"{first.readiness:.0f}%"
    expect(page.get_by_role("heading", name="MLOps engineer readiness")).to_be_visible()
    expect(
        page.get_by_text(f"You meet {readiness} of what the MLOps engineer role")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Next best skill")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"^Docker 2 · Beginner"))).to_contain_text(
        "2 levels short"
    )
    expect(page.get_by_role("heading", name="Learning path")).to_be_visible()
    screenshot(page, "learner-first-result")

    # Retake: the last answers are filled in; improve two skills and submit again.
    page.get_by_role("link", name="Retake assessment").click()
    expect(page.get_by_text("are filled in")).to_be_visible()
    expect(level(page, "Docker", 2)).to_be_checked()
    level(page, "Docker", 4).check()
    level(page, "Kubernetes", 4).check()
    page.get_by_role("button", name="Submit assessment").click()
    expect(page.get_by_text("Assessment submitted. Here is your report.")).to_be_visible()

    # Progress: the change since the first result, per skill and over time.
    second = Assessment.objects.get(learner__email="nia@example.com", is_latest=True)
    gain = second.readiness - first.readiness
    assert gain > 0
    expect(page.get_by_text(f"+{gain:.0f} points")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"^Docker 4 · Advanced"))).to_contain_text("+2")
    progress = page.get_by_role("region", name="Progress")
    expect(progress.get_by_role("img")).to_have_accessible_name(re.compile("Readiness"))
    expect(progress.get_by_role("row")).to_have_count(3)  # header and two results
    screenshot(page, "learner-dashboard-desktop", docs=True)
    page.set_viewport_size(viewports["375px"])
    screenshot(page, "learner-dashboard-375px", docs=True)

    # Download everything as JSON from the account page.
    page.get_by_role("link", name="nia@example.com").click()
    expect(page.get_by_role("heading", name="Your data", exact=True)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download my data").click()
    data = json.loads(open(download.value.path()).read())
    assert data["profile"]["email"] == "nia@example.com"
    assert [a["status"] for a in data["assessments"]] == ["submitted", "submitted"]
    assert "https://example.com/my-pipeline" in json.dumps(data)
