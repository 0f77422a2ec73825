"""Emails between learners and counselors, sent once the change that caused them is committed."""

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse


def result_submitted(sender, *, request, assessment, **kwargs):
    """Tell each of the learner's counselors that a new result is in (a receiver of
    assessments.signals.result_submitted)."""
    learner = assessment.learner
    counselors = (
        get_user_model()
        .objects.filter(caseload_assignments__learner=learner)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    url = request.build_absolute_uri(reverse("counselor:result", args=[learner.pk, assessment.pk]))
    subject = f"{_name(learner)} submitted a {assessment.role_title} assessment"
    body = (
        f"{_name(learner)} submitted a new {assessment.role_title} result: "
        f"{assessment.readiness:.0f}% ready.\n\nReview it here: {url}\n"
    )
    # One message each, so counselors do not learn who else follows the learner.
    _send_after_commit([(subject, body, email) for email in counselors])


def feedback_posted(request, note):
    """Tell the learner about new feedback; private notes stay unannounced."""
    if note.kind == note.Kind.FEEDBACK:
        _tell_learner(request, note, f"New feedback from {_name(note.author)}", note.body)


def action_item_posted(request, item):
    """Tell the learner about a new action item."""
    due = f"\nDue {item.due:%-d %B %Y}." if item.due else ""
    _tell_learner(request, item, f"New action item from {_name(item.author)}", item.text + due)


def _tell_learner(request, item, subject, text):
    if not item.learner.email:
        return
    target = (
        reverse("assessments:dashboard", args=[item.assessment_id])
        if item.assessment_id
        else reverse("assessments:list")
    )
    link = request.build_absolute_uri(target)
    body = f"{_name(item.author)} wrote:\n\n{text}\n\nSee it on careersite: {link}\n"
    _send_after_commit([(subject, body, item.learner.email)])


def _send_after_commit(messages):
    def send():
        for subject, body, to in messages:
            send_mail(subject, body, None, [to])

    # robust: a mail server failure is logged; the saved change stands and the page still loads.
    transaction.on_commit(send, robust=True)


def _name(user):
    return (user.get_full_name() or user.email) if user else "A counselor"
