"""`{% follow_up %}`: the one way the learner's pages show what counselors left for them.

The assessments app renders the dashboard and the list but knows nothing of counseling; their
templates load this library, so the dependency stays counseling → assessments.
"""

from django import template
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from careersite.jinja2 import render_fragment

from ..follow_up import load_follow_up
from ..models import ActionItem, Note

register = template.Library()


@register.simple_tag(takes_context=True)
def follow_up(context):
    """The signed-in learner's counselors, action items and feedback, with their forms, from
    a Jinja2 template (careersite/jinja2.py says why)."""
    request = context["request"]
    found = load_follow_up(request.user.pk)
    items = found["action_items"]
    shown = {
        **found,
        # Open ones first, whichever end of the order the database puts a NULL done_at.
        "action_items": [i for i in items if not i.is_done] + [i for i in items if i.is_done],
        "open_items": sum(not i.is_done for i in items),
        "next_path": request.path,
    }
    return render_fragment("counselor/follow_up.html", shown, request=request)


@register.simple_tag
def with_follow_up(results):
    """The learner's results (a queryset of one learner's assessments), each with what their
    counselors left about its career: `open_items`, and `new_feedback` (true when feedback
    came after the result was submitted). Inside the results' own query: a subquery each.

    About its career means written against one of the learner's results for that role, or
    against none (such follow-up shows on every report).
    """
    about_career = Q(assessment__role_id=OuterRef("role_id")) | Q(assessment__isnull=True)
    open_items = (
        ActionItem.objects.filter(about_career, learner_id=OuterRef("learner_id"), done_at=None)
        .order_by()
        .values("learner_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    new_feedback = Note.objects.filter(
        about_career,
        learner_id=OuterRef("learner_id"),
        kind=Note.Kind.FEEDBACK,
        created_at__gt=OuterRef("submitted_at"),
    )
    return results.annotate(
        open_items=Coalesce(Subquery(open_items), 0), new_feedback=Exists(new_feedback)
    )
