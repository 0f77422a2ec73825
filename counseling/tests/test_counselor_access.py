"""Who reaches which counselor page: the full matrix of users, URLs and methods."""

import pytest

from assessments.models import Rating
from counseling.models import ActionItem, Assignment, Invitation, Note

pytestmark = pytest.mark.django_db

NOTE = {"kind": "feedback", "body": "Well done."}
ACTION = {"text": "Read chapter 3", "due": ""}


@pytest.fixture
def world(learner, counselor, other_counselor, make_role, make_result):
    """A learner with a result on the counselor's caseload, and the counselor's invitation."""
    role = make_role("access", skills=2)
    result = make_result(learner, role, level=2)
    Assignment.objects.assign(counselor=counselor, learner=learner)
    invitation = Invitation.objects.create(counselor=counselor)
    return {"learner": learner.pk, "result": result.pk, "invitation": invitation.pk}


def levels_data(result_pk):
    skill_ids = Rating.objects.filter(assessment_id=result_pk).values_list("skill_id", flat=True)
    return {f"validated_{skill_id}": "3" for skill_id in skill_ids}


def requests(world):
    """(method, url, data, status for the assigned counselor) for every counselor endpoint."""
    learner, result, invitation = world["learner"], world["result"], world["invitation"]
    base = f"/counselor/learners/{learner}"
    return [
        ("get", "/counselor/", None, 200),
        ("get", "/counselor/caseload/", None, 200),
        ("get", "/counselor/export.csv", None, 200),
        ("get", "/counselor/cohort/", None, 200),
        ("get", "/counselor/invitations/", None, 200),
        ("post", "/counselor/invitations/", {}, 302),
        ("post", f"/counselor/invitations/{invitation}/revoke/", {}, 302),
        ("get", f"{base}/", None, 200),
        ("get", f"{base}/results/{result}/", None, 200),
        ("post", f"{base}/results/{result}/levels/", levels_data(result), 302),
        ("post", f"{base}/results/{result}/reviewed/", {}, 302),
        ("post", f"{base}/notes/", NOTE, 302),
        ("post", f"{base}/actions/", ACTION, 302),
    ]


# URLs about one learner, and the invitation owned by the assigned counselor.
PRIVATE = ("/learners/", "/revoke/")


def call(client, method, url, data):
    return getattr(client, method)(url, data) if data is not None else client.get(url)


def test_the_assigned_counselor_reaches_everything(client, counselor, world):
    client.force_login(counselor)
    for method, url, data, status in requests(world):
        assert call(client, method, url, data).status_code == status, (method, url)
    assert Note.objects.count() == 1 and ActionItem.objects.count() == 1
    assert Rating.objects.filter(validated_level=3).count() == 2


def test_an_unassigned_counselor_gets_404_for_the_learner_and_sees_an_empty_workspace(
    client, other_counselor, world
):
    client.force_login(other_counselor)
    for method, url, data, status in requests(world):
        expected = 404 if any(part in url for part in PRIVATE) else status
        assert call(client, method, url, data).status_code == expected, (method, url)
    page = client.get("/counselor/").content.decode()
    assert "learner@example.com" not in page
    assert "learner@example.com" not in client.get("/counselor/export.csv").content.decode()
    assert not Note.objects.exists() and not ActionItem.objects.exists()
    assert not Rating.objects.filter(validated_level__isnull=False).exists()
    assert Invitation.objects.get(pk=world["invitation"]).revoked_at is None


@pytest.mark.parametrize("who", ["learner", "other_learner", "staff"])
def test_learners_and_staff_get_404_everywhere(client, request, world, who):
    client.force_login(request.getfixturevalue(who))
    for method, url, data, _ in requests(world):
        assert call(client, method, url, data).status_code == 404, (method, url)
    assert not Note.objects.exists() and not ActionItem.objects.exists()


def test_anonymous_users_are_sent_to_log_in(client, world):
    for method, url, data, _ in requests(world):
        response = call(client, method, url, data)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith("/accounts/login/?next=/counselor/")
    assert not Note.objects.exists()


def test_wrong_methods_are_refused(client, counselor, world):
    client.force_login(counselor)
    for method, url, _, _ in requests(world):
        wrong = "post" if method == "get" else "get"
        if url == "/counselor/invitations/":
            wrong = "delete"  # this one takes both GET and POST
        assert getattr(client, wrong)(url).status_code == 405, (wrong, url)


def test_removing_an_assignment_blocks_the_very_next_request(client, counselor, learner, world):
    client.force_login(counselor)
    url = f"/counselor/learners/{learner.pk}/"
    assert client.get(url).status_code == 200
    Assignment.objects.get(counselor=counselor, learner=learner).end()
    assert client.get(url).status_code == 404
    assert client.post(f"{url}notes/", NOTE).status_code == 404
    assert "learner@example.com" not in client.get("/counselor/").content.decode()


def test_a_learner_leaving_the_caseload_blocks_the_counselor(client, counselor, learner, world):
    client.force_login(learner)
    response = client.post(f"/assessments/counselors/{counselor.pk}/leave/")
    assert response.status_code == 302
    assert not Assignment.objects.filter(learner=learner).exists()
    client.force_login(counselor)
    assert client.get(f"/counselor/learners/{learner.pk}/").status_code == 404


def test_a_result_is_reached_only_under_its_own_learner(
    client, counselor, learner, other_learner, world
):
    Assignment.objects.assign(counselor=counselor, learner=other_learner)
    client.force_login(counselor)
    # The other learner is assigned too, but the result belongs to `learner`.
    url = f"/counselor/learners/{other_learner.pk}/results/{world['result']}/"
    assert client.get(url).status_code == 404


def test_drafts_stay_hidden_from_counselors(
    client, counselor, learner, world, make_role, make_result
):
    role = make_role("drafty", skills=1)
    draft = make_result(learner, role)
    draft.status = "draft"
    draft.is_latest = False
    draft.save()
    client.force_login(counselor)
    assert client.get(f"/counselor/learners/{learner.pk}/results/{draft.pk}/").status_code == 404


@pytest.mark.parametrize("bad", ["999999", "0"])
def test_unknown_ids_give_404(client, counselor, world, bad):
    client.force_login(counselor)
    assert client.get(f"/counselor/learners/{bad}/").status_code == 404
    assert client.get(f"/counselor/learners/{world['learner']}/results/{bad}/").status_code == 404
    assert client.post(f"/counselor/invitations/{bad}/revoke/").status_code == 404


def test_the_workspace_link_shows_only_for_counselors(client, counselor, learner):
    client.force_login(learner)
    assert "Counselor workspace" not in client.get("/assessments/").content.decode()
    client.force_login(counselor)
    assert "Counselor workspace" in client.get("/assessments/").content.decode()


# Admin: staff assign learners; content editors cannot see the counselling side.


def test_a_superuser_assigns_a_learner_in_admin(client, counselor, learner, make_user):
    admin = make_user("admin@example.com", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get("/admin/counseling/assignment/add/").status_code == 200
    response = client.post(
        "/admin/counseling/assignment/add/",
        {
            "counselor": counselor.pk,
            "learner": learner.pk,
            "created_at_0": "2030-01-01",
            "created_at_1": "10:00:00",
        },
    )
    assert response.status_code == 302
    assert Assignment.objects.filter(counselor=counselor, learner=learner).exists()
    response = client.post(
        "/admin/counseling/assignment/add/",
        {
            "counselor": learner.pk,
            "learner": counselor.pk,
            "created_at_0": "2030-01-01",
            "created_at_1": "10:00:00",
        },
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


# Assignments they may keep (issue 15: roles/tests/test_admin.py); what counselors write, not.
@pytest.mark.parametrize("model", ["invitation", "note", "actionitem"])
def test_content_editors_cannot_open_the_counselling_admin(client, staff, model):
    client.force_login(staff)
    assert client.get(f"/admin/counseling/{model}/").status_code == 403
