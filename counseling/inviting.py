"""Personal invitations: one per address on a roster, mailed, single-use, renewable."""

from django.core.mail import send_mail
from django.db import transaction
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import Assignment, Invitation, invitation_expiry

ON_CASELOAD = "already on your caseload"
INVITED = "already invited: resend it from the list below"


@transaction.atomic
def invite(request, counselor, lines):
    """Invite every roster line (counseling.roster.Line) that can be; set each line's problem
    for those that cannot. The invitations and their mail commit together."""
    good = [line for line in lines if not line.problem]
    addresses = {line.email.lower() for line in good}
    on_caseload = set(
        Assignment.objects.filter(counselor=counselor)
        .annotate(address=Lower("learner__email"))
        .filter(address__in=addresses)
        .values_list("address", flat=True)
    )
    pending = {
        invitation.email.lower()
        for invitation in Invitation.objects.filter(counselor=counselor, revoked_at=None)
        .exclude(email="")
        .annotate(address=Lower("email"))
        .filter(address__in=addresses, accepted_at=None, expires_at__gt=timezone.now())
    }
    invited = []
    for line in good:
        address = line.email.lower()
        if address in on_caseload:
            line.problem = ON_CASELOAD
        elif address in pending:
            line.problem = INVITED
        else:
            invited.append(
                Invitation(
                    counselor=counselor, email=line.email, name=line.name, sent_at=timezone.now()
                )
            )
    for invitation in Invitation.objects.bulk_create(invited):
        mail(request, invitation)
    return invited


@transaction.atomic
def resend(request, invitation):
    """Mail a personal invitation again, working for another full period from now."""
    invitation.sent_at = timezone.now()
    invitation.expires_at = invitation_expiry()
    invitation.save(update_fields=["sent_at", "expires_at"])
    mail(request, invitation)


def mail(request, invitation):
    counselor = invitation.counselor
    context = {
        "invitation": invitation,
        "counselor_name": counselor.get_full_name() or counselor.email,
        "url": request.build_absolute_uri(
            reverse("counseling:accept_invitation", args=[invitation.token])
        ),
    }
    subject = f"{context['counselor_name']} invites you to share your careersite results"
    body = render_to_string("counselor/invitation_email.txt", context)
    send_mail(subject, body, None, [invitation.email])  # queued: careersite/mail.py
