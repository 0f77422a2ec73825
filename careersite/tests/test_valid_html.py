"""Every page the app renders is valid HTML, by the Nu HTML Checker (issue 13).

Each page is fetched with the test client as a visitor, a learner, a counselor and staff,
with and without errors on its forms, and all of them are checked in one run of vnu.jar
(npm's vnu-jar, installed by `make` from package.json; Java runs it). Django admin's own
pages are left out: their markup is Django's.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from assessments.models import Assessment, PlanItem
from counseling.models import ActionItem, Assignment, Invitation, Note

pytestmark = pytest.mark.slow

VNU = Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"


@pytest.fixture
def checker():
    if not VNU.exists() or not shutil.which("java"):
        pytest.skip(f"no Nu HTML Checker at {VNU} (make installs it) or no java")

    def problems(pages, folder):
        for name, html in pages.items():
            (folder / f"{name}.html").write_text(html)
        # Paths, not file: URLs: vnu.jar checks nothing at a file: URL.
        paths = [str(folder / f"{name}.html") for name in pages]
        done = subprocess.run(
            ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *paths],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        report = json.loads(done.stderr or done.stdout)
        return [
            f"{Path(m['url']).stem}:{m.get('lastLine', '?')}: {m['message']}"
            for m in report["messages"]
            if m["type"] == "error"
        ]

    return problems


def fetch(client, url, method="get", data=None, status=200):
    response = getattr(client, method)(url, data or {})
    assert response.status_code == status, f"{method.upper()} {url}: {response.status_code}"
    return response.content.decode()


def test_every_page_is_valid_html(
    checker, tmp_path, catalog, learner, other_learner, counselor, make_result
):
    result = make_result(learner, catalog, level=2)
    Assignment.objects.assign(counselor=counselor, learner=learner)
    note = Note.objects.create(
        learner=learner, author=counselor, assessment=result, body="Good start"
    )
    ActionItem.objects.add(learner=learner, author=counselor, text="Finish a Docker course")
    invitation = Invitation.objects.create(counselor=counselor)
    pages = {}

    visitor = Client()
    for name, url in {
        "home": "/",
        "roles": "/roles/",
        "role": "/roles/mlops-engineer/",
        "login": "/accounts/login/",
        "signup": "/accounts/signup/",
        "password-reset": "/accounts/password/reset/",
    }.items():
        pages[f"visitor-{name}"] = fetch(visitor, url)
    pages["visitor-404"] = fetch(visitor, "/no-such-page/", status=404)
    pages["visitor-login-errors"] = fetch(
        visitor, "/accounts/login/", "post", {"login": "x@example.com", "password": "no"}
    )
    pages["visitor-signup-errors"] = fetch(
        visitor, "/accounts/signup/", "post", {"email": "not an address", "password1": "a"}
    )

    as_learner = Client()
    as_learner.force_login(learner)
    for name, url in {
        "list": "/assessments/",
        "form": "/assessments/new/devops-engineer/",
        "retake": "/assessments/new/mlops-engineer/",
        "report": result.get_absolute_url(),
        "data": "/accounts/data/",
        "email": "/accounts/email/",
        "password": "/accounts/password/change/",
        "role": "/roles/mlops-engineer/",
    }.items():
        pages[f"learner-{name}"] = fetch(as_learner, url)
    pages["learner-plan-empty"] = fetch(as_learner, "/assessments/plans/mlops-engineer/")
    fetch(as_learner, "/assessments/plans/mlops-engineer/adopt/", "post", {}, status=302)
    pages["learner-plan"] = fetch(as_learner, "/assessments/plans/mlops-engineer/")
    item = PlanItem.objects.filter(plan__learner=learner).first()
    pages["learner-plan-error"] = fetch(
        as_learner, f"/assessments/plans/items/{item.pk}/", "post", {"status": "x"}, status=400
    )
    pages["learner-rerate"] = fetch(as_learner, f"/assessments/new/mlops-engineer/?after={item.pk}")
    pages["learner-incomplete-submit"] = fetch(
        as_learner, "/assessments/new/devops-engineer/", "post", {"submit": "1"}, status=400
    )
    fetch(as_learner, "/assessments/new/devops-engineer/", "post", {"save": "1"}, status=302)
    draft = Assessment.objects.get(learner=learner, status=Assessment.Status.DRAFT)
    pages["learner-draft"] = fetch(as_learner, f"/assessments/{draft.pk}/edit/")

    newcomer = Client()
    newcomer.force_login(other_learner)
    pages["learner-invitation"] = fetch(newcomer, f"/assessments/join/{invitation.token}/")

    as_counselor = Client()
    as_counselor.force_login(counselor)
    for name, url in {
        "needs-attention": "/counselor/",
        "caseload": "/counselor/caseload/",
        "caseload-filtered": "/counselor/caseload/?sort=readiness&band=ready&q=lena",
        "caseload-attention": "/counselor/caseload/?attention=unreviewed",
        "cohort": "/counselor/cohort/",
        "cohort-compare": "/counselor/cohort/then-and-now/",
        "caseload-below": "/counselor/caseload/?role=mlops-engineer&below=python",
        "learner": f"/counselor/learners/{learner.pk}/",
        "result": f"/counselor/learners/{learner.pk}/results/{result.pk}/",
        "invitations": "/counselor/invitations/",
        "note-edit": f"/counselor/learners/{learner.pk}/notes/{note.pk}/edit/",
        "plan-add": f"/counselor/learners/{learner.pk}/plans/mlops-engineer/",
    }.items():
        pages[f"counselor-{name}"] = fetch(as_counselor, url)
    pages["counselor-invitations-report"] = fetch(
        as_counselor,
        "/counselor/invitations/send/",
        "post",
        {"addresses": f"ada@example.com, Ada\nnot an address\n{learner.email}"},
    )
    pages["counselor-invitations-errors"] = fetch(
        as_counselor, "/counselor/invitations/send/", "post", {"addresses": ""}, status=400
    )
    pages["counselor-cohort-compare-errors"] = fetch(
        as_counselor, "/counselor/cohort/then-and-now/?then=2099-01-01", status=400
    )
    pages["counselor-note-errors"] = fetch(
        as_counselor, f"/counselor/learners/{learner.pk}/notes/", "post", {"body": ""}, status=400
    )

    assert len(pages) > 25
    problems = checker(pages, tmp_path)
    assert problems == [], "\n".join(problems)


def test_the_checker_finds_an_error(checker, tmp_path):
    """The control: a page the checker must refuse, so a silent checker cannot pass."""
    page = "<!doctype html><html lang=en><title>x</title><p><ul><li>a</ul></p></html>"
    assert checker({"broken": page}, tmp_path) == [
        "broken:1: No “p” element in scope but a “p” end tag seen."
    ]
