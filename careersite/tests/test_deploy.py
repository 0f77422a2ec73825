"""A deploy never serves the previous release's cached pages (issue 11).

The test deploys a changed template the way production does: it runs a copy of the project
with DEBUG off under gunicorn, on a SQLite file and a shared cache that outlive the process
(the database cache in that file, or Redis), lets the learner's dashboard be cached, stops
the server, edits the report template in the copy, starts the server again against the same
database and cache, and reads the dashboard. Run with a fixed RELEASE instead of the
computed one, the same steps still serve the old wording: that control shows the test can
fail, and that it is the release id in the cache keys that makes the change show.
"""

import contextlib
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from careersite.release import release_id

BASE_DIR = Path(__file__).resolve().parents[2]
# Left out of the copy: what is not source (the copy collects its own static files).
NOT_COPIED = shutil.ignore_patterns(
    ".venv", ".git", ".*cache", "__pycache__", "node_modules", "staticfiles", "test-artifacts",
    "db.sqlite3*", ".work",
)  # fmt: skip
PASSWORD = "deploy-test-password-7391"
SETUP = f"""
from django.contrib.auth.models import User
from allauth.account.models import EmailAddress
from django.core.management import call_command
from assessments.models import Assessment
from assessments.submission import submit_assessment
from roles.catalog import load_catalog
from roles.models import Requirement, Role

call_command("createcachetable")
load_catalog()
role = Role.objects.get(slug="mlops-engineer")
learner = User.objects.create_user("dana@example.com", "dana@example.com", {PASSWORD!r})
# A confirmed address: production settings admit no other (ACCOUNT_EMAIL_VERIFICATION).
EmailAddress.objects.create(user=learner, email=learner.email, verified=True, primary=True)
requirements = list(Requirement.objects.filter(role=role).select_related("skill"))
result = submit_assessment(
    assessment=Assessment(learner=learner, role=role, role_title=role.title),
    requirements=requirements,
    levels={{r.skill_id: 2 for r in requirements}},
    evidence={{r.skill_id: "" for r in requirements}},
)
print(result.pk)
"""
TEMPLATE = Path("templates/jinja2/assessments/report.html")
OLD_WORDING = "Skills: self-rating against the requirement"
NEW_WORDING = "Skills: your rating against the requirement"
REDIS_URL = "redis://127.0.0.1:6379/13"  # a database of its own, emptied before and after


def run(command, env, cwd):
    """Run a command to completion; fail with its output if it fails."""
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def site_env(database, cache_url, release=None):
    """Production settings on plain http; RELEASE only if given."""
    dropped = {"RELEASE", "PYTHONPATH", "WEB_CONCURRENCY", "GUNICORN_CMD_ARGS", "EMAIL_URL"}
    env = {name: value for name, value in os.environ.items() if name not in dropped}
    env.update(
        DJANGO_SETTINGS_MODULE="careersite.settings",
        DATABASE_URL=f"sqlite:///{database}",
        CACHE_URL=cache_url,
        DEBUG="False",
        SECRET_KEY="deploy-test-secret-key-that-is-long-enough-5d1c8e2a9f4b7",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="False",
        SESSION_COOKIE_SECURE="False",
        CSRF_COOKIE_SECURE="False",
    )
    if release:
        env["RELEASE"] = release
    return env


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """A copy of the project, its static files collected, and its SQLite database migrated,
    with the catalog and a learner's submitted result; made once, copied by each test."""
    folder = tmp_path_factory.mktemp("release")
    source, database = folder / "site", folder / "site.sqlite3"
    shutil.copytree(BASE_DIR, source, ignore=NOT_COPIED, symlinks=True)
    env = site_env(database, "db://careersite_cache")
    manage = [sys.executable, "manage.py"]
    # Independent, and the two slowest steps: run them side by side.
    collect = subprocess.Popen(
        [*manage, "collectstatic", "--noinput", "-v0"], cwd=source, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        run([*manage, "migrate", "--noinput", "-v0"], env, source)
    finally:
        output, _ = collect.communicate(timeout=120)
    assert collect.returncode == 0, output
    result_id = int(run([*manage, "shell", "-c", SETUP], env, source).split()[-1])
    return source, database, result_id


@pytest.fixture
def release(prepared, tmp_path):
    """This test's own copy of the prepared release and database (static files shared)."""
    source, database, result_id = prepared
    site = tmp_path / "site"
    shutil.copytree(source, site, ignore=shutil.ignore_patterns("staticfiles"), symlinks=True)
    (site / "staticfiles").symlink_to(source / "staticfiles")
    for file in database.parent.glob(f"{database.name}*"):  # with any -wal file
        shutil.copy(file, tmp_path / file.name)
    return site, tmp_path / database.name, result_id


@pytest.fixture(params=["db", "redis"])
def cache_url(request):
    """The shared cache: the database cache table, or a Redis database emptied around the test."""
    if request.param == "db":
        yield "db://careersite_cache"
        return
    redis = pytest.importorskip("redis")
    with redis.Redis.from_url(REDIS_URL) as client:
        try:
            client.flushdb()
        except redis.ConnectionError:
            pytest.skip(f"no Redis server at {REDIS_URL}")
        yield REDIS_URL
        client.flushdb()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serving(site, env):
    """gunicorn serving the copy until the block ends; yields its base URL."""
    port, log = free_port(), site.parent / "gunicorn.log"
    with open(log, "a") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "careersite.wsgi", "--workers", "1",
             "--bind", f"127.0.0.1:{port}", "--timeout", "30"],
            cwd=site, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert server.poll() is None, f"gunicorn exited:\n{log.read_text()}"
            assert time.monotonic() < deadline, f"gunicorn did not answer:\n{log.read_text()}"
            with contextlib.suppress(OSError), urllib.request.urlopen(f"{base}/healthz", timeout=2):
                break
            time.sleep(0.1)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the server's own group: master and worker
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def signed_in(base):
    """A URL opener signed in as the learner, through the login form."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"login": "dana@example.com", "password": PASSWORD, "csrfmiddlewaretoken": token}
    request = urllib.request.Request(
        f"{base}/accounts/login/",
        urllib.parse.urlencode(form).encode(),
        headers={"Referer": f"{base}/accounts/login/"},
    )
    with opener.open(request) as response:
        assert urllib.parse.urlsplit(response.url).path == "/assessments/"  # signed in
    return opener


def dashboard(site, env, result_id, *, times=1):
    """Start the app, read the learner's dashboard `times` times, stop it; the last page."""
    with serving(site, env) as base:
        opener = signed_in(base)
        for _ in range(times):
            with opener.open(f"{base}/assessments/{result_id}/") as response:
                assert response.status == 200
                page = response.read().decode()
    return page


def cached_reports(database, cache_url):
    """The keys of the cached reports in the shared cache, each with its release prefix."""
    if cache_url.startswith("redis"):
        import redis

        with redis.Redis.from_url(cache_url) as client:
            return {key.decode() for key in client.keys("*:report:*")}
    with contextlib.closing(sqlite3.connect(database)) as connection:
        rows = connection.execute(
            "SELECT cache_key FROM careersite_cache WHERE cache_key LIKE '%:report:%'"
        )
        return {key for (key,) in rows}


def releases(keys):
    return {key.split(":", 1)[0] for key in keys}


@pytest.mark.slow
def test_a_changed_template_shows_after_a_restart_against_the_same_cache(release, cache_url):
    site, database, result_id = release
    env = site_env(database, cache_url)
    before = release_id(site)

    # Read twice: the first read caches the report, the second is served from the cache.
    page = dashboard(site, env, result_id, times=2)
    assert OLD_WORDING in page, f"{TEMPLATE} no longer says {OLD_WORDING!r}: update this test"
    cached = cached_reports(database, cache_url)
    assert releases(cached) == {before}

    (site / TEMPLATE).write_text((site / TEMPLATE).read_text().replace(OLD_WORDING, NEW_WORDING))
    after = release_id(site)
    assert after != before
    page = dashboard(site, env, result_id)

    assert NEW_WORDING in page
    assert OLD_WORDING not in page
    # Nothing was flushed: the old release's entry is still there, only never asked for.
    assert cached < cached_reports(database, cache_url)
    assert releases(cached_reports(database, cache_url)) == {before, after}


@pytest.mark.slow
def test_with_a_fixed_release_the_old_page_outlives_the_restart(release):
    """The control: the same steps with RELEASE set, to the same value on both starts."""
    site, database, result_id = release
    env = site_env(database, "db://careersite_cache", release="fixed")

    assert OLD_WORDING in dashboard(site, env, result_id, times=2)
    (site / TEMPLATE).write_text((site / TEMPLATE).read_text().replace(OLD_WORDING, NEW_WORDING))
    page = dashboard(site, env, result_id)

    assert OLD_WORDING in page  # the edit is deployed, but the page comes from the cache
    assert NEW_WORDING not in page
    assert releases(cached_reports(database, "db://careersite_cache")) == {"fixed"}
