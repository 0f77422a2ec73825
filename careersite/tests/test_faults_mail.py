"""Faults staged against the real thing (issue 12), the mail server: it refuses, or takes
connections and never answers. Submit, feedback, signup and password reset still answer
within a second, and once it answers every message arrives, once each.
"""

import threading
import time
import urllib.parse
import urllib.request
from collections import Counter

import pytest

from .fault_site import (
    QUICK,
    Visitor,
    deliveries,
    every_skill_at,
    hidden,
    production_env,
    rows,
    running_site,
    signup,
)
from .fault_world import MailServer, wait_for

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("fault", ["refusing", "silent"])
def test_requests_never_wait_on_a_failing_mail_server_and_no_message_is_lost(
    fault, scratch_database, static_root, free_port, tmp_path
):
    mail = MailServer(free_port())
    mail.refuse() if fault == "refusing" else mail.go_silent()
    email_url = f"smtp://127.0.0.1:{mail.port}?tls=0&timeout=0.5"
    env = production_env(scratch_database, "locmem://", email_url, static_root)
    with running_site(env, free_port, tmp_path) as (site, learner_id):
        learner, counselor, anonymous = Visitor(site), Visitor(site), Visitor(site)
        learner.sign_in("lena@example.com")
        counselor.sign_in("cora@example.com")
        timed = {
            "submit": learner.submit(
                "/assessments/new/mlops-engineer/", every_skill_at(3, submit="1")
            ),
            "feedback": counselor.submit(
                f"/counselor/learners/{learner_id}/",
                {"kind": "feedback", "body": "Strong on Python; next, Docker."},
                to=f"/counselor/learners/{learner_id}/notes/",
            ),
            "signup": anonymous.submit("/accounts/signup/", signup("nia@example.com")),
            "signup, known address": Visitor(site).submit(
                "/accounts/signup/", signup("lou@example.com")
            ),
            "password reset": Visitor(site).submit(
                "/accounts/password/reset/", {"email": "lena@example.com"}
            ),
        }
        for action, answer in timed.items():
            assert answer.status == 302, f"{action}: {answer.status}"
            assert answer.seconds < QUICK, f"{action} took {answer.seconds:.2f} s"

        expected = Counter({
            "cora@example.com": 1,  # Lena submitted a result
            "lena@example.com": 2,  # Cora's feedback; the password-reset link
            "nia@example.com": 1,  # confirm your address
            "lou@example.com": 1,  # somebody tried to sign up with your address
        })  # fmt: skip
        # Every message has failed at least once before the mail server answers.
        wait_for(lambda: deliveries(scratch_database, "FAILED") >= 5, "failed attempts")
        assert mail.received == []

        mail.answer()
        wait_for(lambda: len(mail.received) >= 5, "every message to arrive")
        time.sleep(2)  # time for a duplicate to arrive, if the worker sent any
        mail.refuse()
        assert Counter(to for to, _ in mail.received) == expected
        assert len(set(mail.received)) == len(mail.received)
        assert deliveries(scratch_database, "READY") == 0
        assert deliveries(scratch_database, "SUCCESSFUL") == 5


def test_parallel_signups_with_one_address_make_one_account_and_no_error(
    scratch_database, static_root, free_port, tmp_path
):
    env = production_env(scratch_database, "locmem://", "dummy://", static_root)
    with running_site(env, free_port, tmp_path, worker=False) as (site, _):
        visitors = [Visitor(site) for _ in range(10)]
        forms = [visitor.get("/accounts/signup/").body for visitor in visitors]

        def sign_up(index):
            # The same address, in two spellings: the database compares them lower-cased.
            data = signup("twin@example.com" if index % 2 else "TWIN@example.com")
            data["csrfmiddlewaretoken"] = hidden(forms[index], "csrfmiddlewaretoken")
            request = urllib.request.Request(
                site.url + "/accounts/signup/", urllib.parse.urlencode(data).encode(),
                headers={"Referer": site.url + "/accounts/signup/"},
            )  # fmt: skip
            answers[index] = visitors[index].send(request)

        answers = [None] * len(visitors)
        threads = [threading.Thread(target=sign_up, args=(i,)) for i in range(len(visitors))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert {(answer.status, answer.location) for answer in answers} == {
            (302, "/accounts/confirm-email/")
        }
        accounts = "SELECT COUNT(*) FROM auth_user WHERE LOWER(email) = 'twin@example.com'"
        assert rows(scratch_database, accounts) == [(1,)]
