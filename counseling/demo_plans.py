"""Demo plans for seed_demo: about two learners in five follow a plan for their latest role,
made of a few catalog courses at every stage, so pages are measured with plans present."""

from collections import defaultdict
from datetime import timedelta

from assessments.models import Plan, PlanEvent, PlanItem
from roles.models import Course, CourseSkill

STATUSES = (
    (PlanItem.Status.DONE, 3),
    (PlanItem.Status.IN_PROGRESS, 2),
    (PlanItem.Status.PLANNED, 4),
    (PlanItem.Status.SKIPPED, 1),
)


def courses_by_role(roles):
    """Per role id: (course, the ids of the role's skills it teaches), for every course that
    teaches any."""
    taught = defaultdict(set)
    for course_id, skill_id in CourseSkill.objects.values_list("course_id", "skill_id"):
        taught[course_id].add(skill_id)
    courses = Course.objects.in_bulk(list(taught))
    found = {}
    for role in roles:
        needed = {requirement.skill_id for requirement in role.requirements.all()}
        found[role.pk] = [
            (courses[course_id], sorted(skills & needed))
            for course_id, skills in sorted(taught.items())
            if skills & needed
        ]
    return found


def seed_plans(per_learner, rng, now, courses):
    """Bulk-insert plans for some of these (user, results) pairs; courses: courses_by_role()."""
    plans, items = [], []
    for user, results in per_learner:
        latest = results[-1][0]
        options = courses.get(latest.role_id)
        if not options or rng.random() >= 0.4:
            continue
        plan = Plan(learner=user, role_id=latest.role_id, created_at=latest.submitted_at)
        plans.append(plan)
        chosen = rng.sample(options, min(len(options), rng.randint(2, 5)))
        for position, (course, skills) in enumerate(chosen, start=1):
            items.append((_item(plan, user, course, position, rng, now), skills))
    Plan.objects.bulk_create(plans)
    PlanItem.objects.bulk_create([item for item, _ in items])
    PlanItem.skills.through.objects.bulk_create(
        PlanItem.skills.through(planitem_id=item.pk, skill_id=skill_id)
        for item, skills in items
        for skill_id in skills
    )
    PlanEvent.objects.bulk_create(
        event
        for item, _ in items
        for event in [
            PlanEvent(item=item, what=PlanEvent.ADDED, by_id=item.added_by_id, at=item.created_at),
            *(
                [PlanEvent(item=item, what=item.status, by_id=item.added_by_id, at=item.done_at)]
                if item.done_at
                else []
            ),
        ]
    )


def _item(plan, user, course, position, rng, now):
    status = rng.choices([s for s, _ in STATUSES], weights=[w for _, w in STATUSES])[0]
    started = plan.created_at
    done_at = None
    if status == PlanItem.Status.DONE:
        done_at = min(now, started + timedelta(days=rng.randint(7, 90)))
    target = (started + timedelta(days=rng.randint(14, 150))).date() if rng.random() < 0.6 else None
    return PlanItem(
        plan=plan,
        course=course,
        title=course.title,
        status=status,
        position=position,
        added_by=user,
        created_at=started,
        done_at=done_at,
        target_date=target,
    )
