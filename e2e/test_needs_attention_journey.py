"""A counselor's morning on a phone: who needs attention, one learner reviewed, off the list."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Assessment, Rating
from counseling.caseload_store import refresh_learner
from counseling.models import ActionItem, Assignment, Note

pytestmark = pytest.mark.browser


@pytest.fixture
def mornings_caseload(catalog, make_user, submit_result):
    """Lena's result waits longest, Omar's is two days old, Pat has an overdue action item."""
    counselor = make_user("counselor@example.com", "Cora Counselor", groups=["Counselors"])
    people = {}
    for name, days in [("Lena Learner", 10), ("Omar Okafor", 2), ("Pat Park", None)]:
        person = make_user(f"{name.split()[0].lower()}@example.com", name)
        Assignment.objects.assign(counselor=counselor, learner=person)
        if days is not None:
            result = submit_result(person, catalog, level=3)
            moment = timezone.now() - timedelta(days=days)
            Assessment.objects.filter(pk=result.pk).update(submitted_at=moment)
            refresh_learner(person.pk)
        people[name] = person
    ActionItem.objects.add(
        learner=people["Pat Park"],
        author=counselor,
        text="Book a mock interview",
        due=timezone.localdate() - timedelta(days=3),
    )
    Note.objects.create(
        learner=people["Lena Learner"],
        author=counselor,
        kind="private",
        body="Ask about Kubernetes",
    )
    return counselor, people


def entries(page):
    return page.locator(".attention-entry h2 a").all_inner_texts()


def test_a_counselor_reviews_the_top_learner_on_a_phone(
    page, live_server, mornings_caseload, log_in, password, viewports, screenshot
):
    counselor, people = mornings_caseload
    page.set_viewport_size(viewports["375px"])
    log_in(page, counselor.email, password)

    expect(page.get_by_role("heading", name="Needs attention", level=1)).to_be_visible()
    assert entries(page) == ["Lena Learner", "Pat Park", "Omar Okafor"]
    top = page.locator(".attention-entry").first
    expect(top).to_contain_text("New MLOps engineer result, not reviewed by you")
    expect(page.locator(".attention-entry").nth(1)).to_contain_text("Action item overdue")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "needs-attention-375px")

    top.get_by_role("link", name="Lena Learner").click()
    expect(page.get_by_role("heading", name="Lena Learner", level=1)).to_be_visible()
    page.get_by_role("button", name="Mark reviewed").click()
    expect(page.get_by_text("Marked reviewed: it no longer counts")).to_be_visible()
    expect(page.locator("#results")).to_contain_text("(marked reviewed)")

    page.get_by_role("link", name="Review of levels").click()
    for skill, level in [("Python", "2 · Beginner"), ("Docker", "3 · Intermediate")]:
        select = page.get_by_label(f"Counselor's level for {skill}")
        box = select.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, f"{skill}'s select is off-screen"
        select.select_option(label=level)
    page.get_by_role("button", name="Save your levels").click()
    expect(page.get_by_text("Your levels are saved")).to_be_visible()
    validated = Rating.objects.filter(
        assessment__learner=people["Lena Learner"], validated_level__isnull=False
    )
    assert dict(validated.values_list("skill__slug", "validated_level")) == {
        "python": 2,
        "docker": 3,
    }

    page.get_by_role("link", name="Edit your note").click()
    page.get_by_label("Note").fill("Ask about Kubernetes and Helm")
    page.get_by_role("button", name="Save the note").click()
    expect(page.get_by_text("Note updated.")).to_be_visible()
    assert Note.objects.get().body == "Ask about Kubernetes and Helm"

    page.get_by_role("link", name="Needs attention").click()
    expect(page.get_by_role("heading", name="Needs attention", level=1)).to_be_visible()
    assert entries(page) == ["Pat Park", "Omar Okafor"]  # Lena's one reason is resolved
    screenshot(page, "needs-attention-after-review-375px")
