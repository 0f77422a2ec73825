"""Faults staged against the real thing (issue 12): gunicorn with two workers and the task
worker, production settings, and a mail server, Redis and database line this test controls.

- The mail server refuses, or accepts and never answers: submit, feedback, signup and
  password reset still answer within a second, and once it answers every message arrives,
  once each.
- Redis stops: no committed write answers 500, logins answer 503, /healthz 503; Redis comes
  back (from its append-only file) and all recovers, lockouts included, with no restart.
- PostgreSQL cannot be reached (refused, or silent): /healthz answers 503 within 2 s.
"""

import contextlib
import http.cookiejar
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

BASE_DIR = Path(__file__).resolve().parents[2]
PASSWORD = "fault-suite-password-5817"
SETUP = f"""
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, User
from counseling.models import COUNSELORS_GROUP, Assignment
from roles.catalog import load_catalog

load_catalog()
people = {{}}
for email, name in [("lena@example.com", "Lena"), ("cora@example.com", "Cora"),
                    ("lou@example.com", "Lou")]:
    people[email] = User.objects.create_user(email, email, {PASSWORD!r}, first_name=name)
    EmailAddress.objects.create(user=people[email], email=email, verified=True, primary=True)
people["cora@example.com"].groups.add(Group.objects.get(name=COUNSELORS_GROUP))
Assignment.objects.assign(counselor=people["cora@example.com"], learner=people["lena@example.com"])
print(people["lena@example.com"].pk)
"""
QUICK = 1.0  # seconds: what "answers at once" means here


# The world around the app ------------------------------------------------------------------


def listen_silently(port):
    """A socket that takes connections (the kernel completes them) and never says a word."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(64)
    return sock


class MailServer:
    """A mail server on one port: refusing (nothing listens), silent, or answering."""

    def __init__(self, port):
        self.port = port
        self.received = []  # (recipient, subject) of every message taken
        self._silent = self._answering = None

    def refuse(self):
        if self._silent:
            self._silent.close()
            self._silent = None
        if self._answering:
            self._answering.stop()
            self._answering = None

    def go_silent(self):
        self.refuse()
        self._silent = listen_silently(self.port)

    def answer(self):
        from aiosmtpd.controller import Controller

        received = self.received

        class Keep:
            async def handle_DATA(self, server, session, envelope):
                subject = re.search(rb"^Subject: (.*)$", envelope.content, re.M).group(1)
                for recipient in envelope.rcpt_tos:
                    received.append((recipient, subject.decode().strip()))
                return "250 Message accepted for delivery"

        self.refuse()
        self._answering = Controller(Keep(), hostname="127.0.0.1", port=self.port)
        self._answering.start()


class RedisServer:
    """A redis-server of the test's own, keeping its data in an append-only file."""

    def __init__(self, port, folder):
        self.port, self.folder, self.process = port, folder, None
        self.url = f"redis://127.0.0.1:{port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--dir", str(self.folder), "--save", "", "--appendonly", "yes",
             "--appendfsync", "always"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(lambda: self._answers(), "redis-server to answer")

    def stop(self):
        self.process.terminate()  # SIGTERM: Redis syncs its append-only file and exits
        self.process.wait(timeout=10)

    def _answers(self):
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
        return False


class DatabaseLine:
    """A TCP relay in front of PostgreSQL that can be cut: refused, or silent."""

    def __init__(self, port, target):
        self.port, self.target = port, target
        self._listener = self._silent = None
        self._links = []

    def relay(self):
        self.cut()
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.1)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def refuse(self):
        self.cut()

    def go_silent(self):
        self.cut()
        self._silent = listen_silently(self.port)

    def cut(self):
        for sock in [self._listener, self._silent, *self._links]:
            if sock:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
        self._listener = self._silent = None
        self._links = []

    def _accept(self, listener):
        while listener is self._listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            server = socket.create_connection(self.target)
            self._links += [client, server]
            for source, sink in [(client, server), (server, client)]:
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


def wait_for(condition, what, timeout=30):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.1)


# The app -----------------------------------------------------------------------------------


def manage(env, *args):
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env,
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, f"manage.py {args[0]}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """Static files collected once for the module: DEBUG off serves only the manifest's."""
    folder = tmp_path_factory.mktemp("static")
    manage({**os.environ, "DEBUG": "False", "SECRET_KEY": "x" * 50, "STATIC_ROOT": str(folder)},
           "collectstatic", "--noinput", "-v0")  # fmt: skip
    return folder


def production_env(database_url, cache_url, email_url, static_root):
    dropped = {"RELEASE", "PYTHONPATH", "WEB_CONCURRENCY", "GUNICORN_CMD_ARGS"}
    env = {name: value for name, value in os.environ.items() if name not in dropped}
    env.update(
        DEBUG="False",
        SECRET_KEY="fault-suite-secret-key-that-is-long-enough-8c2e4f6a0b1d3",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="False",
        SESSION_COOKIE_SECURE="False",
        CSRF_COOKIE_SECURE="False",
        STATIC_ROOT=str(static_root),
        DATABASE_URL=database_url,
        CACHE_URL=cache_url,
        EMAIL_URL=email_url,
        # Retries every second here, so the test sees the worker catch up.
        MAIL_FIRST_RETRY="0.5",
        MAIL_LONGEST_RETRY="1",
    )
    return env


class Site:
    """gunicorn (two workers) and the task worker, started on a prepared database."""

    def __init__(self, env, port, logs):
        self.env, self.url, self.logs = env, f"http://127.0.0.1:{port}", logs
        self.port = port
        self.processes = []

    def start(self, *, worker=True):
        commands = [
            [sys.executable, "-m", "gunicorn", "careersite.wsgi", "--workers", "2",
             "--bind", f"127.0.0.1:{self.port}", "--timeout", "30"],
        ]  # fmt: skip
        if worker:
            commands.append(
                [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2",
                 "--no-startup-delay"]
            )  # fmt: skip
        for command in commands:
            log = open(self.logs / f"{command[2]}.log", "a")  # noqa: SIM115 - closed with the process
            self.processes.append(subprocess.Popen(
                command, cwd=BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            ))  # fmt: skip
        wait_for(self._answers, "gunicorn to answer")

    def _answers(self):
        for process in self.processes:
            assert process.poll() is None, f"a process exited: see {self.logs}"
        with contextlib.suppress(OSError):
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
            return True
        return False

    def stop(self):
        for process in self.processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def still_the_same_processes(self):
        return all(process.poll() is None for process in self.processes)


@contextlib.contextmanager
def running_site(env, free_port, tmp_path, **options):
    manage(env, "migrate", "--noinput", "-v0")
    learner_id = int(manage(env, "shell", "-c", SETUP).split()[-1])
    site = Site(env, free_port(), tmp_path)
    site.start(**options)
    try:
        yield site, learner_id
    finally:
        site.stop()


@dataclass
class Answer:
    status: int
    body: str
    location: str
    seconds: float


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 3xx comes back as the answer


class Visitor:
    """One person's browser: cookies, CSRF tokens from the page a form is on, no redirects."""

    def __init__(self, site):
        self.site = site
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirects
        )

    def get(self, path):
        return self.send(urllib.request.Request(self.site.url + path))

    def submit(self, page, fields, to=None):
        """Fill in the form on `page` (its CSRF token, and its hidden token if any) with
        `fields`, and post it; the answer is timed from the post alone."""
        form = self.get(page).body
        data = {"csrfmiddlewaretoken": _hidden(form, "csrfmiddlewaretoken")}
        token = re.search(r'name="token" value="([^"]+)"', form)  # a new assessment's
        if token:
            data["token"] = token.group(1)
        data.update(fields(form) if callable(fields) else fields)
        request = urllib.request.Request(
            self.site.url + (to or page),
            urllib.parse.urlencode(data).encode(),
            headers={"Referer": self.site.url + page},
        )
        return self.send(request)

    def sign_in(self, email):
        answer = self.submit("/accounts/login/", {"login": email, "password": PASSWORD})
        assert answer.status == 302, f"{email} could not sign in: {answer.status}"

    def send(self, request):
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=30) as response:
                status, body, headers = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, body, headers = error.code, error.read(), error.headers
        seconds = time.monotonic() - started
        return Answer(status, body.decode(errors="replace"), headers.get("Location", ""), seconds)


def _hidden(page, name):
    return re.search(rf'name="{name}" value="([^"]+)"', page).group(1)


def signup(email):
    return {"email": email, "name": "Nia", "password1": PASSWORD + "!", "password2": PASSWORD + "!"}


def every_skill_at(level, **more):
    """The fields of an assessment form rating every skill at `level`, and `more`."""
    return lambda form: {
        **{field: str(level) for field in set(re.findall(r'name="(level_\d+)"', form))},
        **more,
    }


def rows(database_url, sql):
    """Run one query on the site's database, outside the site."""
    if database_url.startswith("sqlite"):
        with contextlib.closing(sqlite3.connect(database_url.removeprefix("sqlite:///"))) as db:
            return db.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(database_url) as db:
        return db.execute(sql).fetchall()


def deliveries(database_url, status):
    sql = (
        "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult "
        f"WHERE task_path = 'careersite.mail.deliver' AND status = '{status}'"
    )
    return rows(database_url, sql)[0][0]


# Mail --------------------------------------------------------------------------------------


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
            data["csrfmiddlewaretoken"] = _hidden(forms[index], "csrfmiddlewaretoken")
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


# Redis -------------------------------------------------------------------------------------


def test_a_redis_outage_costs_no_saved_write_and_no_lockout_and_heals_by_itself(
    scratch_database, static_root, free_port, tmp_path
):
    redis = RedisServer(free_port(), tmp_path)
    redis.start()
    env = production_env(scratch_database, redis.url, "dummy://", static_root)
    try:
        with running_site(env, free_port, tmp_path) as (site, learner_id):
            learner, counselor = Visitor(site), Visitor(site)
            learner.sign_in("lena@example.com")
            counselor.sign_in("cora@example.com")
            wrong = {"login": "lou@example.com", "password": "wrong"}
            for _ in range(5):
                Visitor(site).submit("/accounts/login/", wrong)
            assert _locked_out(site)

            redis.stop()

            draft = learner.submit("/assessments/new/mlops-engineer/", every_skill_at(2))
            assert draft.status == 302, draft.status
            result = learner.submit(draft.location, every_skill_at(4, submit="1"))
            assert result.status == 302, result.status
            assert learner.get(result.location).status == 200
            note = counselor.submit(
                f"/counselor/learners/{learner_id}/",
                {"kind": "feedback", "body": "Written while Redis was down."},
                to=f"/counselor/learners/{learner_id}/notes/",
            )
            assert note.status == 302, note.status
            assert counselor.get("/counselor/").status == 200
            login = Visitor(site).submit(
                "/accounts/login/", {"login": "lena@example.com", "password": PASSWORD}
            )
            assert login.status == 503
            assert "Try again in a minute" in login.body
            health = Visitor(site).get("/healthz")
            assert health.status == 503 and health.seconds < 2

            redis.start()

            Visitor(site).sign_in("lena@example.com")
            assert Visitor(site).get("/healthz").status == 200
            assert _locked_out(site), "the lockout did not survive Redis's restart"

            # Hung rather than stopped: the socket timeouts bound the wait.
            redis.process.send_signal(signal.SIGSTOP)
            health = Visitor(site).get("/healthz")
            assert health.status == 503 and health.seconds < 2
            note = counselor.submit(
                f"/counselor/learners/{learner_id}/",
                {"kind": "feedback", "body": "Written while Redis hung."},
                to=f"/counselor/learners/{learner_id}/notes/",
            )
            assert note.status == 302 and note.seconds < 5, (note.status, note.seconds)
            redis.process.send_signal(signal.SIGCONT)
            assert site.still_the_same_processes()
        saved = rows(scratch_database, "SELECT status FROM assessments_assessment")
        assert saved == [("submitted",)]
        notes = "SELECT body FROM assessments_note ORDER BY id"
        assert rows(scratch_database, notes) == [
            ("Written while Redis was down.",),
            ("Written while Redis hung.",),
        ]
    finally:
        redis.process.kill()


def _locked_out(site):
    """Whether Lou's right password is refused for too many failures."""
    answer = Visitor(site).submit(
        "/accounts/login/", {"login": "lou@example.com", "password": PASSWORD}
    )
    return answer.status != 302 and "Too many failed login attempts" in answer.body


# PostgreSQL --------------------------------------------------------------------------------


def test_the_health_check_says_so_within_two_seconds_when_postgresql_is_unreachable(
    scratch_postgres, static_root, free_port, tmp_path
):
    line = DatabaseLine(free_port(), ("127.0.0.1", 5432))
    direct = scratch_postgres
    through_line = re.sub(r"@[^/]+/", f"@127.0.0.1:{line.port}/", direct)
    manage(production_env(direct, "locmem://", "dummy://", static_root), "migrate", "-v0")
    env = production_env(through_line, "locmem://", "dummy://", static_root)
    line.relay()
    site = Site(env, free_port(), tmp_path)
    site.start(worker=False)
    try:
        assert Visitor(site).get("/healthz").status == 200
        for cut in [line.refuse, line.go_silent]:
            cut()
            health = Visitor(site).get("/healthz")
            assert health.status == 503, f"{cut.__name__}: {health.status}"
            assert health.seconds < 2, f"{cut.__name__}: {health.seconds:.2f} s"
            line.relay()
            wait_for(lambda: Visitor(site).get("/healthz").status == 200, "the database again")
    finally:
        site.stop()
        line.cut()
