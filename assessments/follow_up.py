"""What a learner's counselors left for them: who follows them, action items, feedback.

The dashboard shows these on every view, so their HTML is cached per learner and dropped
whenever a note, an action item or an assignment of that learner is saved or deleted (see
apps.py). The HTML holds forms, so it is cached with slots for what belongs to one request
(the CSRF token, the page to return to), filled in on every view.
"""

from html import escape

from django.core.cache import cache
from django.db import transaction
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from .models import ActionItem, Assignment, Note

FOLLOW_UP_TTL = 10 * 60
FEEDBACK_SHOWN = 20
# No stored text can hold a NUL: Django's form fields refuse it and PostgreSQL cannot store it.
CSRF_SLOT = "\x00csrf\x00"
NEXT_SLOT = "\x00next\x00"


def follow_up_key(learner_id):
    return f"follow-up:v2:{learner_id}"


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


def follow_up_html(request, *, cached=None):
    """The signed-in learner's follow-up sections, from the cache (or `cached`, already
    read under follow_up_key) or rendered, with this request's token and path filled in."""
    html = cached
    if html is None:
        context = {
            **load_follow_up(request.user.pk),
            "csrf_token": CSRF_SLOT,
            "next_path": NEXT_SLOT,
        }
        html = render_to_string("assessments/_follow_up.html", context)
        cache.set(follow_up_key(request.user.pk), html, FOLLOW_UP_TTL)
    filled = html.replace(CSRF_SLOT, get_token(request)).replace(NEXT_SLOT, escape(request.path))
    return mark_safe(filled)  # noqa: S308 - rendered by an autoescaping template; fills escaped


def forget_follow_up(sender, instance, **kwargs):
    """Drop a learner's cached follow-up when one of its rows changes (a signal receiver)."""
    key = follow_up_key(instance.learner_id)
    cache.delete(key)
    # Again on commit: a view that read the rows before the commit may have stored them since.
    transaction.on_commit(lambda: cache.delete(key), robust=True)
