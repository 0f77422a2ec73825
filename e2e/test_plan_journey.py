"""A learner turns the report's path into a plan, finishes a course, re-rates what it taught
and sees readiness rise; their counselor sees it too."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from assessments.models import Assessment, PlanItem
from counseling.models import Assignment

pytestmark = pytest.mark.browser


def sign_in_as(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value}
    page.context.clear_cookies()
    page.context.add_cookies([{**cookie, "url": live_server.url}])


@pytest.fixture
def learner_and_counselor(catalog, make_user):
    learner = make_user("learner@example.com", "Lena Learner")
    counselor = make_user("counselor@example.com", "Cora Counselor", groups=["Counselors"])
    Assignment.objects.assign(counselor=counselor, learner=learner)
    return learner, counselor


def test_plan_finish_rerate_and_see_it_rise(
    page, live_server, learner_and_counselor, audit, screenshot
):
    learner, counselor = learner_and_counselor
    sign_in_as(page, live_server, learner)
    page.goto("/assessments/new/mlops-engineer/")
    for group in page.locator("fieldset.skill-group").all():
        group.get_by_role("radio", name=re.compile(r"^1 · ")).check()
    page.get_by_role("button", name="Submit assessment").click()
    expect(page.get_by_text("Assessment submitted. Here is your report.")).to_be_visible()
    first = Assessment.objects.get(learner=learner)
    page.get_by_role("link", name="Make this path your plan").click()
    page.get_by_role("button", name="Adopt the suggested path as my plan").click()
    expect(page.get_by_role("heading", name="Your plan: MLOps engineer")).to_be_visible()
    items = list(PlanItem.objects.order_by("position"))
    assert items and page.locator("article.plan-item").count() == len(items)
    assert audit(page, "learner-plan") == []

    # The first course with two skills or more is the one finished.
    course = next(item for item in items if item.skills.count() >= 2)
    card = page.locator(f"#item-{course.pk}")
    card.get_by_label("Status").select_option(label="Done")
    card.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="MLOps engineer self-assessment")).to_be_visible()
    skills = list(course.skills.order_by("name"))
    taught = [skill.name for skill in skills]
    highlighted = page.locator("fieldset.is-rerating legend").all_inner_texts()
    assert sorted(text.replace("Re-rate", "").strip() for text in highlighted) == taught
    assert audit(page, "learner-rerate-form") == []

    for skill in skills[:2]:
        group = page.locator(f"#skill-{skill.pk}")
        group.get_by_role("radio", name=re.compile(r"^3 · ")).check()
    page.get_by_role("button", name="Submit assessment").click()
    expect(page.get_by_text("Assessment submitted. Here is your report.")).to_be_visible()
    second = Assessment.objects.get(learner=learner, is_latest=True)
    assert second.readiness > first.readiness
    rise = round(second.readiness - first.readiness)
    expect(page.get_by_text(f"+{rise} points", exact=False).first).to_be_visible()

    page.get_by_role("link", name="Your plan", exact=True).click()
    expect(page.locator(f"#item-{course.pk}")).to_contain_text(f"{taught[0]}: 1 → 3")
    expect(page.locator(f"#item-{course.pk}")).to_contain_text(f"{taught[1]}: 1 → 3")
    screenshot(page, "learner-plan-after-rerating")

    sign_in_as(page, live_server, counselor)
    page.goto(f"/counselor/learners/{learner.pk}/")
    page.get_by_role("link", name="Learning plans").click()
    plans = page.locator("#plans")
    expect(plans).to_contain_text(f"1 of {len(items)} done")
    expect(plans).to_contain_text(f"{course.title} · Done")
    expect(plans).to_contain_text(f"{taught[0]} 1 → 3")
    screenshot(page, "counselor-learner-plans")
    assert audit(page, "counselor-learner-plans") == []
    page.get_by_role("link", name="Add to this plan for MLOps engineer").click()
    page.get_by_label("What will you do?").fill("Present your pipeline to the team")
    page.get_by_label("Docker").check()
    assert audit(page, "counselor-plan-add") == []
    page.get_by_role("button", name="Add the task").click()
    expect(page.locator("#plans")).to_contain_text("Present your pipeline to the team")
