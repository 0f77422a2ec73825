"""Reminders of plan items past their target date: one email per item, ever.

Run from cron (`manage.py send_plan_reminders`, e.g. daily). Each item is claimed by setting
its reminded_at in the transaction that queues its email, with an UPDATE that only matches an
unclaimed item: two runs at once, or one run twice, remind nobody twice. Changing an item's
target date clears the claim (planning.update), so a new date can be missed again.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import PlanItem


def overdue(today=None):
    """Open items past their target date whose learner has not been reminded of them yet."""
    today = today or timezone.localdate()
    return PlanItem.objects.filter(
        target_date__lt=today,
        status__in=[PlanItem.Status.PLANNED, PlanItem.Status.IN_PROGRESS],
        reminded_at=None,
    ).exclude(plan__learner__email="")


def send_reminders(today=None):
    """Queue one reminder per overdue item not claimed yet; returns how many were queued."""
    sent = 0
    for pk in list(overdue(today).values_list("pk", flat=True)):
        with transaction.atomic():
            claimed = PlanItem.objects.filter(pk=pk, reminded_at=None).update(
                reminded_at=timezone.now()
            )
            if claimed:
                _remind(PlanItem.objects.select_related("plan__learner", "plan__role").get(pk=pk))
                sent += 1
    return sent


def _remind(item):
    learner, role = item.plan.learner, item.plan.role
    context = {
        "name": learner.first_name or learner.get_full_name() or learner.email,
        "item": item,
        "role": role,
        "url": settings.SITE_URL
        + reverse("assessments:plan", args=[role.slug])
        + f"#item-{item.pk}",
    }
    body = render_to_string("assessments/plan_reminder_email.txt", context)
    title = " ".join(item.title.split())  # a subject is one line, whatever the title held
    subject = f"Your {role.title} plan: “{title}” was due {item.target_date:%-d %B}"
    send_mail(subject, body, None, [learner.email])
