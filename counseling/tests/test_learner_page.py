"""The learner page in the workspace: its summary, and counselors editing their own notes."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from counseling.models import ActionItem, Assignment, Note

pytestmark = pytest.mark.django_db


def test_a_counselor_edits_and_deletes_their_own_feedback_and_the_learner_sees_it(
    client, learner, counselor, catalog, make_result
):
    Assignment.objects.assign(counselor=counselor, learner=learner)
    result = make_result(learner, catalog)
    note = Note.objects.create(learner=learner, author=counselor, body="Docker first.")
    client.force_login(counselor)
    page = client.get(f"/counselor/learners/{learner.pk}/").content.decode()
    assert f"/counselor/learners/{learner.pk}/notes/{note.pk}/edit/" in page

    edited = client.post(
        f"/counselor/learners/{learner.pk}/notes/{note.pk}/edit/", {"body": "Kubernetes first."}
    )
    assert edited.status_code == 302 and edited["Location"].endswith(f"#note-{note.pk}")
    note.refresh_from_db()
    assert (note.body, note.kind) == ("Kubernetes first.", Note.Kind.FEEDBACK)
    assert note.edited_at is not None
    learner_view = Client()
    learner_view.force_login(learner)
    dashboard = learner_view.get(result.get_absolute_url()).content.decode()
    assert "Kubernetes first." in dashboard and "Docker first." not in dashboard

    deleted = client.post(f"/counselor/learners/{learner.pk}/notes/{note.pk}/delete/")
    assert deleted.status_code == 302
    assert not Note.objects.filter(pk=note.pk).exists()
    assert "Kubernetes first." not in learner_view.get(result.get_absolute_url()).content.decode()


def test_nobody_edits_or_deletes_another_counselors_note(
    client, learner, counselor, other_counselor
):
    Assignment.objects.assign(counselor=counselor, learner=learner)
    Assignment.objects.assign(counselor=other_counselor, learner=learner)
    note = Note.objects.create(learner=learner, author=counselor, body="Mine.")
    client.force_login(other_counselor)
    base = f"/counselor/learners/{learner.pk}/notes/{note.pk}"
    page = client.get(f"/counselor/learners/{learner.pk}/").content.decode()
    assert "Mine." in page and f"{base}/edit/" not in page  # read, not change
    assert client.get(f"{base}/edit/").status_code == 404
    assert client.post(f"{base}/edit/", {"body": "Theirs."}).status_code == 404
    assert client.post(f"{base}/delete/").status_code == 404
    note.refresh_from_db()
    assert note.body == "Mine."


def test_a_note_about_a_learner_who_left_the_caseload_cannot_be_changed(client, learner, counselor):
    assignment = Assignment.objects.assign(counselor=counselor, learner=learner)
    note = Note.objects.create(learner=learner, author=counselor, body="Mine.")
    assignment.end()
    client.force_login(counselor)
    base = f"/counselor/learners/{learner.pk}/notes/{note.pk}"
    assert client.post(f"{base}/delete/").status_code == 404
    assert Note.objects.filter(pk=note.pk).exists()


def test_an_empty_edit_is_refused_and_the_note_kept(client, learner, counselor):
    Assignment.objects.assign(counselor=counselor, learner=learner)
    note = Note.objects.create(learner=learner, author=counselor, body="Mine.")
    client.force_login(counselor)
    response = client.post(f"/counselor/learners/{learner.pk}/notes/{note.pk}/edit/", {"body": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    note.refresh_from_db()
    assert note.body == "Mine."


def test_the_summary_says_readiness_change_items_feedback_and_calibration(
    client, counselor, learner, catalog, make_result
):
    Assignment.objects.assign(counselor=counselor, learner=learner)
    make_result(learner, catalog, level=2)
    latest = make_result(learner, catalog, level=3)
    latest.ratings.filter(skill__slug="python").update(validated_level=1)  # rated 3: 2 above
    yesterday = timezone.localdate() - timedelta(days=1)
    ActionItem.objects.add(learner=learner, author=counselor, text="Overdue", due=yesterday)
    ActionItem.objects.add(learner=learner, author=counselor, text="Open")
    Note.objects.create(learner=learner, author=counselor, body="Well done")
    client.force_login(counselor)
    page = client.get(f"/counselor/learners/{learner.pk}/").content.decode()
    summary = page[page.index('id="summary-heading"') : page.index('id="results-heading"')]
    assert "% ready</strong> · up " in summary and "since the previous result" in summary
    assert "2 open" in summary and "1 overdue" in summary
    assert "from Cora Counselor" in summary
    assert "rates themself higher than the counselor by about 2.0 levels" in summary


def test_the_report_shown_lists_the_progress_of_its_own_role_oldest_first(
    client, counselor, learner, make_role, make_result
):
    """The page passes the results it has read to the report: other roles' stay out of it."""
    shown, other = make_role("shown-role"), make_role("other-role")
    Assignment.objects.assign(counselor=counselor, learner=learner)
    first = make_result(learner, shown, level=1)  # 33% of level 3 everywhere
    make_result(learner, other, level=3)  # 100%
    make_result(learner, shown, level=2)  # 67%
    client.force_login(counselor)
    for url in (
        f"/counselor/learners/{learner.pk}/",
        f"/counselor/learners/{learner.pk}/results/{first.pk}/",
    ):
        page = client.get(url).content.decode()
        progress = page[page.index('id="history-heading"') : page.index('id="details-heading"')]
        readiness = [cell.split("%")[0] for cell in progress.split("<td>")[1:]]
        assert readiness == ["33", "67"], url


def test_the_page_costs_the_same_queries_however_much_it_shows(
    client, learner, other_learner, counselor, make_role, make_result, page_queries
):
    """A learner with one result and nothing else costs what one with results for two roles,
    notes, action items and reviewed levels does, each report rendered and stored."""
    first, second = make_role("first-role", skills=3), make_role("second-role", skills=8)
    for person in (learner, other_learner):
        Assignment.objects.assign(counselor=counselor, learner=person)
    make_result(other_learner, first)
    for level in (1, 2, 3):
        make_result(learner, first, level=level)
    latest = make_result(learner, second)
    for n in range(3):
        Note.objects.create(learner=learner, author=counselor, body=f"Note {n}")
        ActionItem.objects.create(learner=learner, author=counselor, text=f"Item {n}")
    client.force_login(counselor)
    levels = {f"validated_{r.skill_id}": "4" for r in latest.ratings.all()}
    saved = client.post(f"/counselor/learners/{learner.pk}/results/{latest.pk}/levels/", levels)
    assert saved.status_code == 302
    client.get("/")  # the navigation's flag is stored in the session once

    few = page_queries(f"/counselor/learners/{other_learner.pk}/", 19)
    many = page_queries(f"/counselor/learners/{learner.pk}/", 19)

    assert few == many
    page = client.get(f"/counselor/learners/{learner.pk}/").content.decode()
    assert page.count('class="note ') == 3 and "8 changes" in page
