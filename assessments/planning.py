"""What learners (and their counselors) do to a plan, and what a plan says about progress.

Every change goes through these functions: each records a PlanEvent (the plan's history) and
announces learner activity once, so the counselors' caseload copies follow (plan progress).
A submitted result becomes the re-rating of the items marked done before it
(submission.submit_assessment).
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import timezone

from careersite.joined import joined
from roles.models import CourseSkill, Requirement, Role, Skill

from .models import Assessment, Plan, PlanEvent, PlanItem, Rating
from .report import suggested_courses
from .signals import learner_activity

Status = PlanItem.Status


def _changed(plan):
    learner_activity.send(Plan, learner_id=plan.learner_id)


def latest_result(learner, role):
    return Assessment.objects.filter(learner=learner, role=role, is_latest=True).first()


def suggestions(plan, result):
    """The result's learning path, less the courses already on the plan (whatever status)."""
    if result is None:
        return []
    chosen = set(plan.items.exclude(course=None).values_list("course_id", flat=True))
    return [course for course in suggested_courses(result) if course.pk not in chosen]


@transaction.atomic
def adopt(learner, role, result):
    """Make the result's suggested path the learner's plan: each course not on it yet is added,
    in the path's order. Returns the plan and how many items were added."""
    plan, _ = Plan.objects.get_or_create(learner=learner, role=role)
    role_skills = role_skill_ids(role)  # once for the whole path, not once per course
    added = [
        add_course(plan, course, learner, announce=False, role_skills=role_skills)
        for course in suggestions(plan, result)
    ]
    _changed(plan)
    return plan, len(added)


def _next_position(plan):
    return (plan.items.aggregate(last=Max("position"))["last"] or 0) + 1


def _add(plan, by, skills, announce=True, **fields):
    item = PlanItem.objects.create(plan=plan, added_by=by, position=_next_position(plan), **fields)
    item.skills.set(skills)
    PlanEvent.objects.create(item=item, what=PlanEvent.ADDED, by=by)
    if announce:
        _changed(plan)
    return item


def role_skill_ids(role):
    return set(Requirement.objects.filter(role=role).values_list("skill_id", flat=True))


@transaction.atomic
def add_course(plan, course, by, *, announce=True, role_skills=None):
    """Add a catalog course; its skills are those it teaches that the role requires
    (`role_skills`: their ids, if already read)."""
    if role_skills is None:
        role_skills = role_skill_ids(plan.role_id)
    taught = CourseSkill.objects.filter(course=course, skill_id__in=role_skills)
    skills = list(taught.values_list("skill_id", flat=True))
    return _add(plan, by, skills, announce, course=course, title=course.title)


@transaction.atomic
def add_resource(plan, resource, by):
    return _add(plan, by, [resource.skill_id], resource=resource, title=resource.title)


@transaction.atomic
def add_own(plan, title, skills, by, target_date=None):
    return _add(plan, by, skills, title=title, target_date=target_date)


@transaction.atomic
def update(item, by, *, status, target_date):
    """Set an item's status and target date; a new status is recorded in the history. Done
    remembers the result the learner stood at, for the change their re-rating shows."""
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    fields = ["target_date"]
    if target_date != item.target_date:
        item.reminded_at = None  # a new date may be missed again
        fields.append("reminded_at")
    item.target_date = target_date
    if status != item.status:
        item.status = status
        done = status == Status.DONE
        item.done_at = timezone.now() if done else None
        item.before_result = (
            latest_result(item.plan.learner_id, item.plan.role_id) if done else None
        )
        item.after_result = None
        fields += ["status", "done_at", "before_result", "after_result"]
        PlanEvent.objects.create(item=item, what=status, by=by)
    item.save(update_fields=fields)
    _changed(item.plan)
    return item


@transaction.atomic
def remove(item):
    plan = item.plan
    item.delete()
    _changed(plan)


@dataclass(frozen=True)
class Change:
    skill: str
    before: int | None
    after: int | None

    @property
    def changed(self):
        return self.before != self.after


def rerating_changes(items):
    """Per done item with a re-rating: its skills' levels before and after, in one query.
    Returns {item id: [Change]}."""
    rerated = [item for item in items if item.after_result_id]
    results = {i.before_result_id for i in rerated} | {i.after_result_id for i in rerated}
    levels = {}
    for assessment_id, skill_id, name, level in Rating.objects.filter(
        assessment_id__in=results - {None}
    ).values_list("assessment_id", "skill_id", "skill_name", "level"):
        levels[assessment_id, skill_id] = (name, level)
    changes = {}
    for item in rerated:
        lines = []
        for skill in item.skills.all():
            name, after = levels.get((item.after_result_id, skill.pk), (skill.name, None))
            _, before = levels.get((item.before_result_id, skill.pk), (name, None))
            lines.append(Change(name, before, after))
        changes[item.pk] = lines
    return changes


@dataclass(frozen=True)
class Progress:
    done: int
    total: int  # skipped items do not count
    next_item: PlanItem | None
    overdue: list

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0


def progress(items, today=None):
    """From a plan's items (in plan order): done of total, the next open one, the overdue."""
    today = today or timezone.localdate()
    counted = [item for item in items if item.status != Status.SKIPPED]
    open_items = [item for item in counted if item.is_open]
    in_progress = [item for item in open_items if item.status == Status.IN_PROGRESS]
    return Progress(
        done=sum(item.status == Status.DONE for item in counted),
        total=len(counted),
        next_item=(in_progress or open_items or [None])[0],
        overdue=[i for i in open_items if i.target_date and i.target_date < today],
    )


@dataclass
class PlanSummary:
    """One plan with its items (skills, history, re-rating changes attached) and progress."""

    plan: Plan
    items: list
    progress: Progress


def items_with_details(items_queryset):
    """Items with their skills, history and course or resource, and each one's re-rating
    changes as `item.rerated`, in four queries."""
    items = list(
        items_queryset.select_related("added_by", "course", "resource").prefetch_related(
            Prefetch("skills", queryset=Skill.objects.order_by("name")),
            Prefetch("events", queryset=PlanEvent.objects.select_related("by")),
        )
    )
    changes = rerating_changes(items)
    for item in items:
        item.rerated = changes.get(item.pk, [])
        item.raised = [line for line in item.rerated if line.changed]
        item.unchanged = [line.skill for line in item.rerated if not line.changed]
    return items


# Every plan of one learner, by its role's title, with the role's title and slug: written out
# as in result_reads.py, since the counselor's page of each learner asks it (0.9 ms of ORM).
PLANS_SQL = """
SELECT p.*, r.title AS joined_role_title, r.slug AS joined_role_slug
  FROM {plan} p JOIN {role} r ON r.id = p.role_id
 WHERE p.learner_id = %s
 ORDER BY r.title
"""


def plans_of(learner):
    """Every plan of a learner, by role title, with items and progress; each plan's role is
    loaded with its title and slug."""
    sql = PLANS_SQL.format(plan=Plan._meta.db_table, role=Role._meta.db_table)
    plans = list(Plan.objects.raw(sql, [learner.pk]))
    if not plans:  # most learners: no need to build the items' query at all
        return []
    for plan in plans:
        title, slug = plan.joined_role_title, plan.joined_role_slug
        plan.role = joined(Role, id=plan.role_id, title=title, slug=slug)
    items = items_with_details(PlanItem.objects.filter(plan__in=plans))
    return [
        PlanSummary(plan, mine, progress(mine))
        for plan in plans
        for mine in [[item for item in items if item.plan_id == plan.pk]]
    ]
