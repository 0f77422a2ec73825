"""Invitation links a counselor shares so learners can join the caseload themselves."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from ..access import counselor_required
from ..models import Invitation

SHOWN = 50


@counselor_required
@require_http_methods(["GET", "POST"])
def invitations(request):
    if request.method == "POST":
        Invitation.objects.create(counselor=request.user)
        messages.success(request, "New invitation link created: copy it and send it to a learner.")
        return redirect("counselor:invitations")
    links = [
        (
            invitation,
            request.build_absolute_uri(
                reverse("counseling:accept_invitation", args=[invitation.token])
            ),
        )
        for invitation in Invitation.objects.filter(counselor=request.user)[:SHOWN]
    ]
    return render(request, "counselor/invitation_list.html", {"links": links})


@counselor_required
@require_POST
def revoke_invitation(request, pk):
    invitation = get_object_or_404(Invitation, pk=pk, counselor=request.user)
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    messages.success(request, "Invitation revoked: the link no longer works.")
    return redirect("counselor:invitations")
