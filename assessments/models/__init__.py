"""Learners' assessments and their ratings, with the requirement snapshot each was scored on."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from roles.models import Level, Role, Skill, between

LARGEST_ID = 2**63 - 1  # a BigAutoField's


class AssessmentQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(status=Assessment.Status.SUBMITTED)

    def drafts(self):
        return self.filter(status=Assessment.Status.DRAFT)

    def owned_by(self, user):
        return self.filter(learner=user)

    def one_owned_by(self, user, pk):
        """owned_by(user).filter(pk=pk).first(), as a written-out statement: the dashboard's
        ownership check, on the page learners open most, where the ORM spent twice as long
        building the statement as running it. None if there is no such result of theirs. It
        reads the whole table: call it on Assessment.objects, not on a filtered queryset."""
        if not 0 < pk <= LARGEST_ID:  # no row has it, and the database would refuse the number
            return None
        sql = f"SELECT * FROM {self.model._meta.db_table} WHERE id = %s AND learner_id = %s"
        return next(iter(self.model.objects.raw(sql, [pk, user.pk])), None)


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

    @property
    def required_level_name(self):
        """ "Advanced" for 4: the snapshot's level in words (it has no choices of its own)."""
        return Level(self.required_level).label if self.required_level else ""


from .plans import Plan, PlanEvent, PlanItem  # noqa: E402  (they refer to Assessment)

__all__ = ["Assessment", "AssessmentQuerySet", "Plan", "PlanEvent", "PlanItem", "Rating"]
