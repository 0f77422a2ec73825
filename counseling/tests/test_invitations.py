"""Invitation links: a counselor shares one, a learner accepts it, revoked or expired ones fail."""

from datetime import timedelta

import pytest
from django.utils import timezone

from counseling.models import Assignment, Invitation

pytestmark = pytest.mark.django_db


def join_url(invitation):
    return f"/assessments/join/{invitation.token}/"


@pytest.fixture
def invitation(counselor):
    return Invitation.objects.create(counselor=counselor)


def test_a_counselor_creates_a_link_and_sees_it(client, counselor):
    client.force_login(counselor)
    response = client.post("/counselor/invitations/")
    assert response.status_code == 302
    invitation = Invitation.objects.get(counselor=counselor)
    page = client.get("/counselor/invitations/").content.decode()
    assert f"http://testserver{join_url(invitation)}" in page
    assert "Pending, works until" in page


def test_a_learner_accepts_after_reading_what_they_share(client, counselor, learner, invitation):
    client.force_login(learner)
    page = client.get(join_url(invitation)).content.decode()
    assert "Cora Counselor" in page and "Share my results with Cora Counselor" in page
    assert not Assignment.objects.exists()  # opening the link is not consent

    response = client.post(join_url(invitation))
    assert response.status_code == 302 and response["Location"] == "/assessments/"
    assert Assignment.objects.filter(counselor=counselor, learner=learner).exists()
    client.force_login(counselor)
    assert client.get(f"/counselor/learners/{learner.pk}/").status_code == 200


def test_accepting_twice_keeps_one_assignment(client, counselor, learner, invitation):
    client.force_login(learner)
    client.post(join_url(invitation))
    response = client.post(join_url(invitation))
    assert response.status_code == 200 and "already on" in response.content.decode()
    assert Assignment.objects.count() == 1


def test_one_link_serves_several_learners(client, invitation, learner, other_learner):
    for person in (learner, other_learner):
        client.force_login(person)
        client.post(join_url(invitation))
    assert Assignment.objects.count() == 2


def test_anonymous_visitors_log_in_first(client, invitation):
    response = client.get(join_url(invitation))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={join_url(invitation)}"
    assert client.post(join_url(invitation)).status_code == 302
    assert not Assignment.objects.exists()


def test_a_revoked_link_stops_working(client, counselor, learner, invitation):
    client.force_login(counselor)
    client.post(f"/counselor/invitations/{invitation.pk}/revoke/")
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert "Revoked" in client.get("/counselor/invitations/").content.decode()

    client.force_login(learner)
    response = client.get(join_url(invitation))
    assert response.status_code == 410 and "was withdrawn" in response.content.decode()
    assert client.post(join_url(invitation)).status_code == 410
    assert not Assignment.objects.exists()


def test_an_expired_link_stops_working(client, learner, invitation):
    invitation.expires_at = timezone.now() - timedelta(seconds=1)
    invitation.save()
    client.force_login(learner)
    response = client.get(join_url(invitation))
    assert response.status_code == 410 and "has expired" in response.content.decode()
    assert client.post(join_url(invitation)).status_code == 410
    assert not Assignment.objects.exists()


def test_links_expire_after_fourteen_days(invitation):
    assert timedelta(days=13) < invitation.expires_at - timezone.now() <= timedelta(days=14)


def test_an_unknown_token_is_404(client, learner):
    client.force_login(learner)
    assert client.get("/assessments/join/not-a-real-token/").status_code == 404
    assert client.post("/assessments/join/not-a-real-token/").status_code == 404


def test_a_counselor_cannot_join_their_own_caseload(client, counselor, invitation):
    client.force_login(counselor)
    response = client.post(join_url(invitation))
    assert response.status_code == 200 and "your own invitation" in response.content.decode()
    assert not Assignment.objects.exists()


@pytest.mark.parametrize("account", ["other_counselor", "staff"])
def test_counselors_and_staff_cannot_join_a_caseload(client, invitation, account, request):
    user = request.getfixturevalue(account)
    client.force_login(user)
    for response in (client.get(join_url(invitation)), client.post(join_url(invitation))):
        page = response.content.decode()
        assert response.status_code == 403
        assert "counselor and staff accounts cannot join a caseload" in page
        assert "Share my results" not in page
    assert not Assignment.objects.exists()


def test_only_the_owner_can_revoke(client, other_counselor, invitation):
    client.force_login(other_counselor)
    assert client.post(f"/counselor/invitations/{invitation.pk}/revoke/").status_code == 404
    invitation.refresh_from_db()
    assert invitation.is_usable()
    assert join_url(invitation) not in client.get("/counselor/invitations/").content.decode()


def test_the_accept_page_refuses_other_methods(client, learner, invitation):
    client.force_login(learner)
    assert client.put(join_url(invitation)).status_code == 405
