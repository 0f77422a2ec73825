"""The app as the fault suite (test_faults_*.py) runs it: production settings, gunicorn with
two workers and the task worker, on a prepared database; and a visitor's browser."""

import contextlib
import http.cookiejar
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .fault_world import wait_for

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


def manage(env, *args):
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env,
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, f"manage.py {args[0]}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


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
        data = {"csrfmiddlewaretoken": hidden(form, "csrfmiddlewaretoken")}
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


def hidden(page, name):
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
