"""A learner accepting a counselor's invitation link: explicit consent to share results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ..models import Assignment, Invitation, is_counselor


@login_required
@require_http_methods(["GET", "POST"])
def accept(request, token):
    invitation = get_object_or_404(Invitation.objects.select_related("counselor"), token=token)
    counselor = invitation.counselor
    name = counselor.get_full_name() or counselor.email
    own = counselor.pk == request.user.pk
    # Invitations are for learners: a counselor's or staff member's account on a caseload would
    # show up in another counselor's workspace as a learner. (Their own link says so itself.)
    refused = not own and (is_counselor(request.user) or request.user.is_staff)
    joined = Assignment.objects.filter(counselor=counselor, learner=request.user).exists()
    if request.method == "POST" and not (own or refused or joined):
        if join_caseload(invitation=invitation, learner=request.user):
            messages.success(request, f"{name} can now see your results. You can leave any time.")
            return redirect("assessments:list")
    usable = invitation.is_usable() or joined
    context = {
        "invitation": invitation,
        "name": name,
        "own": own,
        "refused": refused,
        "joined": joined,
    }
    # 410 Gone: the link existed but was revoked or has expired.
    status = 403 if refused else 200 if usable else 410
    return render(request, "counselor/invitation_accept.html", context, status=status)


@transaction.atomic
def join_caseload(*, invitation, learner):
    """Assign the learner to the inviting counselor if the link still works; say whether it did."""
    # Lock the invitation: a revoke that lands first wins, one that lands later waits.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable():
        return False
    Assignment.objects.assign(counselor_id=invitation.counselor_id, learner=learner)
    if invitation.personal:  # used up: a personal invitation works once
        invitation.accepted_at, invitation.accepted_by = timezone.now(), learner
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return True
