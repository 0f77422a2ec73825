"""Inviting learners to the caseload: shareable links, and personal invitations by email."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from .. import inviting
from ..access import counselor_required
from ..forms import RosterForm
from ..models import Invitation

PER_PAGE = 50


@counselor_required
@require_http_methods(["GET", "POST"])
def invitations(request):
    if request.method == "POST":
        Invitation.objects.create(counselor=request.user)
        messages.success(request, "New invitation link created: copy it and send it to learners.")
        return redirect("counselor:invitations")
    return _list(request, RosterForm())


@counselor_required
@require_POST
def send_invitations(request):
    form = RosterForm(request.POST, request.FILES)
    if not form.is_valid():
        return _list(request, form, status=400)
    lines = form.cleaned_data["lines"]
    invited = inviting.invite(request, request.user, lines)
    count = len(invited)
    messages.success(request, f"{count} invitation{'s' if count != 1 else ''} sent.")
    # The form comes back empty and the report says what became of every line.
    return _list(request, RosterForm(), report=lines)


@counselor_required
@require_POST
def resend_invitation(request, pk):
    invitation = get_object_or_404(Invitation, pk=pk, counselor=request.user)
    if not invitation.personal or invitation.status in {"accepted", "revoked"}:
        messages.error(request, "Only a pending or expired invitation by email can be resent.")
    else:
        inviting.resend(request, invitation)
        messages.success(request, f"Invitation sent again to {invitation.email}.")
    return redirect(_back_to_list(request))


@counselor_required
@require_POST
def revoke_invitation(request, pk):
    invitation = get_object_or_404(Invitation, pk=pk, counselor=request.user)
    if invitation.revoked_at is None and invitation.status != "accepted":
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    messages.success(request, "Invitation revoked: its link no longer works.")
    return redirect(_back_to_list(request))


def _list(request, form, *, report=None, status=200):
    mine = Invitation.objects.filter(counselor=request.user).select_related("accepted_by")
    page = Paginator(mine, PER_PAGE).get_page(request.GET.get("page"))
    links = [
        (
            invitation,
            request.build_absolute_uri(
                reverse("counseling:accept_invitation", args=[invitation.token])
            ),
        )
        for invitation in page
    ]
    context = {"links": links, "page": page, "form": form, "report": report}
    return render(request, "counselor/invitation_list.html", context, status=status)


def _back_to_list(request):
    """The list page the button was on."""
    page = request.POST.get("page", "")
    url = reverse("counselor:invitations")
    return f"{url}?page={page}" if page.isdigit() else url
