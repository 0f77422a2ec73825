"""Learners' assessments and ratings, and the counselor relationship around them."""

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from roles.models import Level, Role, Skill, between

from .gaps import band as band_of

COUNSELORS_GROUP = "Counselors"


def is_counselor(user):
    """Whether the user is in the Counselors group (cached on the user for the request)."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_is_counselor"):
        user._is_counselor = user.groups.filter(name=COUNSELORS_GROUP).exists()
    return user._is_counselor


class AssessmentQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(status=Assessment.Status.SUBMITTED)

    def drafts(self):
        return self.filter(status=Assessment.Status.DRAFT)

    def owned_by(self, user):
        return self.filter(learner=user)

    def visible_to(self, user):
        """The results a counselor may read: submitted ones of learners on their caseload."""
        if not is_counselor(user):
            return self.none()
        return self.submitted().filter(learner__counselor_assignments__counselor=user)


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessments"
    )
    # PROTECT: a role with results cannot be deleted; its title is copied for the record too.
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="assessments")
    role_title = models.CharField(max_length=120)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Identifies one filled-in form, so a double-clicked or replayed submit finds its own result.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Stored at submit time from the snapshot, so lists never recompute them.
    readiness = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    previous_readiness = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    validated_readiness = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    top_gap = models.CharField(max_length=120, blank=True)
    # The newest submitted result per learner and role, kept by submit_assessment().
    is_latest = models.BooleanField(default=False)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "role"],
                condition=Q(status="draft"),
                name="one_draft_per_learner_and_role",
            ),
            models.UniqueConstraint(
                fields=["learner", "role"],
                condition=Q(is_latest=True),
                name="one_latest_result_per_learner_and_role",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(submitted_at__isnull=False, readiness__isnull=False),
                name="submitted_has_readiness",
            ),
            models.CheckConstraint(
                condition=Q(readiness__isnull=True) | between("readiness", 0, 100),
                name="readiness_0_100",
            ),
            models.CheckConstraint(
                condition=Q(is_latest=False) | Q(status="submitted"),
                name="only_results_are_latest",
            ),
        ]
        indexes = [
            models.Index(fields=["learner", "role", "status"], name="assessment_learner_role"),
            models.Index(
                fields=["role", "readiness"],
                condition=Q(is_latest=True),
                name="latest_by_role_readiness",
            ),
        ]

    def __str__(self):
        # No learner here: admin shows this to content editors on protected-delete pages.
        return f"{self.role_title} result #{self.pk} ({self.get_status_display()})"

    def get_absolute_url(self):
        if self.is_draft:
            return reverse("assessments:edit", args=[self.pk])
        return reverse("assessments:dashboard", args=[self.pk])

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def trend(self):
        """Readiness change since the learner's previous result for this role, or None."""
        if self.readiness is None or self.previous_readiness is None:
            return None
        return self.readiness - self.previous_readiness


class Rating(models.Model):
    """A learner's level in one skill, with the requirement as it stood when submitted."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="ratings")
    skill_name = models.CharField(max_length=120)
    level = models.PositiveSmallIntegerField(choices=Level.choices, null=True, blank=True)
    evidence = models.CharField(max_length=500, blank=True)
    # The snapshot: copied from the role's requirement on submit, never changed after.
    required_level = models.PositiveSmallIntegerField(null=True, blank=True)
    importance = models.PositiveSmallIntegerField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # A counselor's own judgement of the level, recorded after review.
    validated_level = models.PositiveSmallIntegerField(choices=Level.choices, null=True, blank=True)

    class Meta:
        ordering = ["assessment", "position", "skill_name"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "skill"], name="one_rating_per_skill"),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | between("level", 0, 5), name="rating_level_0_5"
            ),
            models.CheckConstraint(
                condition=Q(validated_level__isnull=True) | between("validated_level", 0, 5),
                name="validated_level_0_5",
            ),
            models.CheckConstraint(
                condition=Q(required_level__isnull=True) | between("required_level", 1, 5),
                name="snapshot_level_1_5",
            ),
            models.CheckConstraint(
                condition=Q(importance__isnull=True) | between("importance", 1, 5),
                name="snapshot_importance_1_5",
            ),
        ]

    def __str__(self):
        return f"{self.skill_name}: {self.level}"


class Assignment(models.Model):
    """A learner on a counselor's caseload."""

    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="caseload_assignments"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="counselor_assignments"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["counselor", "learner"], name="assigned_once"),
            models.CheckConstraint(
                condition=~Q(counselor=models.F("learner")), name="not_own_counselor"
            ),
        ]

    def __str__(self):
        return f"{self.learner} → {self.counselor}"


def new_invitation_token():
    return secrets.token_urlsafe(24)


def invitation_expiry():
    return timezone.now() + timedelta(days=14)


class Invitation(models.Model):
    """A link a counselor shares; a learner who accepts it joins the caseload."""

    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=invitation_expiry)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation from {self.counselor}"

    def is_usable(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


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

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.learner}"


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

    class Meta:
        ordering = ["done_at", "due", "-created_at"]

    def __str__(self):
        return self.text

    @property
    def is_done(self):
        return self.done_at is not None


# The caseload table's sortable columns: ?sort=<key> -> (CaseloadRow field, and the flag that
# is True where the field has no value, so those rows come last in either direction).
CASELOAD_SORTS = {
    "name": ("sort_name", None),
    "role": ("role_title", "no_result"),
    "readiness": ("readiness", "no_result"),
    "top_gap": ("top_gap", "no_result"),
    "trend": ("trend", "no_trend"),
    "activity": ("last_activity", "no_activity"),
    "open_items": ("open_items", None),
}


# After the sorted column, rows order as before the copy existed: by name, learner, role.
CASELOAD_TIES = ["learner_id", "role_title", "id"]


def caseload_ordering(key, descending):
    """The ORDER BY of one CASELOAD_SORTS key: rows without a value last either way."""
    field, flag = CASELOAD_SORTS[key]
    ties = [tie for tie in ("sort_name", *CASELOAD_TIES) if tie != field]
    return [*([flag] if flag else []), f"-{field}" if descending else field, *ties]


def _caseload_indexes():
    # One index per sort order, with every term of its ORDER BY, so that a page of 50 is
    # read straight off an index whatever the caseload's size: no sort of every row.
    return [
        models.Index(
            fields=["counselor", *caseload_ordering(key, descending)],
            name=f"caseload_{key}_{'desc' if descending else 'asc'}",
        )
        for key in CASELOAD_SORTS
        for descending in (False, True)
    ]


class CaseloadRow(models.Model):
    """One line of a counselor's caseload table: a learner's latest result for one role.

    A learner with no result yet has one line without a role. This is a copy, kept by
    assessments.caseload_store whenever an assignment, result, action item or the learner's
    name changes, so that the table reads one indexed range instead of joining and sorting
    the whole caseload on every page. Never edit it by hand: `manage.py rebuild_caseload`
    recreates it from those tables.
    """

    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, null=True, related_name="+"
    )
    role = models.ForeignKey(Role, on_delete=models.CASCADE, null=True, related_name="+")
    name = models.CharField(max_length=301, blank=True)
    email = models.EmailField(blank=True)
    sort_name = models.CharField(max_length=301)  # name, or email without one, lower-cased
    role_title = models.CharField(max_length=120, blank=True)
    readiness = models.DecimalField(max_digits=4, decimal_places=1, null=True)
    trend = models.DecimalField(max_digits=4, decimal_places=1, null=True)
    top_gap = models.CharField(max_length=120, blank=True)
    last_activity = models.DateTimeField(null=True)  # the learner's, across every role
    open_items = models.PositiveIntegerField(default=0)  # the learner's, across every role
    no_result = models.BooleanField(default=False)
    no_trend = models.BooleanField(default=False)
    no_activity = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["counselor", "learner", "role"], name="one_caseload_row_per_role"
            ),
            # NULLs are distinct in the constraint above: the line without a result needs its own.
            models.UniqueConstraint(
                fields=["counselor", "learner"],
                condition=Q(role__isnull=True),
                name="one_caseload_row_without_result",
            ),
        ]
        indexes = _caseload_indexes()

    def __str__(self):
        return f"{self.sort_name}: {self.role_title or 'no result'}"

    @property
    def band(self):
        return "" if self.readiness is None else band_of(self.readiness)
