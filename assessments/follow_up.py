"""What a learner's counselors left for them: who follows them, action items, feedback.

The dashboard shows these on every view, so they are cached per learner and dropped whenever
a note, an action item or an assignment of that learner is saved or deleted (see apps.py).
"""

from django.core.cache import cache

from .models import ActionItem, Assignment, Note

FOLLOW_UP_TTL = 10 * 60
FEEDBACK_SHOWN = 20


def follow_up_key(learner_id):
    return f"follow-up:v1:{learner_id}"


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


def follow_up(learner_id, *, cached=None):
    """The follow-up lists, from the cache (or `cached`, already read) or the database."""
    if cached is None:
        cached = load_follow_up(learner_id)
        cache.set(follow_up_key(learner_id), cached, FOLLOW_UP_TTL)
    return cached


def forget_follow_up(sender, instance, **kwargs):
    """Drop a learner's cached follow-up when one of its rows changes (a signal receiver)."""
    cache.delete(follow_up_key(instance.learner_id))
