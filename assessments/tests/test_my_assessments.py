"""My assessments: one card per career, with what the counselors left since; and ticking an
action item off brings the learner back to it."""

import re
from datetime import timedelta

import pytest

from counseling.models import ActionItem, Assignment, Note

pytestmark = pytest.mark.django_db


def card(page, title):
    """The card of one career on the page: its <li>, as text with tags."""
    cards = re.findall(r'<li class="card">.*?</li>', page, re.S)
    found = [c for c in cards if f">{title}<" in c]
    assert len(found) == 1, f"{len(found)} cards for {title}"
    return found[0]


def as_text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def two_careers(learner, counselor, make_role, make_result):
    """Two results and a retake in progress for Platform, one result for Data."""
    platform, data = make_role("platform", title="Platform"), make_role("data", title="Data")
    make_result(learner, platform, level=1)
    latest = make_result(learner, platform, level=2)
    only = make_result(learner, data, level=3)
    Assignment.objects.assign(counselor=counselor, learner=learner)
    add_item = ActionItem.objects.add
    add_item(learner=learner, author=counselor, assessment=latest, text="Read the docs")
    add_item(learner=learner, author=counselor, assessment=latest, text="Pair on CI")
    done = add_item(learner=learner, author=counselor, assessment=latest, text="Done already")
    done.toggle()
    Note.objects.create(learner=learner, author=counselor, assessment=latest, body="Well done")
    # Written before the Data result was submitted: not new for it.
    earlier = only.submitted_at - timedelta(days=1)
    Note.objects.create(
        learner=learner, author=counselor, assessment=only, body="Old", created_at=earlier
    )
    Note.objects.create(
        learner=learner, author=counselor, assessment=only, kind="private", body="Private"
    )
    return latest, only


def test_each_career_shows_its_latest_readiness_change_and_follow_up(client, learner, two_careers):
    latest, only = two_careers
    client.force_login(learner)
    page = client.get("/assessments/").content.decode()

    platform = card(page, "Platform")
    assert f'<a href="/assessments/{latest.pk}/" aria-label="Platform, latest report">' in platform
    text = as_text(platform)
    assert f"{latest.readiness:.0f}% ready" in text
    assert (
        f"Up {latest.readiness - latest.previous_readiness:.0f} points since your previous" in text
    )
    assert "2 open action items" in text and "New feedback" in text

    data = as_text(card(page, "Data"))
    assert f'href="/assessments/{only.pk}/"' in card(page, "Data")
    assert "Your first result for this career." in data
    assert "No open action items" in data and "New feedback" not in data  # old and private


def test_a_retake_makes_feedback_old_and_shows_the_draft(
    client, learner, counselor, two_careers, form_data
):
    latest, _ = two_careers
    client.force_login(learner)
    platform = latest.role
    client.post(f"/assessments/new/{platform.slug}/", form_data(platform, action="save"))
    page = client.get("/assessments/").content.decode()
    assert "Continue draft" in card(page, "Platform")  # the result's card, with the draft

    retake = client.post(f"/assessments/new/{platform.slug}/", form_data(platform, level=3))
    assert retake.status_code == 302
    page = client.get("/assessments/").content.decode()
    text = as_text(card(page, "Platform"))
    assert "Continue draft" not in text and "New feedback" not in text
    assert f'href="{retake["Location"]}"' in card(page, "Platform")
    # The items were set on the earlier result of the career: still open, still counted.
    assert "2 open action items" in text


def test_a_career_with_only_a_draft_continues_it(client, learner, make_role, form_data):
    role = make_role("fresh", title="Fresh")
    client.force_login(learner)
    client.post("/assessments/new/fresh/", form_data(role, action="save"))
    page = client.get("/assessments/").content.decode()
    text = as_text(card(page, "Fresh"))
    assert "Draft" in text and "Continue draft for Fresh" in text and "% ready" not in text


def test_follow_up_not_tied_to_a_result_counts_for_every_career(
    client, learner, counselor, two_careers
):
    ActionItem.objects.add(learner=learner, author=counselor, text="Update your CV")
    client.force_login(learner)
    page = client.get("/assessments/").content.decode()
    assert "3 open action items" in as_text(card(page, "Platform"))
    assert "1 open action item" in as_text(card(page, "Data"))


def test_it_shows_only_the_learners_own(client, other_learner, two_careers):
    client.force_login(other_learner)
    page = client.get("/assessments/").content.decode()
    assert '<li class="card">' not in page and "You have not started an assessment yet." in page


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/assessments/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_list_is_only_read(client, learner):
    client.force_login(learner)
    assert client.post("/assessments/").status_code == 405


def test_the_list_costs_the_same_few_queries_for_one_career_or_many(
    client, learner, counselor, make_role, make_result, page_queries
):
    client.force_login(learner)
    client.get("/")  # the session's first page stores the navigation flag: a one-off write
    Assignment.objects.assign(counselor=counselor, learner=learner)

    def career(slug):
        role = make_role(slug, skills=3)
        for level in (1, 2, 3):
            result = make_result(learner, role, level=level)
            ActionItem.objects.add(learner=learner, author=counselor, assessment=result, text="Go")
            Note.objects.create(learner=learner, author=counselor, assessment=result, body="Hi")

    career("first")
    # Session, user, the cards with their follow-up, the plans' items, the roles to start.
    one = page_queries("/assessments/", 5)
    for n in range(5):
        career(f"more-{n}")
    assert page_queries("/assessments/", 5) == one
    assert client.get("/assessments/").content.decode().count('<li class="card">') == 6


# Ticking an action item off, on the dashboard


@pytest.fixture
def item(learner, counselor, make_role, make_result):
    result = make_result(learner, make_role("r", skills=2))
    return ActionItem.objects.add(
        learner=learner, author=counselor, assessment=result, text="Ship a model"
    )


def test_ticking_an_item_returns_to_it_and_says_so(client, learner, item):
    client.force_login(learner)
    dashboard = f"/assessments/{item.assessment_id}/"
    toggle = f"/assessments/actions/{item.pk}/toggle/"
    assert f'id="action-{item.pk}"' in client.get(dashboard).content.decode()

    response = client.post(toggle, {"next": dashboard})
    assert response.status_code == 302 and response["Location"] == f"{dashboard}#action-{item.pk}"
    item.refresh_from_db()
    assert item.is_done
    assert "Marked done: Ship a model" in client.get(dashboard).content.decode()

    client.post(toggle, {"next": dashboard})
    item.refresh_from_db()
    assert not item.is_done
    page = client.get(dashboard).content.decode()
    assert "Marked not done: Ship a model" in page and "Marked done" not in page


def test_done_items_come_after_open_ones(client, learner, counselor, item):
    ActionItem.objects.add(learner=learner, author=counselor, text="Later")
    item.toggle()
    client.force_login(learner)
    page = client.get(f"/assessments/{item.assessment_id}/").content.decode()
    assert page.index("Later") < page.index("<s>Ship a model</s>")
    assert "1 still open" in page


def test_nobody_else_ticks_an_item(client, other_learner, item):
    client.force_login(other_learner)
    assert client.post(f"/assessments/actions/{item.pk}/toggle/").status_code == 404
    item.refresh_from_db()
    assert not item.is_done


def test_ticking_needs_a_post_and_a_login(client, learner, item):
    toggle = f"/assessments/actions/{item.pk}/toggle/"
    assert client.post(toggle)["Location"].startswith("/accounts/login/")
    client.force_login(learner)
    assert client.get(toggle).status_code == 405
    item.refresh_from_db()
    assert not item.is_done
