"""The counselor's learner page on a phone: the review of levels fits and saves."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from assessments.models import Rating
from counseling.models import Assignment

pytestmark = pytest.mark.browser


@pytest.fixture
def review_page(page, live_server, catalog, make_user, submit_result, viewports):
    learner = make_user("learner@example.com", "Lena Learner")
    counselor = make_user("counselor@example.com", "Cora Counselor", groups=["Counselors"])
    Assignment.objects.assign(counselor=counselor, learner=learner)
    result = submit_result(learner, catalog, level=3)
    client = Client()
    client.force_login(counselor)
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value}
    page.context.add_cookies([{**cookie, "url": live_server.url}])
    page.set_viewport_size(viewports["375px"])
    page.goto(f"/counselor/learners/{learner.pk}/")
    return page, result


def test_two_levels_are_validated_on_a_phone(review_page, screenshot):
    page, result = review_page
    page.get_by_role("link", name="Review of levels").click()
    for skill, level in [("Python", "2 · Beginner"), ("Docker", "4 · Advanced")]:
        select = page.get_by_label(f"Counselor's level for {skill}")
        box = select.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, f"{skill}'s select is off-screen"
        expect(select.locator("xpath=ancestor::tr")).to_contain_text("Required: 4 · Advanced")
        select.select_option(label=level)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "counselor-review-375px")
    page.get_by_role("button", name="Save your levels").click()
    expect(page.get_by_text("Your levels are saved")).to_be_visible()
    saved = dict(
        Rating.objects.filter(assessment=result, validated_level__isnull=False).values_list(
            "skill__slug", "validated_level"
        )
    )
    assert saved == {"python": 2, "docker": 4}
