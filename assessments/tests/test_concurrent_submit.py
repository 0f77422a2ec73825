"""Twenty identical submits at once, against gunicorn with several workers: one result, no 500.

This runs a real server on a scratch database (a SQLite file, or a scratch PostgreSQL
database when the suite runs on PostgreSQL), because the race only exists across processes.
"""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

BASE_DIR = Path(__file__).resolve().parents[2]
PASSWORD = "race-condition-pass-42"
SETUP = f"""
from django.contrib.auth.models import User
from roles.catalog import load_catalog
load_catalog()
User.objects.create_user("racer@example.com", "racer@example.com", {PASSWORD!r})
"""
COUNT = """
from assessments.models import Assessment
print(Assessment.objects.filter(status="submitted").count(), Assessment.objects.count())
"""


def manage(env, *args, script=None):
    command = [sys.executable, "manage.py", *args]
    if script:
        command += ["-c", script]
    result = subprocess.run(
        command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def live_gunicorn(scratch_database, free_port):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": scratch_database,
        "DEBUG": "True",
        "ALLOWED_HOSTS": "127.0.0.1",
        "CACHE_URL": "locmem://",
    }
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "shell", script=SETUP)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "careersite.wsgi", "--workers", "4",
         "--bind", f"127.0.0.1:{port}", "--timeout", "60", "--log-level", "warning"],
        cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        yield base, env
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_twenty_parallel_submits_give_one_result(live_gunicorn):
    base, env = live_gunicorn
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def csrf_from(page):
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    login_page = opener.open(f"{base}/accounts/login/").read().decode()
    form = {"login": "racer@example.com", "password": PASSWORD,
            "csrfmiddlewaretoken": csrf_from(login_page)}  # fmt: skip
    opener.open(urllib.request.Request(
        f"{base}/accounts/login/", urllib.parse.urlencode(form).encode(),
        headers={"Referer": f"{base}/accounts/login/"},
    ))  # fmt: skip

    page = opener.open(f"{base}/assessments/new/mlops-engineer/").read().decode()
    data = {"csrfmiddlewaretoken": csrf_from(page), "submit": "1"}
    data["token"] = re.search(r'name="token" value="([^"]+)"', page).group(1)
    for field in sorted(set(re.findall(r'name="(level_\d+)"', page))):
        data[field] = "3"
    body = urllib.parse.urlencode(data).encode()

    def submit(_):
        request = urllib.request.Request(
            f"{base}/assessments/new/mlops-engineer/", body,
            headers={"Referer": f"{base}/assessments/new/mlops-engineer/"},
        )  # fmt: skip
        try:
            with opener.open(request, timeout=60) as response:
                return response.status, response.url
        except urllib.error.HTTPError as error:
            return error.code, error.url

    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = list(pool.map(submit, range(20)))

    statuses = [status for status, _ in outcomes]
    assert all(status == 200 for status in statuses), statuses  # redirects followed to a page
    assert len({url for _, url in outcomes}) == 1  # every request landed on the same result
    submitted, total = manage(env, "shell", script=COUNT).split()[-2:]
    assert (submitted, total) == ("1", "1")
