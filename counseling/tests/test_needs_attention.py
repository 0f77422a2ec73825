"""The "Needs attention" list: each reason appears when it holds and goes when resolved."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from assessments.models import Assessment
from counseling.caseload_store import refresh_learner
from counseling.models import ActionItem, Assignment, Note, ResultReview

pytestmark = pytest.mark.django_db

ENTRY = re.compile(
    r'<li class="attention-entry.*?<a href="[^"]+">([^<]+)</a>(.*?)</li>\s*</ul>', re.S
)


def listed(client):
    """{learner's name: [reason texts]} in the order the page lists them."""
    response = client.get("/counselor/")
    assert response.status_code == 200
    entries = {}
    for name, body in ENTRY.findall(response.content.decode()):
        reasons = re.findall(r"<li>(.*?) <span", body, re.S)
        entries[unescape(name)] = [unescape(reason).strip() for reason in reasons]
    return entries


@pytest.fixture
def role(make_role):
    return make_role("data-role", skills=4, level=3)


@pytest.fixture
def on_caseload(counselor, learner):
    Assignment.objects.assign(counselor=counselor, learner=learner)
    return learner


@pytest.fixture
def signed_in(client, counselor):
    client.force_login(counselor)
    return client


def test_the_counselor_lands_on_needs_attention(client, counselor, password):
    response = client.post("/accounts/login/", {"login": counselor.email, "password": password})
    assert response["Location"] == "/counselor/"
    page = client.get("/counselor/").content.decode()
    assert "<h1>Needs attention</h1>" in page
    assert 'href="/counselor/caseload/"' in page  # the whole table, one click away


def test_a_new_result_needs_attention_until_marked_reviewed(
    signed_in, on_caseload, role, make_result, committed
):
    result = make_result(on_caseload, role)
    assert listed(signed_in) == {"Lena Learner": ["New Data-Role result, not reviewed by you"]}
    learner_page = f"/counselor/learners/{on_caseload.pk}/"
    summary = "<dt>Needs your attention</dt><dd>New Data-Role result, not reviewed by you</dd>"
    assert summary in signed_in.get(learner_page).content.decode()

    url = f"/counselor/learners/{on_caseload.pk}/results/{result.pk}/reviewed/"
    with committed():
        response = signed_in.post(url)
    assert response.status_code == 302
    assert ResultReview.objects.get(assessment=result).how == "marked"
    assert listed(signed_in) == {}
    page = signed_in.get(learner_page).content.decode()
    assert "Reviewed " in page and "(marked reviewed)" in page
    assert "<dt>Needs your attention</dt><dd>Nothing at the moment</dd>" in page


def test_a_retake_is_new_again(signed_in, counselor, on_caseload, role, make_result, committed):
    first = make_result(on_caseload, role)
    ResultReview.objects.mark(counselor, [first], ResultReview.How.MARKED)
    assert listed(signed_in) == {}
    with committed():
        make_result(on_caseload, role, level=4)
    assert list(listed(signed_in)) == ["Lena Learner"]


def test_review_is_per_counselor(
    client, signed_in, counselor, other_counselor, on_caseload, role, make_result
):
    result = make_result(on_caseload, role)
    Assignment.objects.assign(counselor=other_counselor, learner=on_caseload)
    signed_in.post(f"/counselor/learners/{on_caseload.pk}/results/{result.pk}/reviewed/")
    assert listed(signed_in) == {}
    client.force_login(other_counselor)
    assert list(listed(client)) == ["Lena Learner"]


def test_validating_levels_reviews_the_result(signed_in, on_caseload, role, make_result):
    result = make_result(on_caseload, role)
    skill = result.ratings.first().skill_id
    url = f"/counselor/learners/{on_caseload.pk}/results/{result.pk}/levels/"
    assert signed_in.post(url, {f"validated_{skill}": 3}).status_code == 302
    assert ResultReview.objects.get(assessment=result).how == "validated"
    assert listed(signed_in) == {}


def test_feedback_reviews_but_a_private_note_does_not(
    signed_in, on_caseload, role, make_result, committed
):
    result = make_result(on_caseload, role)
    url = f"/counselor/learners/{on_caseload.pk}/notes/"
    with committed():
        signed_in.post(url, {"kind": "private", "body": "Seems keen", "result": result.pk})
    assert list(listed(signed_in)) == ["Lena Learner"]
    with committed():
        signed_in.post(url, {"kind": "feedback", "body": "Good start"})  # on the learner
    assert Note.objects.count() == 2
    assert ResultReview.objects.get(assessment=result).how == "feedback"
    assert listed(signed_in) == {}


def test_self_ratings_a_level_above_validated_need_a_talk(
    signed_in, on_caseload, role, make_result, committed
):
    result = make_result(on_caseload, role, level=4)
    skills = list(result.ratings.values_list("skill_id", flat=True))
    url = f"/counselor/learners/{on_caseload.pk}/results/{result.pk}/levels/"
    # Two skills validated: one two levels lower, one the same: one level on average.
    signed_in.post(url, {f"validated_{skills[0]}": 2, f"validated_{skills[1]}": 4})
    assert listed(signed_in) == {
        "Lena Learner": [
            "Rates themselves 1 level above the validated levels on average (Data-Role)"
        ]
    }
    with committed():
        signed_in.post(url, {f"validated_{skills[0]}": 3, f"validated_{skills[1]}": 4})  # 0.5
    assert listed(signed_in) == {}


def test_an_overdue_action_item_needs_attention_until_done(
    signed_in, counselor, on_caseload, role, make_result, committed
):
    today = timezone.localdate()
    item = ActionItem.objects.add(learner=on_caseload, author=counselor, text="Ship", due=today)
    assert listed(signed_in) == {}  # due today is not overdue yet
    with committed():
        ActionItem.objects.filter(pk=item.pk).update(due=today - timedelta(days=1))
        refresh_learner(on_caseload.pk)
    assert listed(signed_in) == {"Lena Learner": ["Action item overdue"]}
    item.refresh_from_db()
    with committed():
        item.toggle()
    assert listed(signed_in) == {}


def test_a_learner_quiet_for_the_set_number_of_days_needs_attention(
    signed_in, counselor, on_caseload, role, make_result, settings, committed
):
    settings.COUNSELOR_QUIET_DAYS = 30
    result = make_result(on_caseload, role)
    ResultReview.objects.mark(counselor, [result], ResultReview.How.MARKED)
    long_ago = timezone.now() - timedelta(days=31)
    Assessment.objects.filter(pk=result.pk).update(submitted_at=long_ago, updated_at=long_ago)
    refresh_learner(on_caseload.pk)
    assert listed(signed_in) == {"Lena Learner": ["No activity for 31 days"]}

    signed_in.force_login(on_caseload)  # a draft is activity
    with committed():
        signed_in.post(f"/assessments/new/{role.slug}/", {"save": "1"})
    assert Assessment.objects.drafts().count() == 1
    signed_in.force_login(counselor)
    assert listed(signed_in) == {}


def test_a_learner_who_never_started_counts_as_quiet_from_joining(
    signed_in, counselor, learner, settings, committed
):
    settings.COUNSELOR_QUIET_DAYS = 10
    Assignment.objects.assign(counselor=counselor, learner=learner)
    assert listed(signed_in) == {}
    with committed():
        Assignment.objects.update(created_at=timezone.now() - timedelta(days=11))
        refresh_learner(learner.pk)
    assert listed(signed_in) == {"Lena Learner": ["Has not started an assessment"]}


def test_longest_waiting_first_with_every_reason_listed(
    signed_in, counselor, make_user, role, make_result
):
    people = []
    for days, name in ((3, "Recent"), (20, "Oldest"), (10, "Middle")):
        person = make_user(f"{name.lower()}@example.com", f"{name} Person")
        Assignment.objects.assign(counselor=counselor, learner=person)
        result = make_result(person, role)
        moment = timezone.now() - timedelta(days=days)
        Assessment.objects.filter(pk=result.pk).update(submitted_at=moment, updated_at=moment)
        refresh_learner(person.pk)
        people.append(person)
    ActionItem.objects.add(
        learner=people[0], text="Call", due=timezone.localdate() - timedelta(days=2)
    )
    entries = listed(signed_in)
    assert list(entries) == ["Oldest Person", "Middle Person", "Recent Person"]
    assert entries["Recent Person"] == [
        "New Data-Role result, not reviewed by you",
        "Action item overdue",
    ]


def test_the_caseload_filters_by_each_reason(signed_in, counselor, make_user, role, make_result):
    fresh = make_user("fresh@example.com", "Fresh Result")
    late = make_user("late@example.com", "Late Item")
    for person in (fresh, late):
        Assignment.objects.assign(counselor=counselor, learner=person)
    ResultReview.objects.mark(counselor, [make_result(late, role)], ResultReview.How.MARKED)
    make_result(fresh, role)
    ActionItem.objects.add(learner=late, text="Call", due=timezone.localdate() - timedelta(1))

    def emails(attention):
        response = signed_in.get("/counselor/caseload/", {"attention": attention})
        return sorted(row.email for row in response.context["page"].object_list)

    assert emails("unreviewed") == ["fresh@example.com"]
    assert emails("overdue") == ["late@example.com"]
    assert emails("quiet") == [] and emails("overrated") == []
    assert emails("any") == ["fresh@example.com", "late@example.com"]
    assert emails("no-such-reason") == ["fresh@example.com", "late@example.com"]  # ignored


def test_an_old_link_to_the_table_still_reaches_it(signed_in):
    response = signed_in.get("/counselor/", {"sort": "-readiness", "band": "ready"})
    assert response.status_code == 302
    assert response["Location"] == "/counselor/caseload/?sort=-readiness&band=ready"


def test_marking_reviewed_is_a_post_by_the_learners_counselor(
    client, signed_in, other_counselor, on_caseload, role, make_result
):
    result = make_result(on_caseload, role)
    url = f"/counselor/learners/{on_caseload.pk}/results/{result.pk}/reviewed/"
    assert signed_in.get(url).status_code == 405
    client.force_login(other_counselor)
    assert client.post(url).status_code == 404
    client.force_login(on_caseload)
    assert client.post(url).status_code == 404
    assert not ResultReview.objects.exists()


def test_the_list_costs_the_same_queries_at_any_size(
    signed_in, counselor, make_user, role, make_result, page_queries, committed
):
    def add(start, count):
        for i in range(start, start + count):
            person = make_user(f"p{i}@example.com", f"Person {i}")
            Assignment.objects.assign(counselor=counselor, learner=person)
            make_result(person, role)

    add(0, 3)
    signed_in.get("/")
    # A first view builds the page (and the very first creates the caseload's stamp); a
    # cached one is the session, the user, the group check, the stamp and the page.
    first, cached = page_queries("/counselor/", 19), page_queries("/counselor/", 5)
    with committed():
        add(3, 60)  # a new stamp: the page is built again
    assert page_queries("/counselor/", first) <= first
    assert page_queries("/counselor/", cached) == cached
    page = signed_in.get("/counselor/", {"page": 2}).content.decode()
    assert "63 learners need attention; 51–63 below." in page


def test_working_on_ones_plan_is_activity(
    signed_in, counselor, on_caseload, role, make_result, settings, committed
):
    from assessments import planning
    from assessments.models import Plan

    settings.COUNSELOR_QUIET_DAYS = 30
    result = make_result(on_caseload, role)
    ResultReview.objects.mark(counselor, [result], ResultReview.How.MARKED)
    long_ago = timezone.now() - timedelta(days=40)
    Assessment.objects.filter(pk=result.pk).update(submitted_at=long_ago, updated_at=long_ago)
    plan = Plan.objects.create(learner=on_caseload, role=role)
    skill = result.ratings.first().skill
    with committed():
        planning.add_own(plan, "Read the docs", [skill], counselor)  # the counselor's doing
    assert listed(signed_in) == {"Lena Learner": ["No activity for 40 days"]}
    with committed():
        planning.update(plan.items.get(), on_caseload, status="in_progress", target_date=None)
    assert listed(signed_in) == {}


def test_a_note_on_a_result_id_beyond_any_row_is_refused_not_a_crash(signed_in, on_caseload):
    url = f"/counselor/learners/{on_caseload.pk}/notes/"
    data = {"kind": "feedback", "body": "Hi", "result": "99999999999999999999999"}
    response = signed_in.post(url, data)
    assert response.status_code == 400
    assert not Note.objects.exists()
