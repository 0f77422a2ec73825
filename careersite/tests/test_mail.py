"""Mail goes through the queue: enqueued with the change, sent by the worker, retried, kept."""

import datetime
import socket

import pytest
from django.core.mail import EmailMessage, EmailMultiAlternatives, send_mail
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from careersite import settings as site_settings
from careersite.mail import MAX_ATTEMPTS, retry_delay
from counseling.models import Assignment

pytestmark = pytest.mark.django_db

LOCMEM = {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
TASKS_ADMIN = "/admin/django_tasks_database/dbtaskresult/"


def smtp_on(port):
    """An SMTP mailer for a local port, giving up after half a second of silence."""
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 0.5},
    }


@pytest.fixture
def refusing_port():
    """A port nothing listens on: every connection is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@pytest.fixture
def silent_port():
    """A port that takes connections (the kernel accepts them) and never says a word."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


@pytest.fixture
def outgoing(settings):
    """`outgoing(mailer)` makes the worker send through that MAILERS entry."""

    def use(mailer):
        settings.MAILERS = {**settings.MAILERS, "outgoing": mailer}

    return use


def queued():
    return DBTaskResult.objects.filter(task_path="careersite.mail.deliver")


def recipient(row):
    return row.args_kwargs["args"][0]["to"]


def make_retries_due():
    """Bring every scheduled retry forward to now, as if its wait were over."""
    queued().filter(status=TaskResultStatus.READY).update(run_after=timezone.now())


def test_the_app_sends_through_the_queue_and_the_worker_through_email_url(settings):
    assert site_settings.MAILERS["default"] == {"BACKEND": "careersite.mail.EmailQueue"}
    assert site_settings.MAILERS["outgoing"]["BACKEND"].startswith("django.core.mail.backends.")
    # The test runner swaps every mailer for its in-memory one; conftest.py puts the queue back.
    assert settings.MAILERS["default"] == site_settings.MAILERS["default"]


def test_a_submit_by_a_learner_on_two_caseloads_mails_each_counselor_once(
    client,
    learner,
    counselor,
    other_counselor,
    make_role,
    form_data,
    start_token,
    mailoutbox,
    deliver_mail,
):
    role = make_role("review", skills=2)
    Assignment.objects.assign(counselor=counselor, learner=learner)
    Assignment.objects.assign(counselor=other_counselor, learner=learner)
    client.force_login(learner)

    response = client.post(
        f"/assessments/new/{role.slug}/", form_data(role, token=start_token(client, role))
    )

    assert response.status_code == 302
    assert mailoutbox == []  # the request only queued one task for the news
    news = DBTaskResult.objects.get(task_path="counseling.notifications.tell_counselors")
    assert not queued().exists()
    outbox = deliver_mail()
    news.refresh_from_db()
    assert news.status == TaskResultStatus.SUCCESSFUL
    assert sorted(recipient(row) for row in queued()) == [
        "counselor2@example.com",
        "counselor@example.com",
    ]
    assert sorted(m.to for m in outbox) == [["counselor2@example.com"], ["counselor@example.com"]]
    assert {m.subject for m in outbox} == {"Lena Learner submitted a Review assessment"}
    assert set(queued().values_list("status", flat=True)) == {TaskResultStatus.SUCCESSFUL}
    assert len(deliver_mail()) == 2  # a second run finds nothing left to send


def test_each_recipient_gets_a_message_of_their_own_with_everything_in_it(deliver_mail):
    message = EmailMultiAlternatives(
        "Hello",
        "Plain text",
        "careers@example.edu",
        ["a@example.com", "b@example.com"],
        cc=["c@example.com"],
        bcc=["d@example.com"],
        reply_to=["office@example.edu"],
        headers={"X-Careersite": "test"},
    )
    message.attach_alternative("<p>HTML</p>", "text/html")
    message.send()

    outbox = deliver_mail()
    assert sorted(m.to for m in outbox) == [[f"{c}@example.com"] for c in "abcd"]
    for sent in outbox:
        assert (sent.subject, sent.body, sent.from_email) == (
            "Hello",
            "Plain text",
            "careers@example.edu",
        )
        assert (sent.cc, sent.bcc, sent.reply_to) == ([], [], ["office@example.edu"])
        assert sent.alternatives == [("<p>HTML</p>", "text/html")]
        assert sent.extra_headers == {"X-Careersite": "test"}


def test_an_html_only_message_stays_html(deliver_mail):
    message = EmailMessage("Hello", "<p>HTML</p>", None, ["a@example.com"])
    message.content_subtype = "html"
    message.send()

    [sent] = deliver_mail()
    assert sent.content_subtype == "html"
    assert sent.message().get_content_type() == "text/html"


def test_a_change_that_rolls_back_queues_nothing(learner, deliver_mail):
    with pytest.raises(RuntimeError), transaction.atomic():
        learner.first_name = "Renamed"
        learner.save()
        send_mail("Your name changed", "It is Renamed now.", None, [learner.email])
        raise RuntimeError("something after the mail failed")

    assert not queued().exists()
    assert deliver_mail() == []


def test_a_password_reset_answers_without_the_mail_server_and_is_sent_once_it_answers(
    client, learner, outgoing, silent_port, mailoutbox, deliver_mail
):
    outgoing(smtp_on(silent_port))  # a request that sent would wait on it, then fail

    response = client.post("/accounts/password/reset/", {"email": learner.email})

    assert response.status_code == 302
    assert mailoutbox == []
    assert [row.status for row in queued()] == [TaskResultStatus.READY]

    assert deliver_mail() == []  # the server never answers: the attempt times out
    failed = queued().get(status=TaskResultStatus.FAILED)
    assert "attempt 1 of 8 failed; next try at" in failed.traceback
    assert "timed out" in failed.traceback

    outgoing(LOCMEM)  # the server is back
    make_retries_due()
    outbox = deliver_mail()
    assert [m.to for m in outbox] == [[learner.email]]
    assert "/accounts/password/reset/key/" in outbox[0].body


def test_a_refused_attempt_is_kept_with_its_error_and_the_next_one_scheduled_later(
    outgoing, refusing_port, deliver_mail
):
    outgoing(smtp_on(refusing_port))
    send_mail("Hello", "Body", None, ["a@example.com"])
    started = timezone.now()

    assert deliver_mail() == []

    failed = queued().get(status=TaskResultStatus.FAILED)
    assert failed.exception_class_path == "careersite.mail.DeliveryFailed"
    assert "attempt 1 of 8 failed; next try at" in failed.traceback
    assert "ConnectionRefusedError" in failed.traceback
    retry = queued().get(status=TaskResultStatus.READY)
    assert retry.args_kwargs == {"args": failed.args_kwargs["args"], "kwargs": {"attempt": 2}}
    wait = retry.run_after - started
    assert datetime.timedelta(seconds=59) < wait < datetime.timedelta(seconds=61)


def test_retries_wait_longer_each_time_up_to_an_hour():
    minutes = [retry_delay(attempt) / datetime.timedelta(minutes=1) for attempt in range(1, 9)]
    assert minutes == [1, 2, 4, 8, 16, 32, 60, 60]


def test_the_waits_between_retries_are_settings(settings):
    settings.MAIL_FIRST_RETRY, settings.MAIL_LONGEST_RETRY = 0.5, 3
    seconds = [retry_delay(attempt).total_seconds() for attempt in range(1, 6)]
    assert seconds == [0.5, 1, 2, 3, 3]


def test_a_message_that_keeps_failing_is_kept_and_staff_see_why_in_admin(
    client, make_user, staff, outgoing, refusing_port, deliver_mail
):
    outgoing(smtp_on(refusing_port))
    send_mail("Hello", "Body", None, ["a@example.com"])

    for _ in range(MAX_ATTEMPTS + 2):  # two more runs than attempts: nothing comes back
        deliver_mail()
        make_retries_due()

    attempts = list(queued().order_by("enqueued_at"))
    assert [row.status for row in attempts] == [TaskResultStatus.FAILED] * MAX_ATTEMPTS
    last = attempts[-1]
    assert "attempt 8 of 8 failed; no more tries: ConnectionRefusedError" in last.traceback
    assert recipient(last) == "a@example.com"

    admin = make_user("admin@example.com", is_staff=True, is_superuser=True)
    client.force_login(admin)
    listing = client.get(TASKS_ADMIN, {"status__exact": "FAILED"})
    assert listing.status_code == 200
    assert listing.content.decode().count(f"{TASKS_ADMIN}{last.pk}/change/") == 1
    page = client.get(f"{TASKS_ADMIN}{last.pk}/change/")
    assert page.status_code == 200
    assert "attempt 8 of 8 failed; no more tries: ConnectionRefusedError" in page.content.decode()

    # The queue holds people's mail (reset links included): content editors cannot read it.
    client.force_login(staff)
    assert client.get(TASKS_ADMIN).status_code == 403


def test_deleting_an_account_deletes_the_mail_kept_for_its_address(
    client, learner, counselor, password, deliver_mail
):
    send_mail("Reset your password", "https://example.com/reset/secret", None, [learner.email])
    send_mail("Something else", "Not about the learner.", None, [counselor.email])
    deliver_mail()
    client.force_login(learner)
    assert client.post("/accounts/data/", {"password": password}).status_code == 302
    assert [recipient(row) for row in queued()] == [counselor.email]
