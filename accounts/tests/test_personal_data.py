import json

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.test import Client

from assessments.models import Assessment, Rating
from assessments.report import VIEWERS, report_key
from careersite.cache import pages
from counseling.access import visible_results
from counseling.models import ActionItem, Assignment, Note

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner_with_history(client, learner, counselor, catalog, form_data, start_token):
    client.force_login(learner)
    data = form_data(catalog, level=2, token=start_token(client, catalog))
    python_id = catalog.requirements.get(skill__slug="python").skill_id
    data[f"evidence_{python_id}"] = "Wrote the data pipeline at my internship"
    client.post("/assessments/new/mlops-engineer/", data)
    Assignment.objects.assign(counselor=counselor, learner=learner)
    result = Assessment.objects.get()
    Note.objects.create(learner=learner, author=counselor, assessment=result, body="Great start")
    Note.objects.create(
        learner=learner, author=counselor, kind=Note.Kind.PRIVATE, body="Seems unsure of Docker"
    )
    ActionItem.objects.add(learner=learner, author=counselor, text="Finish a Docker tutorial")
    return learner


def test_download_gives_everything_addressed_to_me_as_json(client, learner_with_history):
    response = client.get("/accounts/data/download/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["profile"]["email"] == "learner@example.com"
    [assessment] = data["assessments"]
    assert assessment["role"] == "MLOps engineer" and assessment["status"] == "submitted"
    evidence = [r["evidence"] for r in assessment["ratings"]]
    assert "Wrote the data pipeline at my internship" in evidence
    assert [f["text"] for f in data["feedback"]] == ["Great start"]
    assert "Seems unsure of Docker" not in response.content.decode()
    assert [i["text"] for i in data["action_items"]] == ["Finish a Docker tutorial"]
    assert data["counselors"] == ["Cora Counselor"]


def test_download_works_once_the_counselor_has_deleted_their_account(
    client, learner_with_history, counselor
):
    counselor.delete()
    response = client.get("/accounts/data/download/")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert [(f["from"], f["text"]) for f in data["feedback"]] == [(None, "Great start")]
    assert [(i["from"], i["text"]) for i in data["action_items"]] == [
        (None, "Finish a Docker tutorial")
    ]
    assert data["counselors"] == []


def test_the_data_page_needs_login(client):
    assert client.get("/accounts/data/").status_code == 302
    assert client.get("/accounts/data/download/").status_code == 302


def test_delete_needs_the_right_password_and_keeps_everything_otherwise(
    client, learner_with_history
):
    response = client.post("/accounts/data/", {"password": "not it"})
    assert response.status_code == 400
    assert "That password is not correct." in response.content.decode()
    assert User.objects.filter(pk=learner_with_history.pk).exists()
    assert Rating.objects.exists()


def test_delete_removes_the_user_their_rows_and_every_session(
    client, learner_with_history, password
):
    other_device = Client()
    other_device.login(username="learner@example.com", password=password)
    response = client.post("/accounts/data/", {"password": password})
    assert response.status_code == 302
    assert not User.objects.filter(email="learner@example.com").exists()
    for model in (Assessment, Rating, Note, ActionItem, Assignment):
        assert not model.objects.exists(), model.__name__
    assert not Session.objects.exists()
    assert other_device.get("/assessments/").status_code == 302


def test_delete_refuses_a_post_without_csrf(learner_with_history, password):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(learner_with_history)
    response = strict.post("/accounts/data/", {"password": password})
    assert response.status_code == 403
    assert User.objects.filter(pk=learner_with_history.pk).exists()


def test_deleted_learner_vanishes_from_the_counselor_caseload(
    client, learner_with_history, counselor, password
):
    client.post("/accounts/data/", {"password": password})
    assert not Assignment.objects.filter(counselor=counselor).exists()
    assert not visible_results(counselor).exists()


def cached_reports(result):
    return [pages.get(report_key(result.pk, viewer)) for viewer in VIEWERS]


def test_deleting_an_account_deletes_its_cached_reports(
    client, learner_with_history, counselor, password, committed
):
    result = Assessment.objects.get()
    client.get(f"/assessments/{result.pk}/")
    counselor_client = Client()
    counselor_client.force_login(counselor)
    counselor_client.get(f"/counselor/learners/{learner_with_history.pk}/results/{result.pk}/")
    assert all(cached_reports(result)), "the report was not cached: nothing to test"
    assert "Wrote the data pipeline" in cached_reports(result)[0][1]

    with committed():
        client.post("/accounts/data/", {"password": password})

    assert cached_reports(result) == [None, None]


def test_deleting_an_account_in_admin_deletes_its_cached_reports(
    client, learner_with_history, make_user, committed
):
    result = Assessment.objects.get()
    client.get(f"/assessments/{result.pk}/")
    assert cached_reports(result)[0], "the report was not cached: nothing to test"
    admin = make_user("root@example.com", is_staff=True, is_superuser=True)
    client.force_login(admin)

    with committed():
        response = client.post(
            f"/admin/auth/user/{learner_with_history.pk}/delete/", {"post": "yes"}
        )

    assert response.status_code == 302
    assert not User.objects.filter(pk=learner_with_history.pk).exists()
    assert cached_reports(result) == [None, None]
