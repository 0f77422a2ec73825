"""`{% follow_up %}`: the one way the learner's pages show what counselors left for them.

The assessments app renders the dashboard but knows nothing of counseling; its template
loads this library, so the dependency stays counseling → assessments.
"""

from django import template

from ..follow_up import load_follow_up

register = template.Library()


@register.inclusion_tag("counselor/follow_up.html", takes_context=True)
def follow_up(context):
    """The signed-in learner's counselors, action items and feedback, with their forms."""
    request = context["request"]
    return {
        **load_follow_up(request.user.pk),
        "csrf_token": context.get("csrf_token"),
        "next_path": request.path,
    }
