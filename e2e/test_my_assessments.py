"""My assessments and the report on a phone: nothing scrolls sideways, the report link is in
view, and axe finds nothing; ticking an action item off comes back to it."""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment
from counseling.models import ActionItem, Assignment, Note

pytestmark = pytest.mark.browser


@pytest.fixture
def lena(catalog, make_user, submit_result):
    """Two results for MLOps, one for DevOps, feedback and an open action item."""
    learner = make_user("learner@example.com", "Lena Learner")
    counselor = make_user("counselor@example.com", "Cora Counselor", groups=["Counselors"])
    devops = catalog.similar_roles.get(slug="devops-engineer")
    submit_result(learner, catalog, level=1)
    latest = submit_result(learner, catalog, level=2, levels={"python": 5, "docker": 0})
    submit_result(learner, devops, level=3)
    Assignment.objects.assign(counselor=counselor, learner=learner)
    Note.objects.create(learner=learner, author=counselor, assessment=latest, body="Great start")
    ActionItem.objects.add(
        learner=learner, author=counselor, assessment=latest, text="Finish a Docker tutorial"
    )
    return learner


@pytest.fixture
def signed_in(page, live_server, lena, log_in, password):
    log_in(page, lena.email, password)
    return page


def test_my_assessments_fits_a_phone_with_the_report_link_in_view(signed_in, viewports):
    page = signed_in
    page.set_viewport_size(viewports["375px"])
    page.goto("/assessments/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    latest = Assessment.objects.get(is_latest=True, role__slug="mlops-engineer")
    link = page.get_by_role("link", name="MLOps engineer, latest report")
    link.scroll_into_view_if_needed()
    box = link.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375, box
    expect(link).to_be_in_viewport()
    expect(page.get_by_role("listitem").filter(has=link)).to_contain_text("New feedback")
    link.click()
    expect(page).to_have_url(re.compile(f"{latest.get_absolute_url()}$"))


@pytest.mark.parametrize("width", ["desktop", "375px"])
def test_the_list_and_the_report_have_no_wcag_violations(
    signed_in, viewports, axe_violations, screenshot, width
):
    page = signed_in
    page.set_viewport_size(viewports[width])
    latest = Assessment.objects.get(is_latest=True, role__slug="mlops-engineer")
    problems = []
    for name, url in [("my-assessments", "/assessments/"), ("report", latest.get_absolute_url())]:
        page.goto(url)
        problems += [f"{name}: {line}" for line in axe_violations(page)]
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > viewports[width]["width"]:
            problems.append(f"{name}: scrolls sideways ({scroll_width} px wide)")
        screenshot(page, f"learner-{name}-{width}", docs=True)
    assert problems == []


def test_ticking_an_item_off_comes_back_to_it(signed_in, viewports):
    page = signed_in
    page.set_viewport_size(viewports["375px"])
    latest = Assessment.objects.get(is_latest=True, role__slug="mlops-engineer")
    page.goto(latest.get_absolute_url())
    summary = page.get_by_text("You have reached the required level in")
    feedback = page.get_by_role("region", name="Feedback from your counselors")
    table = page.get_by_role("region", name="Every skill, the gaps that matter most first")
    tops = [x.bounding_box()["y"] for x in (summary, feedback, table)]
    assert tops == sorted(tops)  # the summary, the counselor's follow-up, then the details

    page.get_by_role("button", name="Mark “Finish a Docker tutorial” done").click()
    item = ActionItem.objects.get()
    expect(page).to_have_url(re.compile(f"{latest.get_absolute_url()}#action-{item.pk}$"))
    expect(page.get_by_text("Marked done: Finish a Docker tutorial")).to_be_visible()
    expect(page.locator(f"#action-{item.pk}")).to_be_in_viewport()
    expect(page.locator(f"#action-{item.pk}")).to_contain_text("Done")
