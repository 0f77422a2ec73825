"""Plans beyond the learner's own page: counselors, the caseload, reminders, data rights."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from assessments import planning
from assessments.models import Plan, PlanEvent, PlanItem
from assessments.reminders import send_reminders
from counseling.models import Assignment, CaseloadRow
from roles.models import LearningResource, Requirement

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(learner, catalog, make_result):
    result = make_result(learner, catalog, level=1)
    return planning.adopt(learner, catalog, result)[0]


def overdue(plan, count=1, days=2):
    target = timezone.localdate() - timedelta(days=days)
    items = list(plan.items.order_by("position")[:count])
    PlanItem.objects.filter(pk__in=[item.pk for item in items]).update(target_date=target)
    return items


def test_every_mlops_skill_has_a_course_or_a_free_resource(catalog):
    for requirement in Requirement.objects.filter(role=catalog).select_related("skill"):
        skill = requirement.skill
        assert skill.courses.exists() or skill.resources.exists(), skill.name
    assert all(r.url.startswith("https://") for r in LearningResource.objects.all())


def test_a_counselor_adds_to_the_plan_and_it_shows_as_theirs(
    client, learner, counselor, catalog, plan
):
    Assignment.objects.assign(counselor=counselor, learner=learner)
    client.force_login(counselor)
    docker = Requirement.objects.get(role=catalog, skill__slug="docker").skill
    url = f"/counselor/learners/{learner.pk}/plans/mlops-engineer/"
    data = {
        "mlops-engineer-own-title": "Containerise your capstone",
        "mlops-engineer-own-skills": [docker.pk],
    }

    page = client.get(f"/counselor/learners/{learner.pk}/").content.decode()
    assert f'href="{url}">Add to this plan' in page
    assert client.get(url).status_code == 200
    response = client.post(url, data)

    assert response.status_code == 302 and response["Location"].endswith("#plans")
    item = PlanItem.objects.get(title="Containerise your capstone")
    assert item.added_by == counselor and item.plan == plan
    assert PlanEvent.objects.get(item=item).by == counselor
    page = client.get(f"/counselor/learners/{learner.pk}/").content.decode()
    assert "Containerise your capstone" in page and f"0 of {plan.items.count()} done" in page
    client.force_login(learner)
    mine = client.get("/assessments/plans/mlops-engineer/").content.decode()
    assert "added by Cora Counselor, your counselor" in mine


def test_a_counselor_off_the_caseload_cannot_add(client, learner, other_counselor, plan):
    client.force_login(other_counselor)
    url = f"/counselor/learners/{learner.pk}/plans/mlops-engineer/"
    response = client.post(url, {"mlops-engineer-own-title": "Anything"})
    assert response.status_code == 404
    assert client.get(url).status_code == 404
    assert not PlanItem.objects.filter(title="Anything").exists()


def test_a_counselors_bad_item_is_refused_with_the_reason(client, learner, counselor, plan):
    Assignment.objects.assign(counselor=counselor, learner=learner)
    client.force_login(counselor)
    url = f"/counselor/learners/{learner.pk}/plans/mlops-engineer/"
    response = client.post(url, {"mlops-engineer-own-title": "No skills given"})
    assert response.status_code == 400
    assert "Pick at least one skill it practises." in response.content.decode()
    assert not PlanItem.objects.filter(title="No skills given").exists()


def test_the_caseload_shows_and_sorts_by_plan_progress(
    client, learner, other_learner, counselor, catalog, plan, make_result, committed
):
    for person in (learner, other_learner):
        Assignment.objects.assign(counselor=counselor, learner=person)
    make_result(other_learner, catalog, level=2)
    first = plan.items.order_by("position").first()
    with committed():
        planning.update(first, learner, status="done", target_date=None)
    row = CaseloadRow.objects.get(learner=learner, role=catalog)
    total = plan.items.count()
    assert (row.plan_done, row.plan_total, row.no_plan) == (1, total, False)

    client.force_login(counselor)
    page = client.get("/counselor/caseload/", {"sort": "-plan"})
    emails = [line.email for line in page.context["page"].object_list]
    assert emails == ["learner@example.com", "other@example.com"]  # no plan comes last
    assert f"<td>1 of {total}</td>" in page.content.decode()


def test_a_reminder_goes_once_per_overdue_item(learner, plan, deliver_mail):
    late = overdue(plan, count=2)
    PlanItem.objects.filter(pk=late[1].pk).update(status="done")
    overdue(plan, count=0)

    call_command("send_plan_reminders", stdout=open(os.devnull, "w"))
    call_command("send_plan_reminders", stdout=open(os.devnull, "w"))

    sent = deliver_mail()
    assert [message.to for message in sent] == [[learner.email]]
    assert (
        late[0].title in sent[0].subject
        and "/assessments/plans/mlops-engineer/#item-" in sent[0].body
    )
    # A new date can be missed again, and is reminded of once more.
    item = PlanItem.objects.get(pk=late[0].pk)
    planning.update(
        item, learner, status=item.status, target_date=timezone.localdate() - timedelta(1)
    )
    assert send_reminders() == 1 and send_reminders() == 0


def test_export_and_deletion_cover_plans(client, learner, plan, password):
    client.force_login(learner)
    data = json.loads(client.get("/accounts/data/download/").content)
    (exported,) = data["plans"]
    assert exported["role"] == "MLOps engineer"
    assert [item["title"] for item in exported["items"]] == list(
        plan.items.order_by("position").values_list("title", flat=True)
    )
    assert exported["items"][0]["history"][0]["what"] == "added"

    client.post("/accounts/data/", {"password": password})
    assert not Plan.objects.exists() and not PlanItem.objects.exists()
    assert not PlanEvent.objects.exists()


SETUP = """
from datetime import timedelta
from django.contrib.auth.models import User
from django.utils import timezone
from assessments.models import Plan, PlanItem
from roles.catalog import load_catalog
from roles.models import Role
load_catalog()
learner = User.objects.create_user("late@example.com", "late@example.com", "pw-late-4321")
plan = Plan.objects.create(learner=learner, role=Role.objects.get(slug="mlops-engineer"))
past = timezone.localdate() - timedelta(days=3)
PlanItem.objects.bulk_create(
    PlanItem(plan=plan, title=f"Task {n}", target_date=past, position=n) for n in range(40)
)
"""
COUNT = """
from django_tasks_db.models import DBTaskResult
from assessments.models import PlanItem
mail = DBTaskResult.objects.filter(task_path="careersite.mail.deliver")
claimed = PlanItem.objects.filter(reminded_at__isnull=False)
print(mail.filter(args_kwargs__icontains="late@example.com").count(), claimed.count())
"""


@pytest.mark.slow
def test_two_runs_at_once_remind_each_item_once(scratch_database):
    env = {**os.environ, "DATABASE_URL": scratch_database, "CACHE_URL": "locmem://"}
    root = Path(__file__).resolve().parents[2]

    def manage(*args):
        return [sys.executable, "manage.py", *args]

    subprocess.run(manage("migrate", "--noinput", "-v0"), cwd=root, env=env, check=True)
    subprocess.run(manage("shell", "-v", "0", "-c", SETUP), cwd=root, env=env, check=True)
    runs = [
        subprocess.Popen(manage("send_plan_reminders"), cwd=root, env=env, stdout=subprocess.PIPE)
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120)[0].decode() for run in runs]
    assert all(run.returncode == 0 for run in runs)
    queued = sum(int(out.split()[1]) for out in outputs)  # "Queued N reminder(s)."
    assert queued == 40
    counted = subprocess.run(
        manage("shell", "-v", "0", "-c", COUNT), cwd=root, env=env, check=True, capture_output=True
    )
    assert counted.stdout.decode().split() == ["40", "40"]  # one email per item, all claimed
