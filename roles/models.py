"""The catalog: skills and what each level means, roles and what they require, courses, figures."""

from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

CONTENT_EDITORS_GROUP = "Content editors"


class Level(models.IntegerChoices):
    """The one proficiency scale used everywhere."""

    NONE = 0, "None"
    AWARENESS = 1, "Awareness"
    BEGINNER = 2, "Beginner"
    INTERMEDIATE = 3, "Intermediate"
    ADVANCED = 4, "Advanced"
    EXPERT = 5, "Expert"


# Requirements and course outcomes start at Awareness: "requires None" would mean nothing.
REQUIRED_LEVELS = [choice for choice in Level.choices if choice[0] >= Level.AWARENESS]
IMPORTANCE_CHOICES = [
    (1, "1 · Nice to have"),
    (2, "2 · Useful"),
    (3, "3 · Important"),
    (4, "4 · Very important"),
    (5, "5 · Essential"),
]


def between(field, low, high):
    return Q(**{f"{field}__gte": low, f"{field}__lte": high})


class Skill(models.Model):
    class Kind(models.TextChoices):
        TECHNICAL = "technical", "Technical"
        WORKPLACE = "workplace", "Workplace"

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TECHNICAL)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class SkillLevel(models.Model):
    """What a person at one level of one skill can do."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    description = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["skill", "level"]
        constraints = [
            models.UniqueConstraint(fields=["skill", "level"], name="one_descriptor_per_level"),
            models.CheckConstraint(condition=between("level", 0, 5), name="descriptor_level_0_5"),
        ]

    def __str__(self):
        return f"{self.skill} · {self.get_level_display()}"


class RoleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def with_requirements(self):
        """Prefetch requirements with their skills, in one query per relation."""
        return self.prefetch_related(
            Prefetch("requirements", queryset=Requirement.objects.select_related("skill"))
        )


class Role(models.Model):
    title = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.TextField()
    education = models.TextField(blank=True)
    outlook = models.TextField(blank=True)
    industries = models.JSONField(default=list, blank=True, help_text="A list of industry names.")
    similar_roles = models.ManyToManyField("self", blank=True, symmetrical=False)
    is_published = models.BooleanField(default=True)
    source_url = models.URLField(
        "source article",
        blank=True,
        help_text="The article this profile and its figures are drawn from.",
    )

    history = HistoricalRecords()

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("roles:detail", args=[self.slug])


class Responsibility(models.Model):
    class Area(models.TextChoices):
        DEVELOPMENT = "development", "Development"
        DEPLOYMENT = "deployment", "Deployment"
        MONITORING = "monitoring", "Management and monitoring"

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="responsibilities")
    area = models.CharField(max_length=20, choices=Area.choices)
    text = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "position", "id"]
        verbose_name_plural = "responsibilities"

    def __str__(self):
        return self.text


class Requirement(models.Model):
    """The level of a skill a role needs, and how much it matters."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="requirements")
    # PROTECT: a skill in use cannot vanish from under a role; past results keep their own copy.
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="requirements")
    level = models.PositiveSmallIntegerField(choices=REQUIRED_LEVELS)
    importance = models.PositiveSmallIntegerField(choices=IMPORTANCE_CHOICES, default=3)

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "skill__kind", "-importance", "skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["role", "skill"], name="one_requirement_per_skill"),
            models.CheckConstraint(condition=between("level", 1, 5), name="required_level_1_5"),
            models.CheckConstraint(condition=between("importance", 1, 5), name="importance_1_5"),
        ]

    def __str__(self):
        return f"{self.role}: {self.skill} at {self.get_level_display()}"


class Course(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    provider = models.CharField(max_length=120, blank=True)
    url = models.URLField("link", blank=True)
    hours = models.PositiveIntegerField(null=True, blank=True, help_text="Leave empty if unknown.")
    cost = models.CharField(max_length=120, blank=True, help_text="As the provider states it.")
    description = models.TextField(blank=True)
    skills = models.ManyToManyField(Skill, through="CourseSkill", related_name="courses")

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class CourseSkill(models.Model):
    """A skill a course teaches, and the level it brings a learner to."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="teaches")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="taught_by")
    level = models.PositiveSmallIntegerField(choices=REQUIRED_LEVELS)

    history = HistoricalRecords()

    class Meta:
        ordering = ["course", "skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["course", "skill"], name="one_outcome_per_skill"),
            models.CheckConstraint(condition=between("level", 1, 5), name="course_level_1_5"),
        ]

    def __str__(self):
        return f"{self.course} → {self.skill} ({self.get_level_display()})"


class Figure(models.Model):
    """A sourced fact about a role: a salary or an outlook figure."""

    class Kind(models.TextChoices):
        SALARY = "salary", "Salary"
        OUTLOOK = "outlook", "Outlook"

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="figures")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    label = models.CharField(max_length=200, help_text="What the value measures.")
    value = models.CharField(max_length=60, help_text="As displayed, e.g. $87,220 or 40%.")
    amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    source = models.CharField(max_length=200)
    # Every figure says where a reader can check it (issue 15).
    source_url = models.URLField("source link", help_text="Where the figure can be checked.")
    accessed = models.DateField(null=True, blank=True, help_text="When the source was read.")
    note = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "kind", "position", "id"]

    def __str__(self):
        return f"{self.label}: {self.value}"


class LearningResource(models.Model):
    """Something free that helps in one skill and is not a course: official documentation, a
    tutorial, a project to build. Offered by the report and the plan beside the courses."""

    class Kind(models.TextChoices):
        DOCUMENTATION = "documentation", "Documentation"
        TUTORIAL = "tutorial", "Tutorial"
        PROJECT = "project", "Project idea"

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    url = models.URLField("link", help_text="Where the resource is: its source.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    provider = models.CharField(max_length=120, blank=True)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["skill", "title"]

    def __str__(self):
        return self.title
