"""What a learner's counselors left for them: who follows them, action items, feedback.

Read from the database on every view of the learner's dashboard (three small indexed
queries), through the `{% follow_up %}` tag in templatetags/follow_up.py: these rows change
often and carry forms, so caching them bought little and cost a layer of invalidation.
"""

from .models import ActionItem, Assignment, Note

FEEDBACK_SHOWN = 20


def load_follow_up(learner_id):
    """The learner's counselors, action items and latest feedback, as lists."""
    return {
        "counselors": list(
            Assignment.objects.filter(learner_id=learner_id).select_related("counselor")
        ),
        "action_items": list(
            ActionItem.objects.filter(learner_id=learner_id).select_related("author")
        ),
        "feedback": list(
            Note.objects.filter(learner_id=learner_id, kind=Note.Kind.FEEDBACK).select_related(
                "author"
            )[:FEEDBACK_SHOWN]
        ),
    }
