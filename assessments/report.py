"""The gap report for one submitted assessment, built from its snapshot."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from careersite.cache import get_or_build, pages
from roles.catalog_version import VERSION_KEY as CATALOG_VERSION_KEY

from . import catalog_reads, charts, gaps, result_reads
from .models import Assessment, Rating
from .submission import as_percent, to_skill_rating


@dataclass
class SkillLine:
    """One row of the gap table: the learner's rating with the snapshot it was scored on."""

    rating: Rating
    scored: gaps.SkillRating
    change: int | None  # levels gained since the previous result, None if not rated then

    @property
    def level_name(self):
        return gaps.level_name(self.scored.level)

    @property
    def required_name(self):
        return gaps.level_name(self.scored.required)

    @property
    def validated_name(self):
        return gaps.level_name(self.rating.validated_level)

    @property
    def validated(self):
        return self.rating.validated_level


@dataclass
class Report:
    assessment: Assessment
    lines: list
    readiness: float
    gaps: list
    strengths: list
    next_best: gaps.SkillRating | None
    path: gaps.LearningPath
    courses: dict  # course slug -> (Course, CourseOption), for links and providers on the path
    fits: list
    history: list
    validated_readiness: float | None
    calibration: gaps.Calibration
    resources: dict  # skill key -> [LearningResource], for the uncovered gap skills with any

    @property
    def band(self):
        return gaps.band(self.readiness)

    @property
    def summary(self):
        """Skills met, the biggest gaps and where to start, for the top of the report."""
        return gaps.summary(line.scored for line in self.lines)

    @property
    def path_courses(self):
        """Each learning-path step with its course row, for links and providers."""
        return [(step, self.courses[step.course.key][0]) for step in self.path.steps]

    @property
    def uncovered_resources(self):
        """(skill, its free resources) for gap skills no course raises but a resource helps."""
        return [(s, self.resources[s.key]) for s in self.path.uncovered if s.key in self.resources]

    @property
    def uncovered_bare(self):
        """Gap skills that neither a course nor a free resource in the catalog helps with."""
        return [s for s in self.path.uncovered if s.key not in self.resources]

    @property
    def chart_rows(self):
        return [
            ChartRow(line.scored.name, line.scored.level, line.scored.required, line.validated)
            for line in self.lines
        ]

    @property
    def skill_chart(self):
        return charts.skill_chart(self.chart_rows)

    @property
    def skill_chart_narrow(self):
        """The same chart laid out for a phone; the page shows one of the two by width."""
        return charts.skill_chart(self.chart_rows, id_prefix="skills-narrow", narrow=True)

    @property
    def history_chart(self):
        points = [(a.submitted_at.strftime("%-d %b %Y"), float(a.readiness)) for a in self.history]
        return charts.history_chart(points)

    @property
    def next_best_levels(self):
        """The next best skill's level now and one step up, as '1 · Awareness' labels."""
        level = self.next_best.level
        return [f"{n} · {gaps.level_name(n)}" for n in (level, level + 1)]

    @property
    def next_best_gain(self):
        """How many readiness points one more level in the next best skill adds."""
        if self.next_best is None:
            return None
        raised = [
            to_skill_rating(line.rating, line.scored.level + 1)
            if line.scored.key == self.next_best.key
            else line.scored
            for line in self.lines
        ]
        return gaps.readiness(raised) - self.readiness


@dataclass
class ChartRow:
    name: str
    level: int
    required: int
    validated: int | None


# Only returns the space of entries no longer asked for: what the report is built from is
# checked with it on every read (see careersite/cache.py).
REPORT_TTL = 60 * 60


VIEWERS = ("learner", "counselor")


def report_key(assessment_id, viewer):
    """The cache key of a result's report as `viewer` (one of VIEWERS) sees it."""
    return f"report:{assessment_id}:{viewer}"


def report_version(assessment):
    """What a cached report was built from, besides the catalog: the result's updated_at
    (bumped when a counselor records levels) and the learner's newest result for the role
    (whose arrival changes the history an older result shows)."""
    newest = assessment.pk
    if not assessment.is_latest:
        newest = (
            Assessment.objects.filter(
                learner_id=assessment.learner_id, role_id=assessment.role_id, is_latest=True
            )
            .values_list("pk", flat=True)
            .first()
        )
    return f"{assessment.updated_at.timestamp()}:{newest}"


# The report comes in two templates, its top (heading, readiness, the summary in words) and
# the rest, cached together as one string with this comment between them. The learner's
# dashboard parts them there to put the counselor's follow-up, read fresh on every request,
# right under the summary; the counselor's page shows the report whole. No text of a
# learner's can contain it: the templates escape every "<" they are given. Both are Jinja2
# templates (templates/jinja2/; careersite/jinja2.py says why).
SUMMARY_END = "\n<!-- end of the report's summary -->\n"
REPORT_TEMPLATES = ("assessments/report_summary.html", "assessments/report.html")


def render_report(assessment, viewer, *, parted=False, history=None):
    """The report's HTML, from the cache or rendered; the caller has checked who may see it.

    With `parted`, a pair: the top of the report with its summary, and the rest. A caller that
    has read the learner's results may pass them as `history` (see build_report).
    """

    def render():
        context = {"report": build_report(assessment, history), "viewer": viewer}
        return SUMMARY_END.join(
            render_to_string(name, context, using="jinja2") for name in REPORT_TEMPLATES
        )

    html = get_or_build(
        report_key(assessment.pk, viewer),
        render,
        REPORT_TTL,
        stamps=[CATALOG_VERSION_KEY],
        version=report_version(assessment),
    )
    if parted:
        summary, _, rest = html.partition(SUMMARY_END)
        return mark_safe(summary), mark_safe(rest)  # noqa: S308 - as below
    return mark_safe(html)  # noqa: S308 - rendered by our own autoescaping template


def forget_reports(assessment_ids):
    """Delete the cached reports of these results, as every viewer saw them."""
    pages.delete_many([report_key(pk, viewer) for pk in assessment_ids for viewer in VIEWERS])


def build_report(assessment, history=None):
    """Read the snapshot, courses, other roles and history; the maths happens in gaps.

    `history`, when given, holds the learner's submitted results with their roles (any
    roles, any order): the report keeps those of this result's role.
    """
    if history is None:
        history = result_reads.submitted_results(assessment.learner_id, assessment.role_id)
    history = sorted(
        (a for a in history if a.role_id == assessment.role_id),
        key=lambda a: (a.submitted_at, a.pk),
    )
    if not Assessment.role.is_cached(assessment):  # the report's links name the role
        assessment.role = next(a.role for a in history if a.pk == assessment.pk)
    earlier = [a for a in history if a.submitted_at < assessment.submitted_at]
    ratings, previous_levels = _ratings(assessment, earlier[-1] if earlier else None)
    lines = [
        SkillLine(rating, to_skill_rating(rating), _change(rating, previous_levels))
        for rating in ratings
    ]
    scored = [line.scored for line in lines]
    gap_list = gaps.gaps(scored)
    courses = _courses_for([int(s.key) for s in gap_list])
    validated = [
        to_skill_rating(line.rating, line.validated) for line in lines if line.validated is not None
    ]
    path = gaps.learning_path(scored, [option for _, option in courses.values()])
    return Report(
        assessment=assessment,
        lines=sorted(lines, key=lambda line: (-line.scored.weighted_gap, line.scored.name)),
        readiness=float(assessment.readiness),
        gaps=gap_list,
        strengths=gaps.strengths(scored),
        next_best=gaps.next_best_skill(scored),
        path=path,
        courses=courses,
        fits=_fits(assessment, scored),
        history=history,
        validated_readiness=_validated_readiness(lines) if validated else None,
        calibration=gaps.calibration(
            (line.scored.name, line.scored.level, line.validated)
            for line in lines
            if line.validated is not None
        ),
        resources=_resources_for([s.key for s in path.uncovered]),
    )


def _resources_for(skill_keys):
    """The free resources of these skills (keys: skill ids as text), by skill: one query, or
    none for no skills. The report offers them only where no course on its path helps."""
    found = {}
    for resource in catalog_reads.resources([int(k) for k in skill_keys]):
        found.setdefault(str(resource.skill_id), []).append(resource)
    return found


def _ratings(assessment, previous):
    """The result's ratings in the role's order, and the previous result's levels by skill
    (None without a previous result), in one query."""
    ratings, previous_levels = [], None if previous is None else {}
    ids = [assessment.pk] if previous is None else [assessment.pk, previous.pk]
    for rating in result_reads.ratings_of(ids):
        if rating.assessment_id == assessment.pk:
            ratings.append(rating)
        else:
            previous_levels[rating.skill_id] = rating.level
    return ratings, previous_levels


def _change(rating, previous_levels):
    if previous_levels is None or previous_levels.get(rating.skill_id) is None:
        return None
    return rating.level - previous_levels[rating.skill_id]


def _courses_for(skill_ids):
    """The courses that teach any of these skills, by slug, each as (course, its options)."""
    teaching = {}
    for course, skill_id, level in catalog_reads.course_outcomes(skill_ids):
        teaching.setdefault(course, {})[str(skill_id)] = level
    return {
        course.slug: (course, gaps.CourseOption(course.slug, course.title, course.hours, teaches))
        for course, teaches in teaching.items()
    }


def _fits(assessment, scored):
    """The same ratings scored against every other published role that requires a skill."""
    levels = {s.key: s.level for s in scored}
    requirements = {}  # (slug, title) -> [gaps.Requirement], each role in the catalog's order
    for slug, title, skill_id, name, level, importance in catalog_reads.other_roles_requirements(
        assessment.role_id
    ):
        requirements.setdefault((slug, title), []).append(
            gaps.Requirement(str(skill_id), name, level, importance)
        )
    fits = [
        gaps.role_fit(slug, title, levels, required)
        for (slug, title), required in requirements.items()
    ]
    return sorted(fits, key=lambda fit: (fit.percent is None, -(fit.percent or 0), fit.title))


def _validated_readiness(lines):
    """Readiness with the counselor's level wherever they recorded one."""
    return gaps.readiness(
        to_skill_rating(line.rating, line.validated) if line.validated is not None else line.scored
        for line in lines
    )


def validated_readiness_percent(assessment):
    """The stored form of the validated readiness, or None when nothing is validated."""
    ratings = list(assessment.ratings.all())
    if not any(r.validated_level is not None for r in ratings):
        return None
    lines = [SkillLine(r, to_skill_rating(r), None) for r in ratings]
    return as_percent(_validated_readiness(lines))


def suggested_courses(assessment):
    """A result's learning path as the courses to take, in order: what a plan adopts."""
    ratings = assessment.ratings.order_by("position", "skill_name")
    scored = [to_skill_rating(rating) for rating in ratings]
    courses = _courses_for([int(s.key) for s in gaps.gaps(scored)])
    path = gaps.learning_path(scored, [option for _, option in courses.values()])
    return [courses[step.course.key][0] for step in path.steps]
