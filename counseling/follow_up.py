"""What a learner's counselors left for them: who follows them, action items, feedback.

Read from the database on every view of the learner's dashboard, through the
`{% follow_up %}` tag in templatetags/follow_up.py: these rows change often and carry forms,
so caching them bought little and cost a layer of invalidation. Three small indexed queries
that read only the columns shown (no model rows, no joins for the default orderings): the
dashboard is the page learners open most.
"""

from dataclasses import dataclass
from datetime import date, datetime

from .models import ActionItem, Assignment, Note

FEEDBACK_SHOWN = 20


@dataclass(frozen=True)
class Counselor:
    id: int
    name: str


@dataclass(frozen=True)
class Item:
    id: int
    text: str
    due: date | None
    is_done: bool
    author: str  # "" once the author's account is gone


@dataclass(frozen=True)
class Feedback:
    body: str
    created_at: datetime
    author: str  # "" once the author's account is gone


def display_name(first_name, last_name, email):
    """As User.get_full_name(), or the email when there is no name."""
    return f"{first_name or ''} {last_name or ''}".strip() or email or ""


def load_follow_up(learner_id):
    """The learner's counselors, action items and latest feedback, as lists."""
    person = ("first_name", "last_name", "email")
    counselors = Assignment.objects.filter(learner_id=learner_id).order_by("-created_at", "id")
    items = ActionItem.objects.filter(learner_id=learner_id).order_by(
        "done_at", "due", "-created_at", "id"
    )
    feedback = Note.objects.filter(learner_id=learner_id, kind=Note.Kind.FEEDBACK).order_by(
        "-created_at", "-id"
    )
    return {
        "counselors": [
            Counselor(pk, display_name(*names))
            for pk, *names in counselors.values_list(
                "counselor_id", *(f"counselor__{field}" for field in person)
            )
        ],
        "action_items": [
            Item(pk, text, due, done_at is not None, display_name(*names))
            for pk, text, due, done_at, *names in items.values_list(
                "pk", "text", "due", "done_at", *(f"author__{field}" for field in person)
            )
        ],
        "feedback": [
            Feedback(body, created_at, display_name(*names))
            for body, created_at, *names in feedback.values_list(
                "body", "created_at", *(f"author__{field}" for field in person)
            )[:FEEDBACK_SHOWN]
        ],
    }
