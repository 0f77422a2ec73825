"""Everything careersite holds about one person, for export (GDPR Art. 15 and 20)."""

from assessments.models import Assessment, Plan, Rating
from counseling.models import ActionItem, Note


def export_for(user):
    """A JSON-ready dict of the user's profile, assessments, ratings, feedback, action items
    and plans."""
    ratings_by_assessment = {}
    for rating in Rating.objects.filter(assessment__learner=user).order_by(
        "assessment", "position"
    ):
        ratings_by_assessment.setdefault(rating.assessment_id, []).append(
            {
                "skill": rating.skill_name,
                "level": rating.level,
                "evidence": rating.evidence,
                "required_level": rating.required_level,
                "importance": rating.importance,
                "validated_level": rating.validated_level,
            }
        )
    return {
        "profile": {
            "email": user.email,
            "name": user.get_full_name(),
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "assessments": [
            {
                "id": a.pk,
                "role": a.role_title,
                "status": a.status,
                "created_at": a.created_at.isoformat(),
                "submitted_at": a.submitted_at.isoformat() if a.submitted_at else None,
                "readiness": float(a.readiness) if a.readiness is not None else None,
                "validated_readiness": (
                    float(a.validated_readiness) if a.validated_readiness is not None else None
                ),
                "ratings": ratings_by_assessment.get(a.pk, []),
            }
            for a in Assessment.objects.owned_by(user).order_by("created_at")
        ],
        # Private counselor notes are the counselor's working notes, not addressed to the learner.
        "feedback": [
            {"from": _name(n.author), "date": n.created_at.isoformat(), "text": n.body}
            for n in Note.objects.filter(learner=user, kind=Note.Kind.FEEDBACK)
            .select_related("author")
            .order_by("created_at")
        ],
        "action_items": [
            {
                "from": _name(i.author),
                "text": i.text,
                "due": i.due.isoformat() if i.due else None,
                "done_at": i.done_at.isoformat() if i.done_at else None,
            }
            for i in ActionItem.objects.filter(learner=user).select_related("author")
        ],
        "plans": [
            {
                "role": plan.role.title,
                "created_at": plan.created_at.isoformat(),
                "items": [_plan_item(item) for item in plan.items.all()],
            }
            for plan in Plan.objects.filter(learner=user)
            .select_related("role")
            .prefetch_related("items__skills", "items__events__by", "items__added_by")
        ],
        "counselors": [
            _name(link.counselor) for link in user.counselor_assignments.select_related("counselor")
        ],
    }


def _plan_item(item):
    return {
        "title": item.title,
        "skills": [skill.name for skill in item.skills.all()],
        "status": item.status,
        "target_date": item.target_date.isoformat() if item.target_date else None,
        "added_by": _name(item.added_by),
        "done_at": item.done_at.isoformat() if item.done_at else None,
        "history": [
            {"what": event.what_text, "by": _name(event.by), "at": event.at.isoformat()}
            for event in item.events.all()
        ],
    }


def _name(user):
    if user is None:
        return None
    return user.get_full_name() or user.email
