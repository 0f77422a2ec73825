"""Saving a draft and submitting an assessment: each one atomic action."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from . import gaps
from .models import Assessment, Rating


class AlreadySubmitted(Exception):
    """The assessment was submitted meanwhile (a double click, a second tab)."""

    def __init__(self, assessment):
        super().__init__(f"assessment {assessment.pk} is already submitted")
        self.assessment = assessment


@transaction.atomic
def save_draft(*, assessment, requirements, levels, evidence):
    """Store the learner's levels and evidence on a draft, creating the draft if new."""
    if assessment.pk:
        # Lock the row: a second request for the same draft waits here, then sees it submitted.
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if not assessment.is_draft:
            raise AlreadySubmitted(assessment)
    assessment.updated_at = timezone.now()
    assessment.save()

    existing = {rating.skill_id: rating for rating in assessment.ratings.all()}
    new, changed = [], []
    for position, requirement in enumerate(requirements):
        skill = requirement.skill
        values = {
            "skill_name": skill.name,
            "level": levels.get(skill.pk),
            "evidence": evidence.get(skill.pk, ""),
            "position": position,
        }
        rating = existing.pop(skill.pk, None)
        if rating is None:
            new.append(Rating(assessment=assessment, skill=skill, **values))
        elif any(getattr(rating, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(rating, name, value)
            changed.append(rating)
    Rating.objects.bulk_create(new)
    Rating.objects.bulk_update(changed, ["skill_name", "level", "evidence", "position"])
    # Skills the role no longer requires are dropped, so the result matches the role as it is now.
    Rating.objects.filter(pk__in=[r.pk for r in existing.values()]).delete()
    return assessment


@transaction.atomic
def submit_assessment(*, assessment, requirements, levels, evidence):
    """Save the ratings, snapshot each requirement onto its rating, store readiness, submit."""
    assessment = save_draft(
        assessment=assessment, requirements=requirements, levels=levels, evidence=evidence
    )
    ratings = list(assessment.ratings.select_related("skill"))
    by_skill = {requirement.skill_id: requirement for requirement in requirements}
    for rating in ratings:
        requirement = by_skill[rating.skill_id]
        rating.required_level = requirement.level
        rating.importance = requirement.importance
    Rating.objects.bulk_update(ratings, ["required_level", "importance"])

    scored = [to_skill_rating(rating) for rating in ratings]
    previous = (
        Assessment.objects.select_for_update()
        .filter(learner=assessment.learner, role=assessment.role, is_latest=True)
        .first()
    )
    if previous:
        previous.is_latest = False
        previous.save(update_fields=["is_latest"])
    top_gaps = gaps.gaps(scored)

    now = timezone.now()
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = now
    assessment.updated_at = now
    assessment.readiness = as_percent(gaps.readiness(scored))
    assessment.previous_readiness = previous.readiness if previous else None
    assessment.top_gap = top_gaps[0].name if top_gaps else ""
    assessment.is_latest = True
    assessment.save()
    return assessment


def to_skill_rating(rating, level=None):
    """The gap maths' view of a submitted rating (optionally at another level)."""
    return gaps.SkillRating(
        key=str(rating.skill_id),
        name=rating.skill_name,
        level=rating.level if level is None else level,
        required=rating.required_level,
        importance=rating.importance,
    )


def as_percent(value):
    return Decimal(str(round(value, 1)))
