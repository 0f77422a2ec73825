"""Emails between learners and counselors.

Called inside the transaction of the change they announce: sending only queues each message
(careersite/mail.py), so it commits or rolls back with the change, and the worker mails it.
"""

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.tasks import task
from django.urls import reverse

from assessments.models import Assessment


def result_submitted(sender, *, request, assessment, **kwargs):
    """Queue the news of a new result for the learner's counselors (a receiver of
    assessments.signals.result_submitted): one task row in the submit's transaction, whatever
    the number of counselors; the worker finds them and writes to each."""
    url = request.build_absolute_uri(
        reverse("counselor:result", args=[assessment.learner_id, assessment.pk])
    )
    tell_counselors.enqueue(assessment.pk, url)


@task
def tell_counselors(assessment_id, url):
    """Run by the worker: one message to each counselor following the learner now."""
    assessment = Assessment.objects.select_related("learner").filter(pk=assessment_id).first()
    if assessment is None:  # deleted since, with the learner's account
        return 0
    learner = assessment.learner
    counselors = (
        get_user_model()
        .objects.filter(caseload_assignments__learner=learner)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    subject = f"{_name(learner)} submitted a {assessment.role_title} assessment"
    body = (
        f"{_name(learner)} submitted a new {assessment.role_title} result: "
        f"{assessment.readiness:.0f}% ready.\n\nReview it here: {url}\n"
    )
    # One message each (each queued on its own), so counselors do not learn who else follows
    # the learner, and one refused address holds up no one else.
    for email in counselors:
        send_mail(subject, body, None, [email])
    return len(counselors)


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
    send_mail(subject, body, None, [item.learner.email])


def _name(user):
    return (user.get_full_name() or user.email) if user else "A counselor"
