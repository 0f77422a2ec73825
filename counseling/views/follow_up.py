"""What a learner does with their counselors' follow-up: tick action items, leave a caseload."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ..models import ActionItem, Assignment


def back(request, default="assessments:list", *, fragment=""):
    """Redirect to the page the form came from, if it is on this site (at `#fragment`, if
    given), else to `default`."""
    target = request.POST.get("next", "")
    # Only a path on this site: redirect() would take anything else for a view name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return HttpResponseRedirect(f"{target}#{fragment}" if fragment else target)
    return redirect(default)


@login_required
@require_POST
def toggle_action_item(request, pk):
    item = get_object_or_404(ActionItem, pk=pk, learner=request.user)
    item.toggle()
    messages.success(request, f"Marked {'done' if item.is_done else 'not done'}: {item.text}")
    return back(request, fragment=f"action-{item.pk}")  # where the learner was, at the item


@login_required
@require_POST
def leave_caseload(request, counselor_id):
    # counselor__pk (not counselor_id) gets Django's out-of-range id check: a 404, not a 500.
    assignment = get_object_or_404(Assignment, counselor__pk=counselor_id, learner=request.user)
    name = assignment.counselor.get_full_name() or assignment.counselor.email
    assignment.end()
    messages.success(request, f"You left {name}'s caseload; they can no longer see your results.")
    return back(request)
