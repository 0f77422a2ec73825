"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live_server.

They run whenever Chromium is installed (`apt-get install -y chromium`) and are skipped, with
one line saying so, when it is not. Every browser test is also marked slow, so `make test-fast`
(`pytest -m "not slow"`) leaves them out, as does `pytest -m "not browser"`.

The helpers below reach tests as fixtures of the same names: log_in, submit_result,
screenshot, axe_violations, and viewports for the two widths pages are checked at.
"""

import os
from pathlib import Path
from unittest import mock

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, Permission
from django.core.cache import caches
from playwright.sync_api import expect

from assessments.models import Assessment
from assessments.submission import submit_assessment
from assessments.views.learner import role_requirements
from counseling.models import COUNSELORS_GROUP
from roles.models import CONTENT_EDITORS_GROUP

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SKIPPED = (
    f"browser tests skipped: Chromium not found at {CHROMIUM} — "
    "install it with `apt-get install -y chromium` to run them"
)
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
DOCS_SCREENSHOTS = ROOT / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 375, "height": 740}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_skipped_key = pytest.StashKey[bool]()


def chromium_installed():
    return os.access(CHROMIUM, os.X_OK)


def pytest_configure(config):
    # pytest-playwright's fallback base_url fixture is an instance method; nothing of ours.
    config.addinivalue_line(
        "filterwarnings", "ignore:Session-scoped fixtures defined as instance methods"
    )


def pytest_collection_modifyitems(config, items):
    browser_tests = [item for item in items if item.get_closest_marker("browser")]
    for item in browser_tests:
        item.add_marker(pytest.mark.slow)
    if browser_tests and not chromium_installed():
        config.stash[_skipped_key] = True
        for item in browser_tests:
            item.add_marker(pytest.mark.skip(reason=SKIPPED))


def pytest_terminal_summary(terminalreporter, config):
    if config.stash.get(_skipped_key, False):
        terminalreporter.write_line(SKIPPED, yellow=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Let browser tests use the ORM while Playwright's event loop runs in their thread.

    Playwright's sync API keeps an event loop running in the test thread, so Django refuses
    synchronous database calls there unless DJANGO_ALLOW_ASYNC_UNSAFE is set. The ORM calls the
    tests make (fixtures, assertions on the database) are plain synchronous code, so set it,
    but only around browser tests: set for the whole process it would leak into subprocesses
    (`manage.py check --deploy` rightly fails with it).
    """
    if not item.get_closest_marker("browser"):
        return (yield)
    with mock.patch.dict(os.environ, {"DJANGO_ALLOW_ASYNC_UNSAFE": "true"}):
        return (yield)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Playwright cannot download its own browsers here: drive the system Chromium.
    args = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    if browser_type_launch_args.get("headless", True):
        args.insert(0, "--headless")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": args}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    return {**browser_context_args, "base_url": live_server.url, "viewport": DESKTOP}


@pytest.fixture(autouse=True)
def fresh_login_counters(transactional_db):
    """Each browser test starts with no failed or recent logins counted: the counters live in
    the cache, which the database flush between tests does not empty, and a whole run of
    logins from 127.0.0.1 would otherwise meet the per-IP limit (429)."""
    caches["default"].clear()


@pytest.fixture(autouse=True)
def groups(transactional_db):
    """The groups the data migrations create; each browser test's flush removes them."""
    Group.objects.get_or_create(name=COUNSELORS_GROUP)
    editors, created = Group.objects.get_or_create(name=CONTENT_EDITORS_GROUP)
    if created:
        editors.permissions.set(Permission.objects.filter(content_type__app_label="roles"))


@pytest.fixture
def viewports():
    """The widths every page is checked at, by the names their screenshots carry."""
    return {"desktop": DESKTOP, "375px": MOBILE}


def log_in(page, email, password):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


@pytest.fixture(name="log_in")
def fixture_log_in():
    return log_in


def submit_result(learner, role, level=3, levels=None):
    """A submitted result for `learner`, every skill at `level` unless `levels` says otherwise."""
    requirements = role_requirements(role)
    levels = levels or {}
    return submit_assessment(
        assessment=Assessment(learner=learner, role=role, role_title=role.title),
        requirements=requirements,
        levels={r.skill_id: levels.get(r.skill.slug, level) for r in requirements},
        evidence={},
    )


@pytest.fixture(name="submit_result")
def fixture_submit_result(transactional_db):
    return submit_result


def screenshot(page, name, docs=False):
    """Save a full-page screenshot to test-artifacts/screenshots/ (ignored by git).

    With docs=True and DOCS_SCREENSHOTS=1 in the environment, also refresh the window-sized
    copy in docs/screenshots/ that the README shows.
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
    if docs and os.environ.get("DOCS_SCREENSHOTS") == "1":
        page.screenshot(path=DOCS_SCREENSHOTS / f"{name}.png")


@pytest.fixture(name="screenshot")
def fixture_screenshot():
    return screenshot


_axe = Axe()


def axe_violations(page):
    """axe-core's WCAG 2.2 A/AA violations on the current page, one readable line per node."""
    results = _axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    return [
        f"{violation['id']} ({violation['impact']}): {' '.join(node['target'])}: "
        f"{node['failureSummary'].splitlines()[-1].strip()}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]


@pytest.fixture(name="axe_violations")
def fixture_axe_violations():
    return axe_violations


@pytest.fixture
def audit(axe_violations, screenshot, viewports):
    """`audit(page, name)`: every problem on the current page at desktop width and at 375 px,
    as readable lines."""

    def audit(page, name):
        problems = []
        for width, viewport in viewports.items():
            page.set_viewport_size(viewport)
            problems += [f"{name} at {width}: {line}" for line in axe_violations(page)]
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > viewport["width"]:
                problems.append(f"{name} at {width}: scrolls sideways ({scroll_width} px wide)")
            screenshot(page, f"{name}-{width}")
        page.set_viewport_size(viewports["desktop"])
        return problems

    return audit
