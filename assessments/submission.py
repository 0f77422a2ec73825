"""Saving a draft and submitting an assessment: each one atomic action."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from . import gaps
from .models import Assessment, PlanItem, Rating
from .signals import learner_activity


class AlreadySubmitted(Exception):
    """The assessment was submitted meanwhile (a double click, a second tab)."""

    def __init__(self, assessment):
        super().__init__(f"assessment {assessment.pk} is already submitted")
        self.assessment = assessment


# savepoint=False: the view wraps each call in its own transaction with the notifications it
# queues; a savepoint inside it would cost two queries and undo nothing the view keeps.
@transaction.atomic(savepoint=False)
def save_draft(*, assessment, requirements, levels, evidence):
    """Store the learner's levels and evidence on a draft, creating the draft if new."""
    assessment, _ = _save(assessment, requirements, levels, evidence, snapshot=False)
    learner_activity.send(Assessment, learner_id=assessment.learner_id)
    return assessment


@transaction.atomic(savepoint=False)
def submit_assessment(*, assessment, requirements, levels, evidence):
    """Save the ratings, snapshot each requirement onto its rating, store readiness, submit."""
    assessment, ratings = _save(assessment, requirements, levels, evidence, snapshot=True)
    scored = [to_skill_rating(rating) for rating in ratings]
    previous = (
        Assessment.objects.select_for_update()
        .filter(learner_id=assessment.learner_id, role_id=assessment.role_id, is_latest=True)
        .only("readiness")
        .first()
    )
    if previous:
        Assessment.objects.filter(pk=previous.pk).update(is_latest=False)
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
    # The re-rating of the role's plan items marked done since the previous result.
    PlanItem.objects.filter(
        plan__learner_id=assessment.learner_id,
        plan__role_id=assessment.role_id,
        status=PlanItem.Status.DONE,
        after_result=None,
    ).update(after_result=assessment)
    learner_activity.send(Assessment, learner_id=assessment.learner_id)
    return assessment


def _save(assessment, requirements, levels, evidence, *, snapshot):
    """Write the assessment and its ratings (with the requirement snapshot when submitting);
    return both. The caller holds the transaction."""
    is_new = assessment.pk is None
    if not is_new:
        # Lock the row: a second request for the same draft waits here, then sees it submitted.
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if not assessment.is_draft:
            raise AlreadySubmitted(assessment)
    assessment.updated_at = timezone.now()
    assessment.save()

    existing = {} if is_new else {rating.skill_id: rating for rating in assessment.ratings.all()}
    fields = ["skill_name", "level", "evidence", "position"]
    if snapshot:
        fields += ["required_level", "importance"]
    ratings, new, changed = [], [], []
    for position, requirement in enumerate(requirements):
        skill = requirement.skill
        values = {
            "skill_name": skill.name,
            "level": levels.get(skill.pk),
            "evidence": evidence.get(skill.pk, ""),
            "position": position,
        }
        if snapshot:
            values |= {"required_level": requirement.level, "importance": requirement.importance}
        rating = existing.pop(skill.pk, None)
        if rating is None:
            rating = Rating(assessment=assessment, skill_id=skill.pk, **values)
            new.append(rating)
        elif any(getattr(rating, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(rating, name, value)
            changed.append(rating)
        ratings.append(rating)
    Rating.objects.bulk_create(new)
    if changed:
        Rating.objects.bulk_update(changed, fields)
    if existing:
        # Skills the role no longer requires are dropped: the result matches the role as it is.
        Rating.objects.filter(pk__in=[r.pk for r in existing.values()]).delete()
    return assessment, ratings


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
