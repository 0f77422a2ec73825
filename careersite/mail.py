"""Email through the task queue: the app's mailer enqueues, the worker delivers.

MAILERS["default"] is EmailQueue. Whatever sends mail (the counseling notifications,
allauth's confirmation and password-reset messages) writes one `deliver` task per recipient
into the database, in the transaction of the change that caused it: a change that rolls
back sends nothing, and no request waits on the mail server. The worker
(`manage.py db_worker`) runs each task outside any transaction and sends through
MAILERS["outgoing"], the real mailer. A failed attempt stays in the task table as FAILED
with its error (Django admin → Task results) and schedules the next one, later each time,
until MAX_ATTEMPTS; the last failure is kept the same way.
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.tasks import task
from django.utils import timezone

OUTGOING = "outgoing"  # the MAILERS alias of the real mailer; only the worker sends with it
MAX_ATTEMPTS = 8  # with the default waits (settings.MAIL_*_RETRY), about two hours of tries


class DeliveryFailed(Exception):
    """One attempt to hand a queued message to the mail server failed."""


class EmailQueue(BaseEmailBackend):
    """Enqueue every message, once per recipient, instead of sending it."""

    def send_messages(self, email_messages):
        queued = 0
        for message in email_messages:
            # One message each (to, cc and bcc alike): recipients never see each other, and
            # one refused address cannot hold up the others.
            for recipient in message.recipients():
                deliver.enqueue(as_data(message, recipient))
            queued += bool(message.recipients())
        return queued


def as_data(message, recipient):
    """The message for one recipient, as the JSON a task carries."""
    if message.attachments:
        raise ValueError("Attachments cannot be queued: send a link to the file instead.")
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "content_subtype": message.content_subtype,  # "html" for an HTML-only message
        "from_email": str(message.from_email),
        "to": recipient,
        "reply_to": [str(address) for address in message.reply_to],
        "headers": {str(name): str(value) for name, value in message.extra_headers.items()},
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
    }


@task
def deliver(message, attempt=1):
    """Send one queued message; when that fails, schedule the next attempt and fail."""
    email = EmailMultiAlternatives(
        message["subject"],
        message["body"],
        message["from_email"],
        [message["to"]],
        reply_to=message["reply_to"],
        headers=message["headers"],
        alternatives=[tuple(alternative) for alternative in message["alternatives"]],
    )
    email.content_subtype = message["content_subtype"]
    try:
        email.send(using=OUTGOING)
    except Exception as error:
        reason = f"{type(error).__name__}: {error}"
        if attempt >= MAX_ATTEMPTS:
            raise DeliveryFailed(
                f"attempt {attempt} of {MAX_ATTEMPTS} failed; no more tries: {reason}"
            ) from error
        next_try = timezone.now() + retry_delay(attempt)
        deliver.using(run_after=next_try).enqueue(message, attempt=attempt + 1)
        # Raised, so the worker keeps this attempt as a FAILED task with the error.
        raise DeliveryFailed(
            f"attempt {attempt} of {MAX_ATTEMPTS} failed; "
            f"next try at {next_try:%Y-%m-%d %H:%M:%S %Z}: {reason}"
        ) from error


def retry_delay(attempt):
    """How long to wait after failed attempt number `attempt`: the first wait, doubled after
    each failure, up to the longest."""
    seconds = min(settings.MAIL_FIRST_RETRY * 2 ** (attempt - 1), settings.MAIL_LONGEST_RETRY)
    return datetime.timedelta(seconds=seconds)


def forget_mail_to(address):
    """Delete every queued, sent or failed message to `address` (an account being deleted):
    the rows hold what was sent, password-reset links included."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=deliver.module_path, args_kwargs__args__0__to=address
    ).delete()[0]
