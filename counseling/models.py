"""The counselor's side: caseload assignments, invitations, notes, action items, and the
caseload table's copy.

The tables predate this app (they were created by the assessments app), so each model names
its table: moving the code moved no data.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from assessments.gaps import band as band_of
from assessments.models import Assessment
from roles.models import Role

from . import caseload_store

COUNSELORS_GROUP = "Counselors"


def is_counselor(user):
    """Whether the user is in the Counselors group (cached on the user for the request)."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_is_counselor"):
        user._is_counselor = user.groups.filter(name=COUNSELORS_GROUP).exists()
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
        db_table = "assessments_caseloadrow"
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
