"""The counselor's side: caseload assignments, invitations, notes, action items, reviews of
results and of levels; the copies that the caseload pages read are in copies.py.

The tables predate this app (they were created by the assessments app), so each model names
its table: moving the code moved no data.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from assessments.gaps import level_name
from assessments.models import Assessment

from .. import caseload_store
from .copies import CASELOAD_SORTS, CaseloadRow, CaseloadSize, TriageRow, caseload_ordering

__all__ = [
    "COUNSELORS_GROUP",
    "CASELOAD_SORTS",
    "ActionItem",
    "Assignment",
    "CaseloadRow",
    "CaseloadSize",
    "Invitation",
    "LevelValidation",
    "Note",
    "ResultReview",
    "TriageRow",
    "caseload_ordering",
    "is_counselor",
]

COUNSELORS_GROUP = "Counselors"


# Asked on every page of the workspace, written out: the ORM spent 0.4 ms building the
# `user.groups.filter(name=...).exists()` that the database answers in 0.1.
IN_GROUP_SQL = """
SELECT 1 FROM {membership} m JOIN {group} g ON g.id = m.group_id
 WHERE m.user_id = %s AND g.name = %s
"""


def is_counselor(user):
    """Whether the user is in the Counselors group (cached on the user for the request)."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_is_counselor"):
        membership = user.groups.through._meta
        sql = IN_GROUP_SQL.format(
            membership=membership.db_table,
            group=membership.get_field("group").related_model._meta.db_table,
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [user.pk, COUNSELORS_GROUP])
            user._is_counselor = cursor.fetchone() is not None
    return user._is_counselor


class AssignmentQuerySet(models.QuerySet):
    @transaction.atomic(savepoint=False)
    def assign(self, **people):
        """Put the learner on the counselor's caseload, if not there yet; return the row.
        `people`: counselor (or counselor_id) and learner (or learner_id)."""
        assignment, created = self.get_or_create(**people)
        if created:
            caseload_store.refresh_learner(assignment.learner_id)
        return assignment


class Assignment(models.Model):
    """A learner on a counselor's caseload."""

    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="caseload_assignments"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="counselor_assignments"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        db_table = "assessments_assignment"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["counselor", "learner"], name="assigned_once"),
            models.CheckConstraint(
                condition=~Q(counselor=models.F("learner")), name="not_own_counselor"
            ),
        ]

    def __str__(self):
        return f"{self.learner} → {self.counselor}"

    @transaction.atomic(savepoint=False)
    def end(self):
        """Take the learner off the caseload."""
        self.delete()
        caseload_store.refresh_learner(self.learner_id)


def new_invitation_token():
    return secrets.token_urlsafe(24)


def invitation_expiry():
    return timezone.now() + timedelta(days=14)


class Invitation(models.Model):
    """An invitation to join a counselor's caseload: a learner who accepts it joins.

    Two kinds: a shareable link (no address), which anyone holding it may accept until it
    expires or is revoked, and a personal invitation mailed to one address, which works once.
    """

    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=invitation_expiry)
    revoked_at = models.DateTimeField(null=True, blank=True)
    email = models.EmailField(blank=True, help_text="Empty for a shareable link.")
    name = models.CharField(max_length=150, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        db_table = "assessments_invitation"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["counselor", "email"], name="invitation_counselor_email")]

    def __str__(self):
        return f"Invitation from {self.counselor}" + (f" to {self.email}" if self.email else "")

    @property
    def personal(self):
        return bool(self.email)

    def is_usable(self):
        used = self.personal and self.accepted_at is not None
        return not used and self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def status(self):
        """ "accepted", "revoked", "expired" or "pending", for the counselor's list."""
        if self.personal and self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        return "pending" if self.expires_at > timezone.now() else "expired"


class Note(models.Model):
    class Kind(models.TextChoices):
        FEEDBACK = "feedback", "Feedback to the learner"
        PRIVATE = "private", "Private note (counselors only)"

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes_about"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="notes_written"
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, null=True, blank=True, related_name="notes"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FEEDBACK)
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "assessments_note"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.learner}"


class ActionItemQuerySet(models.QuerySet):
    @transaction.atomic(savepoint=False)
    def add(self, **fields):
        """Create an action item; the learner's caseload lines count it while it is open."""
        item = self.create(**fields)
        caseload_store.refresh_learner(item.learner_id)
        return item


class ActionItem(models.Model):
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="action_items"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="action_items_set",
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, null=True, blank=True, related_name="action_items"
    )
    text = models.CharField(max_length=300)
    due = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        db_table = "assessments_actionitem"
        ordering = ["done_at", "due", "-created_at"]

    def __str__(self):
        return self.text

    @property
    def is_done(self):
        return self.done_at is not None

    @transaction.atomic(savepoint=False)
    def toggle(self):
        """Mark the item done, or open again if it was."""
        self.done_at = None if self.is_done else timezone.now()
        self.save(update_fields=["done_at"])
        caseload_store.refresh_learner(self.learner_id)


class ResultReviewQuerySet(models.QuerySet):
    @transaction.atomic(savepoint=False)
    def mark(self, counselor, results, how):
        """Record that the counselor reviewed these results (one learner's); the first
        review of each is kept."""
        results = list(results)
        if not results:
            return
        self.bulk_create(
            [self.model(counselor=counselor, assessment=result, how=how) for result in results],
            ignore_conflicts=True,
        )
        caseload_store.refresh_learner(results[0].learner_id)


class ResultReview(models.Model):
    """A counselor has looked at a result: it leaves their "Needs attention" list."""

    class How(models.TextChoices):
        MARKED = "marked", "marked reviewed"
        VALIDATED = "validated", "levels validated"
        FEEDBACK = "feedback", "feedback left"

    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="reviews")
    how = models.CharField(max_length=10, choices=How.choices)
    reviewed_at = models.DateTimeField(default=timezone.now)

    objects = ResultReviewQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["counselor", "assessment"], name="reviewed_once")
        ]

    def __str__(self):
        return f"{self.assessment} {self.get_how_display()} by {self.counselor}"


class LevelValidation(models.Model):
    """One change of a counselor's validated level on a rating: who set which level, when,
    and what it replaced (None: not reviewed). Rating.validated_level holds the newest."""

    rating = models.ForeignKey(
        "assessments.Rating", on_delete=models.CASCADE, related_name="validations"
    )
    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    level = models.PositiveSmallIntegerField(null=True)
    previous = models.PositiveSmallIntegerField(null=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.rating}: {self.previous_text} → {self.level_text}"

    @property
    def level_text(self):
        return _level_text(self.level)

    @property
    def previous_text(self):
        return _level_text(self.previous)


def _level_text(level):
    """ "4 · Advanced", as the review form writes a level, or "Not reviewed"."""
    return "Not reviewed" if level is None else f"{level} · {level_name(level)}"
