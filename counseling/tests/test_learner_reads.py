"""The learner page's written-out reads give what the ORM gives, on the database the suite runs
on (CI runs it on SQLite and on PostgreSQL, whose NULLs sort differently)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from assessments.models import Assessment
from counseling import learner_reads
from counseling.models import ActionItem, Assignment, Note, ResultReview

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_learner(learner, counselor, other_counselor, make_role, make_result):
    """Results for two roles, reviewed by two counselors; notes and action items by both, one
    of whose account is then deleted, with and without due and done dates."""
    for person in (counselor, other_counselor):
        Assignment.objects.assign(counselor=person, learner=learner)
    first, second = make_role("first-role", skills=2), make_role("second-role", skills=2)
    older, newer, other_role = (
        make_result(learner, first, level=1),
        make_result(learner, first, level=2),
        make_result(learner, second, level=3),
    )
    ResultReview.objects.mark(counselor, [older], ResultReview.How.MARKED)
    ResultReview.objects.mark(other_counselor, [older, other_role], ResultReview.How.FEEDBACK)
    today = timezone.localdate()
    for author in (counselor, other_counselor):
        Note.objects.create(learner=learner, author=author, body=f"From {author.email}")
        Note.objects.create(learner=learner, author=author, body="Private", kind="private")
        ActionItem.objects.create(learner=learner, author=author, text="Undated")
        ActionItem.objects.create(
            learner=learner, author=author, text="Due", due=today + timedelta(days=3)
        )
        ActionItem.objects.create(
            learner=learner,
            author=author,
            text="Done",
            due=date(2026, 1, 5),
            done_at=timezone.now() - timedelta(days=1),
        )
    other_counselor.delete()
    return learner, counselor, (older, newer, other_role)


def shown(rows, *fields):
    """What the page shows of each row, in order, with the author's names."""
    return [
        (
            *(getattr(row, field) for field in fields),
            row.author and (row.author.pk, row.author.get_full_name(), row.author.email),
        )
        for row in rows
    ]


def test_results_come_newest_first_with_their_role_and_this_counselors_review(busy_learner):
    learner, counselor, results = busy_learner
    expected = list(
        Assessment.objects.submitted()
        .filter(learner=learner)
        .select_related("role")
        .order_by("-submitted_at", "-id")
    )
    reviews = {r.assessment_id: r for r in ResultReview.objects.filter(counselor=counselor)}

    found = learner_reads.results_with_reviews(learner.pk, counselor.pk)

    assert [r.pk for r in found] == [r.pk for r in expected] == [r.pk for r in results[::-1]]
    for got, want in zip(found, expected, strict=True):
        assert (got.role.pk, got.role.title, got.role.slug) == (
            want.role.pk,
            want.role.title,
            want.role.slug,
        )
        assert (got.submitted_at, got.readiness, got.is_latest) == (
            want.submitted_at,
            want.readiness,
            want.is_latest,
        )
        review = reviews.get(got.pk)
        assert (got.my_review and (got.my_review.pk, got.my_review.how)) == (
            review and (review.pk, review.how)
        )
    older = found[-1]
    assert older.my_review.reviewed_at == reviews[older.pk].reviewed_at  # a time, on SQLite too
    assert older.my_review.get_how_display() == "marked reviewed"


def test_notes_and_action_items_come_in_the_models_order_with_their_authors(busy_learner):
    learner, _, _ = busy_learner
    notes = Note.objects.filter(learner=learner).select_related("author")
    items = ActionItem.objects.filter(learner=learner).select_related("author")

    assert shown(learner_reads.notes_of(learner.pk), "pk", "body", "kind", "created_at") == (
        shown(notes, "pk", "body", "kind", "created_at")
    )
    assert shown(learner_reads.action_items_of(learner.pk), "pk", "text", "due", "done_at") == (
        shown(items, "pk", "text", "due", "done_at")
    )
    assert [n.author is None for n in learner_reads.notes_of(learner.pk)].count(True) == 2
