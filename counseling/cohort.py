"""What a counselor's whole caseload lacks for one role, aggregated in the database."""

import csv
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import (
    Avg,
    Count,
    F,
    FloatField,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Greatest
from django.utils import timezone

from assessments import charts, gaps
from assessments.models import Assessment, Rating
from careersite.cache import pages
from roles.models import Role

from .access import visible_results
from .caseload import in_band
from .models import Assignment

# The skills shown as "most often blocking readiness".
BLOCKING_SHOWN = 5
# Cohort figures aggregate every rating of the caseload (200,000 rows at 10,000 learners), so
# they are kept this long; the page says so. A learner joining or leaving refreshes them.
COHORT_TTL = 5 * 60


@dataclass(frozen=True)
class SkillGap:
    """One skill across the cohort: average weighted gap overall and per band, and blockers."""

    name: str
    slug: str  # for the link to the learners below the required level in it
    rated: int
    average: float
    by_band: tuple  # average weighted gap per gaps.BANDS entry, None where no learner
    blocking: int  # learners below the required level


@dataclass(frozen=True)
class Cohort:
    role: object
    learners: int
    bands: tuple  # (label, learners) per gaps.BANDS entry
    skills: tuple  # SkillGap, largest average weighted gap first

    @property
    def blocking(self):
        """The skills most learners fall short in, most first."""
        ranked = sorted(
            (s for s in self.skills if s.blocking), key=lambda s: (-s.blocking, -s.average, s.name)
        )
        return ranked[:BLOCKING_SHOWN]

    @property
    def columns(self):
        return ["All learners", *(label for label, _ in self.bands)]

    @property
    def heatmap(self):
        cells = {}
        for i, skill in enumerate(self.skills):
            for j, value in enumerate((skill.average, *skill.by_band)):
                cells[(i, j)] = value
        return charts.heatmap(
            [s.name for s in self.skills],
            self.columns,
            cells,
            id_prefix="cohort",
            title=f"Average weighted gap by skill, {self.role.title}",
        )


def _caseload_key(counselor, *parts):
    # Count and newest id change whenever a learner joins or leaves (ids only grow). Kept on
    # the user object: one page asks for it twice (default role, then its figures).
    if not hasattr(counselor, "_caseload_stamp"):
        caseload = Assignment.objects.filter(counselor=counselor).aggregate(
            n=Count("pk"), last=Max("pk")
        )
        counselor._caseload_stamp = f"{caseload['n']}-{caseload['last']}"
    return ":".join(str(p) for p in ("cohort:v3", counselor.pk, counselor._caseload_stamp, *parts))


def busiest_role(counselor):
    """The role most learners on the caseload have a result for, or None (cached)."""

    def find():
        latest = visible_results(counselor).filter(is_latest=True)
        busiest = (
            latest.values("role").annotate(n=Count("pk")).order_by("-n", "role").values("role")
        )
        return Role.objects.filter(pk=Subquery(busiest[:1])).first()

    return pages.get_or_set(_caseload_key(counselor, "busiest"), find, COHORT_TTL)


def write_csv(cohort, out):
    """The cohort's figures as CSV: a row per skill, a column per band (learners in brackets)."""
    writer = csv.writer(out)
    bands = [f"{label} ({count})" for label, count in cohort.bands]
    writer.writerow(
        [
            "Skill",
            "Learners rated",
            "Below the required level",
            f"Average levels short × importance: all learners ({cohort.learners})",
            *bands,
        ]
    )
    for skill in cohort.skills:
        averages = [_figure(skill.average), *(_figure(value) for value in skill.by_band)]
        writer.writerow([skill.name, skill.rated, skill.blocking, *averages])


def _figure(value):
    return "" if value is None else f"{value:.2f}"


def cached_cohort(counselor, role):
    """cohort_for(), kept for COHORT_TTL seconds per counselor, role and caseload size."""
    return pages.get_or_set(
        _caseload_key(counselor, role.pk), lambda: cohort_for(counselor, role), COHORT_TTL
    )


def cohort_for(counselor, role, as_of=None):
    """Aggregate the latest result per learner on the caseload for a role, in two queries;
    with `as_of` (a date), the newest result each had submitted by the end of that day."""
    latest = _results(counselor, role, as_of)
    counts = latest.aggregate(
        learners=Count("pk"),
        **{
            f"band{i}": Count("pk", filter=in_band("readiness", lo, hi))
            for i, (_, lo, hi) in _bands()
        },
    )
    # importance × max(required − level, 0), as a float so every database averages alike.
    weighted_gap = Cast(
        F("importance")
        * Greatest(F("required_level") - F("level"), Value(0), output_field=IntegerField()),
        FloatField(),
    )
    rows = (
        Rating.objects.filter(assessment__in=latest.values("pk"))
        .values("skill_id")
        .annotate(
            name=Max("skill_name"),
            slug=Max("skill__slug"),
            rated=Count("pk"),
            average=Avg(weighted_gap),
            blocking=Count("pk", filter=Q(level__lt=F("required_level"))),
            **{
                f"band{i}": Avg(weighted_gap, filter=in_band("assessment__readiness", lo, hi))
                for i, (_, lo, hi) in _bands()
            },
        )
        .order_by("-average", "name")
    )
    skills = tuple(
        SkillGap(
            name=row["name"],
            slug=row["slug"],
            rated=row["rated"],
            average=row["average"],
            by_band=tuple(row[f"band{i}"] for i, _ in _bands()),
            blocking=row["blocking"],
        )
        for row in rows
    )
    bands = tuple((label, counts[f"band{i}"]) for i, (label, _, _) in _bands())
    return Cohort(role=role, learners=counts["learners"], bands=bands, skills=skills)


def _bands():
    return enumerate(gaps.BANDS)


def _results(counselor, role, as_of):
    mine = visible_results(counselor).filter(role=role)
    if as_of is None:
        return mine.filter(is_latest=True)
    cutoff = timezone.make_aware(datetime.combine(as_of + timedelta(days=1), time.min))
    newest = (
        Assessment.objects.submitted()
        .filter(learner=OuterRef("learner"), role=role, submitted_at__lt=cutoff)
        .order_by("-submitted_at", "-id")
        .values("pk")[:1]
    )
    return mine.filter(submitted_at__lt=cutoff, pk=Subquery(newest))


@dataclass(frozen=True)
class Change:
    label: str
    then: float | None
    now: float | None

    @property
    def difference(self):
        return None if self.then is None or self.now is None else self.now - self.then


@dataclass(frozen=True)
class ThenAndNow:
    """The cohort of today's caseload, for one role, as its results stood on two dates."""

    then_date: object
    now_date: object
    then: Cohort
    now: Cohort

    @property
    def bands(self):
        then = dict(self.then.bands)
        return [Change(label, then[label], count) for label, count in self.now.bands]

    @property
    def skills(self):
        """Every skill's average weighted gap on both dates, largest now first."""
        then = {skill.name: skill.average for skill in self.then.skills}
        now = {skill.name: skill.average for skill in self.now.skills}
        names = sorted(then.keys() | now.keys(), key=lambda n: (-(now.get(n) or 0), n))
        return [Change(name, then.get(name), now.get(name)) for name in names]


def then_and_now(counselor, role, then_date, now_date):
    """Both cohorts, kept as long as the cohort's figures are."""

    def build():
        return ThenAndNow(
            then_date,
            now_date,
            cohort_for(counselor, role, as_of=then_date),
            cohort_for(counselor, role, as_of=now_date),
        )

    key = _caseload_key(counselor, role.pk, then_date.isoformat(), now_date.isoformat())
    return pages.get_or_set(key, build, COHORT_TTL)
