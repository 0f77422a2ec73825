"""Personal invitations: mailed to one address or a whole roster, single-use, resent, revoked."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from counseling.models import Assignment, Invitation
from counseling.roster import read

pytestmark = pytest.mark.django_db


def send(client, addresses="", roster=None):
    data = {"addresses": addresses}
    if roster is not None:
        data["roster"] = SimpleUploadedFile("class.csv", roster.encode(), "text/csv")
    return client.post("/counselor/invitations/send/", data)


def outcomes(response):
    """Line number -> outcome, from the report table the response shows."""
    return {line.number: line.problem or "invited" for line in response.context["report"]}


def test_reading_a_roster_names_what_is_wrong_with_each_line():
    lines = read("email,name\nada@example.com, Ada Lovelace\n\nnot-an-address\nADA@example.com\n")
    assert [(line.number, line.email, line.name, line.problem) for line in lines] == [
        (2, "ada@example.com", "Ada Lovelace", ""),
        (4, "not-an-address", "", "not an email address"),
        (5, "ADA@example.com", "", "the same address as line 2"),
    ]


def test_each_address_gets_its_own_invitation_by_plain_text_mail(client, counselor, deliver_mail):
    client.force_login(counselor)
    response = send(client, "ada@example.com, Ada\ngrace@example.com")
    assert response.status_code == 200
    assert outcomes(response) == {1: "invited", 2: "invited"}
    invitations = Invitation.objects.filter(counselor=counselor).order_by("email")
    assert [(i.email, i.name) for i in invitations] == [
        ("ada@example.com", "Ada"),
        ("grace@example.com", ""),
    ]
    mail = {message.to[0]: message for message in deliver_mail()}
    assert set(mail) == {"ada@example.com", "grace@example.com"}
    ada = mail["ada@example.com"]
    assert ada.subject == "Cora Counselor invites you to share your careersite results"
    assert ada.body.startswith("Hello Ada,")
    assert f"http://testserver/assessments/join/{invitations[0].token}/" in ada.body
    assert "<" not in ada.body  # plain text, nothing escaped or tagged
    assert mail["grace@example.com"].body.startswith("Hello,")


def test_a_roster_with_bad_rows_reports_each_line_and_invites_the_good_ones_once(
    client, counselor, learner, deliver_mail
):
    Assignment.objects.assign(counselor=counselor, learner=learner)
    roster = (
        "email,name\n"
        "ada@example.com,Ada Lovelace\n"
        "not an address,Nobody\n"
        "Ada@Example.com,Ada again\n"
        f"{learner.email.upper()},Lena\n"
        "grace@example.com,Grace Hopper\n"
    )
    client.force_login(counselor)
    first = send(client, roster=roster)
    assert outcomes(first) == {
        2: "invited",
        3: "not an email address",
        4: "the same address as line 2",
        5: "already on your caseload",
        6: "invited",
    }
    page = first.content.decode()
    assert "Not sent: not an email address" in page and "2 invitations sent." in page
    assert len(deliver_mail()) == 2

    second = send(client, roster=roster)
    assert (
        outcomes(second)[2]
        == outcomes(second)[6]
        == ("already invited: resend it from the list below")
    )
    assert Invitation.objects.filter(counselor=counselor).count() == 2
    assert len(deliver_mail()) == 2  # nothing more was sent


def test_five_hundred_addresses_are_invited_in_one_go(client, counselor):
    client.force_login(counselor)
    roster = "\n".join(f"learner{n}@example.com,Learner {n}" for n in range(500))
    response = send(client, roster=roster)
    assert response.status_code == 200
    assert Invitation.objects.filter(counselor=counselor).count() == 500


def test_an_empty_or_unreadable_roster_is_refused_with_a_message(client, counselor):
    client.force_login(counselor)
    empty = send(client, "  \n ")
    assert empty.status_code == 400
    assert "Paste at least one address" in empty.content.decode()
    binary = client.post(
        "/counselor/invitations/send/",
        {"roster": SimpleUploadedFile("class.csv", b"\xff\xfe\x00bad", "text/csv")},
    )
    assert binary.status_code == 400
    assert "not UTF-8 text" in binary.content.decode()
    assert not Invitation.objects.exists()


def test_a_personal_invitation_works_once(client, counselor, learner, other_learner):
    invitation = Invitation.objects.create(counselor=counselor, email="lena@example.com")
    client.force_login(learner)
    page = client.get(f"/assessments/join/{invitation.token}/").content.decode()
    assert "Cora Counselor will see your results and can leave you feedback" in page
    assert client.post(f"/assessments/join/{invitation.token}/").status_code == 302
    invitation.refresh_from_db()
    assert invitation.accepted_by == learner and invitation.status == "accepted"

    client.force_login(other_learner)
    used = client.post(f"/assessments/join/{invitation.token}/")
    assert used.status_code == 410
    assert "already been accepted" in used.content.decode()
    assert not Assignment.objects.filter(learner=other_learner).exists()


def test_resending_mails_it_again_and_renews_an_expired_invitation(client, counselor, deliver_mail):
    invitation = Invitation.objects.create(
        counselor=counselor,
        email="ada@example.com",
        expires_at=timezone.now() - timedelta(days=1),
    )
    client.force_login(counselor)
    assert "Expired" in client.get("/counselor/invitations/").content.decode()
    response = client.post(f"/counselor/invitations/{invitation.pk}/resend/")
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    assert invitation.expires_at > timezone.now() + timedelta(days=13)
    assert [message.to for message in deliver_mail()] == [["ada@example.com"]]


def test_accepted_revoked_and_link_invitations_are_not_resent(
    client, counselor, learner, deliver_mail
):
    link = Invitation.objects.create(counselor=counselor)
    accepted = Invitation.objects.create(
        counselor=counselor, email="a@example.com", accepted_at=timezone.now()
    )
    revoked = Invitation.objects.create(
        counselor=counselor, email="b@example.com", revoked_at=timezone.now()
    )
    client.force_login(counselor)
    for invitation in (link, accepted, revoked):
        response = client.post(f"/counselor/invitations/{invitation.pk}/resend/", follow=True)
        assert "can be resent" in response.content.decode()
    assert deliver_mail() == []


def test_only_the_owner_resends_or_revokes(client, counselor, other_counselor):
    invitation = Invitation.objects.create(counselor=counselor, email="ada@example.com")
    client.force_login(other_counselor)
    assert client.post(f"/counselor/invitations/{invitation.pk}/resend/").status_code == 404
    assert client.post(f"/counselor/invitations/{invitation.pk}/revoke/").status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_learners_cannot_send_invitations(client, learner):
    client.force_login(learner)
    assert send(client, "ada@example.com").status_code == 404  # as every workspace page
    assert not Invitation.objects.exists()
