"""A counselor's review of a learner: validated levels, notes, action items and their emails."""

from decimal import Decimal

import pytest
from django.template.defaultfilters import linebreaksbr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.forms import LEVEL_ERROR
from assessments.models import Rating
from counseling.models import ActionItem, Assignment, Note

pytestmark = pytest.mark.django_db


@pytest.fixture
def role(make_role):
    return make_role("review", skills=2, level=3, importance=1)


@pytest.fixture
def result(learner, counselor, role, make_result):
    Assignment.objects.assign(counselor=counselor, learner=learner)
    # Self-ratings 4 and 2 against 3 and 3: readiness (3 + 2) / 6 = 83.3%.
    return make_result(learner, role, levels={"review-skill-0": 4, "review-skill-1": 2})


def skill_ids(result):
    return list(result.ratings.order_by("position").values_list("skill_id", flat=True))


def levels_url(learner, result):
    return f"/counselor/learners/{learner.pk}/results/{result.pk}/levels/"


def post_levels(client, learner, result, *levels):
    data = {
        f"validated_{skill_id}": level
        for skill_id, level in zip(skill_ids(result), levels, strict=True)
    }
    return client.post(levels_url(learner, result), data)


# Validated levels


def test_validated_levels_store_validated_readiness_and_show_calibration(
    client, counselor, learner, result
):
    client.force_login(counselor)
    response = post_levels(client, learner, result, "2", "2")
    assert response.status_code == 302
    assert response["Location"] == f"/counselor/learners/{learner.pk}/results/{result.pk}/#review"
    assert set(result.ratings.values_list("validated_level", flat=True)) == {2}
    result.refresh_from_db()
    assert result.validated_readiness == Decimal("66.7")  # (2 + 2) / 6

    client.force_login(learner)
    page = client.get(f"/assessments/{result.pk}/").content.decode()
    assert "67%" in page and "validated by a counselor" in page
    # Self 4 vs 2 and 2 vs 2: on average one level higher than the counselor.
    assert "you rate yourself higher than your counselor by about 1.0 levels" in page
    assert "2 · Beginner" in page  # the counselor column


def test_not_reviewed_clears_a_level_and_partial_reviews_work(client, counselor, learner, result):
    client.force_login(counselor)
    post_levels(client, learner, result, "2", "2")
    post_levels(client, learner, result, "", "3")
    levels = list(result.ratings.order_by("position").values_list("validated_level", flat=True))
    assert levels == [None, 3]
    result.refresh_from_db()
    # Skill 0 keeps the self-rating 4 (credit capped at 3), skill 1 counts the counselor's 3.
    assert result.validated_readiness == Decimal("100.0")
    post_levels(client, learner, result, "", "")
    result.refresh_from_db()
    assert result.validated_readiness is None
    assert not result.ratings.filter(validated_level__isnull=False).exists()


@pytest.mark.parametrize("bad", ["9", "6", "-1", "abc", "2.5"])
def test_a_bad_level_is_refused_and_nothing_is_saved(client, counselor, learner, result, bad):
    client.force_login(counselor)
    post_levels(client, learner, result, "1", "1")
    response = post_levels(client, learner, result, "3", bad)
    assert response.status_code == 400
    assert LEVEL_ERROR in response.content.decode()
    assert set(result.ratings.values_list("validated_level", flat=True)) == {1}
    result.refresh_from_db()
    assert result.validated_readiness == Decimal("33.3")


def test_self_ratings_never_change(client, counselor, learner, result):
    client.force_login(counselor)
    before = list(Rating.objects.order_by("pk").values_list("level", "evidence"))
    data = {f"level_{skill_id}": "0" for skill_id in skill_ids(result)}
    client.post(levels_url(learner, result), data)
    assert list(Rating.objects.order_by("pk").values_list("level", "evidence")) == before


def test_the_learner_page_opens_with_a_summary_then_the_tools_then_the_report(
    client, counselor, learner, result
):
    client.force_login(counselor)
    page = client.get(f"/counselor/learners/{learner.pk}/").content.decode()
    assert page.count("<h1") == 1
    assert "83%" in page and "This learner meets 83%" in page
    order = [
        'id="summary-heading"',
        'id="results-heading"',
        'id="review-heading"',
        'id="notes-heading"',
        'id="actions-heading"',
        "Skills: self-rating against the requirement",  # the report, last
    ]
    assert [page.index(marker) for marker in order] == sorted(page.index(m) for m in order)
    for anchor in ["#results", "#review", "#notes", "#actions", "#report"]:
        assert f'href="{anchor}"' in page
    for skill_id in skill_ids(result):
        assert f'<label class="visually-hidden" for="id_validated_{skill_id}">' in page


# Notes


def note_url(learner):
    return f"/counselor/learners/{learner.pk}/notes/"


def test_feedback_reaches_the_learner_escaped(client, counselor, learner, result):
    client.force_login(counselor)
    body = "<script>alert('x')</script>\nSecond line & more"
    response = client.post(note_url(learner), {"kind": "feedback", "body": body})
    assert response.status_code == 302
    note = Note.objects.get()
    assert (note.author, note.learner, note.kind) == (counselor, learner, "feedback")
    escaped = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;<br>Second line &amp; more"
    assert escaped in client.get(f"/counselor/learners/{learner.pk}/").content.decode()
    client.force_login(learner)
    page = client.get(f"/assessments/{result.pk}/").content.decode()
    assert escaped in page and "<script>alert" not in page


def test_private_notes_stay_with_counselors(client, counselor, other_counselor, learner, result):
    Assignment.objects.assign(counselor=other_counselor, learner=learner)
    client.force_login(counselor)
    client.post(note_url(learner), {"kind": "private", "body": "Seems over-confident."})
    client.force_login(other_counselor)
    assert (
        "Seems over-confident." in client.get(f"/counselor/learners/{learner.pk}/").content.decode()
    )
    client.force_login(learner)
    assert "Seems over-confident." not in client.get(f"/assessments/{result.pk}/").content.decode()


def test_a_note_on_a_result_goes_back_to_that_result(client, counselor, learner, result):
    client.force_login(counselor)
    response = client.post(
        note_url(learner), {"kind": "feedback", "body": "Nice.", "result": result.pk}
    )
    assert response["Location"] == f"/counselor/learners/{learner.pk}/results/{result.pk}/#notes"
    assert Note.objects.get().assessment == result


@pytest.mark.parametrize(
    "data, error",
    [
        ({"kind": "feedback", "body": "x" * 10240}, "at most 5000 characters"),
        ({"kind": "feedback", "body": ""}, "This field is required."),
        ({"kind": "feedback", "body": "   \n  "}, "This field is required."),
        ({"kind": "public", "body": "Hello"}, "Select a valid choice."),
        ({"kind": "feedback", "body": "nul \x00 byte"}, "Null characters are not allowed."),
        ({"kind": "feedback", "body": "Hi", "result": "999999"}, "not one of this learner"),
    ],
)
def test_a_bad_note_is_refused_with_a_clear_error(client, counselor, learner, result, data, error):
    client.force_login(counselor)
    response = client.post(note_url(learner), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert error in page and "Nothing was saved" in page
    assert not Note.objects.exists()


def test_a_note_cannot_point_at_another_learners_result(
    client, counselor, learner, other_learner, result, role, make_result
):
    Assignment.objects.assign(counselor=counselor, learner=other_learner)
    theirs = make_result(other_learner, role)
    client.force_login(counselor)
    data = {"kind": "feedback", "body": "Hi", "result": theirs.pk}
    response = client.post(note_url(learner), data)
    assert response.status_code == 400 and not Note.objects.exists()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_any_note_text_is_saved_or_refused_never_an_error(client, counselor, learner, body):
    Assignment.objects.get_or_create(counselor=counselor, learner=learner)
    client.force_login(counselor)
    before = Note.objects.count()
    response = client.post(note_url(learner), {"kind": "feedback", "body": body})
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        note = Note.objects.latest("pk")
        page = client.get(f"/counselor/learners/{learner.pk}/").content.decode()
        assert str(linebreaksbr(note.body, autoescape=True)) in page
    else:
        assert Note.objects.count() == before


# Action items


def action_url(learner):
    return f"/counselor/learners/{learner.pk}/actions/"


def test_an_action_item_is_ticked_off_by_the_learner(client, counselor, learner, result, committed):
    client.force_login(counselor)
    data = {"text": "Build a CI pipeline", "due": "2031-05-01"}
    with committed():
        assert client.post(action_url(learner), data).status_code == 302
    item = ActionItem.objects.get()
    assert (item.text, str(item.due), item.author) == (data["text"], data["due"], counselor)
    assert table_open_items(client) == "1"

    client.force_login(learner)
    page = client.get(f"/assessments/{result.pk}/").content.decode()
    assert "Build a CI pipeline" in page and "due 1 May 2031" in page
    with committed():
        client.post(f"/assessments/actions/{item.pk}/toggle/")
    item.refresh_from_db()
    assert item.is_done

    client.force_login(counselor)
    assert table_open_items(client) == "0"
    assert (
        "<s>Build a CI pipeline</s>"
        in client.get(f"/counselor/learners/{learner.pk}/").content.decode()
    )


def test_what_a_deleted_counselor_wrote_reads_as_from_a_former_counselor(
    client, counselor, other_counselor, learner, result, password
):
    Assignment.objects.assign(counselor=other_counselor, learner=learner)
    client.force_login(other_counselor)
    client.post(note_url(learner), {"kind": "feedback", "body": "Keep going.", "result": result.pk})
    client.post(note_url(learner), {"kind": "private", "body": "Needs a push."})
    client.post(action_url(learner), {"text": "Update your CV", "due": ""})
    client.post("/accounts/data/", {"password": password})  # Carl deletes his account
    assert not Note.objects.filter(author__isnull=False).exists()
    assert not ActionItem.objects.filter(author__isnull=False).exists()

    client.force_login(counselor)
    for url in [
        f"/counselor/learners/{learner.pk}/",
        f"/counselor/learners/{learner.pk}/results/{result.pk}/",
    ]:
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 200
        assert "Keep going." in page and "Needs a push." in page
        assert page.count("A former counselor,") == 2  # under each note
        assert "Update your CV" in page and "from A former counselor" in page
        assert "Carl Counselor" not in page

    client.force_login(learner)
    response = client.get(f"/assessments/{result.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Keep going." in page and "A former counselor," in page
    assert "Update your CV" in page and "from A former counselor" in page


def table_open_items(client):
    row = client.get("/counselor/caseload/").context["page"].object_list[0]
    return str(row.open_items)


@pytest.mark.parametrize(
    "data, error",
    [
        ({"text": "Read", "due": "2024-13-45"}, "Enter a valid date."),
        ({"text": "Read", "due": "next week"}, "Enter a valid date."),
        ({"text": "", "due": ""}, "This field is required."),
        ({"text": "x" * 301, "due": ""}, "at most 300 characters"),
    ],
)
def test_a_bad_action_item_is_refused_with_a_clear_error(
    client, counselor, learner, result, data, error
):
    client.force_login(counselor)
    response = client.post(action_url(learner), data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not ActionItem.objects.exists()


# Emails


def test_feedback_and_action_items_email_the_learner_through_the_queue(
    client, counselor, learner, result, deliver_mail
):
    client.force_login(counselor)
    client.post(note_url(learner), {"kind": "feedback", "body": "Great progress."})
    client.post(note_url(learner), {"kind": "private", "body": "Between us."})
    client.post(action_url(learner), {"text": "Update your CV", "due": ""})
    mailoutbox = deliver_mail()
    assert [m.to for m in mailoutbox] == [["learner@example.com"], ["learner@example.com"]]
    assert mailoutbox[0].subject == "New feedback from Cora Counselor"
    assert "Great progress." in mailoutbox[0].body
    assert mailoutbox[1].subject == "New action item from Cora Counselor"
    assert "Between us." not in "".join(m.body for m in mailoutbox)


def test_nothing_is_emailed_when_nothing_is_saved(client, counselor, learner, result, deliver_mail):
    client.force_login(counselor)
    client.post(note_url(learner), {"kind": "feedback", "body": ""})
    assert deliver_mail() == []


def test_a_submitted_result_emails_each_assigned_counselor(
    client,
    counselor,
    other_counselor,
    learner,
    role,
    deliver_mail,
    form_data,
    start_token,
):
    Assignment.objects.assign(counselor=counselor, learner=learner)
    client.force_login(learner)
    client.post(
        "/assessments/new/review/",
        form_data(role, action="save", token=start_token(client, role)),
    )
    assert deliver_mail() == []  # a draft is nobody's business yet

    Assignment.objects.assign(counselor=other_counselor, learner=learner)
    draft = learner.assessments.get()
    client.post(f"/assessments/{draft.pk}/edit/", form_data(role, level=3))
    mailoutbox = deliver_mail()
    assert sorted(m.to[0] for m in mailoutbox) == [
        "counselor2@example.com",
        "counselor@example.com",
    ]
    assert all(len(m.to) == 1 for m in mailoutbox)  # counselors do not see each other
    assert mailoutbox[0].subject == "Lena Learner submitted a Review assessment"
    assert f"/counselor/learners/{learner.pk}/results/{draft.pk}/" in mailoutbox[0].body
