"""A learner's plan for a role: the courses, resources and own tasks they chose, each with a
status, and the history of what happened to each."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from roles.models import Course, Role, Skill


class Plan(models.Model):
    """One per learner and role. A new result suggests again; it never rewrites the plan."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plans"
    )
    # PROTECT, as for results: a role that learners plan for is not deleted from under them.
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="plans")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["learner", "role"], name="one_plan_per_role")
        ]

    def __str__(self):
        return f"Plan for {self.role}"


class PlanItem(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        SKIPPED = "skipped", "Skipped"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    # A course from the catalog, a free resource, or neither: the learner's own task.
    course = models.ForeignKey(
        Course, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resource = models.ForeignKey(
        "roles.LearningResource", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=200)  # kept if the course or resource goes
    skills = models.ManyToManyField(Skill, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    target_date = models.DateField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(  # the learner, or a counselor who suggested it
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    # The result the learner stood at when they marked it done, and the re-rating after it.
    before_result = models.ForeignKey(
        "assessments.Assessment", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    after_result = models.ForeignKey(
        "assessments.Assessment", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)  # once per item, ever

    class Meta:
        ordering = ["plan", "position", "id"]
        indexes = [
            models.Index(
                fields=["target_date"],
                condition=models.Q(reminded_at__isnull=True, status__in=["planned", "in_progress"]),
                name="plan_item_reminder_due",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS)

    @property
    def kind(self):
        return "course" if self.course_id else "resource" if self.resource_id else "own"


class PlanEvent(models.Model):
    """Something that happened to a plan item: added, or moved to a status; by whom, when."""

    ADDED = "added"

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="events")
    what = models.CharField(max_length=12)  # ADDED or a PlanItem.Status value
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.item}: {self.what_text}"

    @property
    def what_text(self):
        """ "added", "in progress", "done"…"""
        if self.what == self.ADDED:
            return "added"
        return PlanItem.Status(self.what).label.lower()
