"""The copies that the caseload table and the "Needs attention" list read: one indexed range
per page, whatever the caseload's size. counseling.caseload_store keeps them; never edit them
by hand (`manage.py rebuild_caseload` recreates them from their sources).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from assessments.gaps import band as band_of
from assessments.models import Assessment
from roles.models import Role

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
    "plan": ("plan_progress", "no_plan"),
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
    counseling.caseload_store whenever an assignment, result, action item or the learner's
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
    # What the "Needs attention" view and the caseload's reason filter read (counseling.triage):
    submitted_at = models.DateTimeField(null=True)  # the result's
    reviewed = models.BooleanField(default=False)  # the result, by this row's counselor
    self_rating_bias = models.DecimalField(  # the result's mean self minus validated level
        max_digits=3, decimal_places=2, null=True
    )
    earliest_due = models.DateField(null=True)  # of the learner's open action items
    quiet_from = models.DateTimeField(null=True)  # when the learner counts as gone quiet
    # The learner's plan for the role: items done of those not skipped (a percentage too, to
    # sort by); no_plan where there is none or it is empty.
    plan_done = models.PositiveIntegerField(default=0)
    plan_total = models.PositiveIntegerField(default=0)
    plan_progress = models.DecimalField(max_digits=4, decimal_places=1, null=True)
    no_plan = models.BooleanField(default=True)
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


class TriageRow(models.Model):
    """One line of a counselor's "Needs attention" list: a learner, and the moment from which
    the earliest of their reasons holds (counseling.triage). A copy kept with CaseloadRow by
    caseload_store; `since` in the future (or none) keeps the learner off the list for now.
    """

    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(max_length=301, blank=True)
    email = models.EmailField(blank=True)
    sort_name = models.CharField(max_length=301)
    since = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["counselor", "learner"], name="one_triage_row")
        ]
        # Longest waiting first: a page is one range of this index, whatever the caseload's size.
        indexes = [
            models.Index(
                fields=["counselor", "since", "sort_name", "learner"], name="triage_longest_waiting"
            )
        ]

    def __str__(self):
        return f"{self.sort_name}: since {self.since}"


class CaseloadSize(models.Model):
    """How many CaseloadRows a counselor has, kept with them by caseload_store: the table's
    pager reads this one row instead of counting a range that grows with the caseload."""

    counselor = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    rows = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.rows} caseload rows"
