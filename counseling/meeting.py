"""The top of a learner's page in the workspace: what a review meeting opens with."""

from dataclasses import dataclass

from django.utils import timezone

from assessments import gaps


@dataclass
class RoleLine:
    title: str
    readiness: float
    change: float | None  # since the previous result for the role; None for a first one
    result: object


@dataclass
class Summary:
    roles: list
    open_items: int
    overdue_items: int
    last_feedback: object  # the newest feedback note, or None
    calibration: gaps.Calibration | None  # of the result shown, if a counselor validated any


def summary(results, action_items, notes, ratings):
    """From the learner's results (newest first), action items, notes (newest first) and the
    ratings of the result shown on the page, all read already: no queries."""
    latest, previous = {}, {}
    for result in results:
        if result.role_id not in latest:
            latest[result.role_id] = result
        elif result.role_id not in previous:
            previous[result.role_id] = result
    roles = [
        RoleLine(
            result.role_title,
            float(result.readiness),
            float(result.readiness - previous[role].readiness) if role in previous else None,
            result,
        )
        for role, result in latest.items()
    ]
    today = timezone.localdate()
    open_items = [item for item in action_items if not item.is_done]
    feedback = [note for note in notes if note.kind == note.Kind.FEEDBACK]
    pairs = [
        (rating.skill_name, rating.level, rating.validated_level)
        for rating in ratings
        if rating.level is not None and rating.validated_level is not None
    ]
    return Summary(
        roles=roles,
        open_items=len(open_items),
        overdue_items=sum(1 for item in open_items if item.due and item.due < today),
        last_feedback=feedback[0] if feedback else None,
        calibration=gaps.calibration(pairs) if pairs else None,
    )
