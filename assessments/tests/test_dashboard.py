import re
from datetime import date, timedelta

import pytest
from django.test import Client

from assessments.models import Assessment
from counseling.follow_up import FEEDBACK_SHOWN, load_follow_up
from counseling.models import ActionItem, Assignment, Note

pytestmark = pytest.mark.django_db


@pytest.fixture
def submit_via_form(form_data, start_token):
    """Submit the role's form as a learner would; the learner's latest result for it."""

    def submit(client, role, level=3, **overrides):
        client.post(
            f"/assessments/new/{role.slug}/",
            form_data(role, level=level, token=start_token(client, role), **overrides),
        )
        return Assessment.objects.filter(role=role, is_latest=True).get()

    return submit


@pytest.fixture
def logged_in(client, learner):
    client.force_login(learner)
    return client


def test_all_expert_reads_100_percent_with_no_gaps(logged_in, catalog, submit_via_form):
    result = submit_via_form(logged_in, catalog, level=5)
    page = logged_in.get(f"/assessments/{result.pk}/").content.decode()
    assert "100%" in page and "You meet 100% of what the MLOps engineer role asks for" in page
    assert "No gaps to close: every requirement is met." in page
    assert "Next best skill" not in page


def test_all_none_reads_0_percent_with_the_ibm_certificate_on_the_path(
    logged_in, catalog, submit_via_form
):
    result = submit_via_form(logged_in, catalog, level=0)
    page = logged_in.get(f"/assessments/{result.pk}/").content.decode()
    assert result.readiness == 0
    assert "You meet 0% of what" in page
    path = page[page.index('id="path-heading"') : page.index('id="fit-heading"')]
    assert "IBM Machine Learning Professional Certificate" in path
    assert "Free resources where no course in the catalog helps:" in path  # e.g. workplace skills
    assert "Communication" in path


def test_the_dashboard_explains_shows_and_tabulates_the_gaps(logged_in, catalog, submit_via_form):
    result = submit_via_form(logged_in, catalog, level=2, python=5, docker=0)
    page = logged_in.get(f"/assessments/{result.pk}/").content.decode()
    assert "How is this calculated?" in page
    assert "<svg" in page and 'role="img"' in page
    # Gap table rows are in descending weighted-gap order.
    table = page[page.index("Every skill, the gaps that matter most first") :]
    table = table[: table.index("</table>")]
    weighted = [int(n) for n in re.findall(r"</span>.*?</td>\s*<td>(\d+)</td>", table, re.S)]
    assert weighted == sorted(weighted, reverse=True) and weighted
    assert "Docker" in table and "5 · Expert" in table
    strengths = page[page.index('id="strengths-heading"') : page.index('id="path-heading"')]
    assert "Python" in strengths
    assert "Next best skill" in page and "readiness points" in page
    fit = page[page.index('id="fit-heading"') :]
    for title in ["Machine learning engineer", "DevOps engineer", "Data scientist"]:
        assert title in fit
    assert "Retake assessment" in page


def test_history_shows_progress_once_there_are_two_results(logged_in, catalog, submit_via_form):
    first = submit_via_form(logged_in, catalog, level=1)
    page = logged_in.get(f"/assessments/{first.pk}/").content.decode()
    assert "Readiness over time" not in page
    second = submit_via_form(logged_in, catalog, level=3)
    page = logged_in.get(f"/assessments/{second.pk}/").content.decode()
    assert "Readiness over time" in page
    assert f"+{second.readiness - first.readiness:.0f} points" in page
    assert "+2" in page  # per-skill change


def test_evidence_links_are_clickable_and_escaped(logged_in, catalog, form_data, start_token):
    python_id = catalog.requirements.get(skill__slug="python").skill_id
    token = start_token(logged_in, catalog)
    data = form_data(catalog, token=token)
    data[f"evidence_{python_id}"] = "see https://example.com/repo <b>bold</b>"
    logged_in.post("/assessments/new/mlops-engineer/", data)
    result = Assessment.objects.get()
    page = logged_in.get(f"/assessments/{result.pk}/").content.decode()
    assert 'href="https://example.com/repo"' in page
    assert "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt;" in page


def test_the_cached_follow_up_forms_carry_this_requests_token_and_path(
    learner, counselor, catalog, make_result
):
    Assignment.objects.assign(counselor=counselor, learner=learner)
    item = ActionItem.objects.add(learner=learner, author=counselor, text="Ship a model")
    result = make_result(learner, catalog)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(learner)
    url = f"/assessments/{result.pk}/"
    strict.get(url)  # renders the follow-up and caches it
    page = strict.get(url).content.decode()  # from the cache, slots filled
    assert "\x00" not in page
    form = page[page.index(f"/assessments/actions/{item.pk}/toggle/") :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    next_path = re.search(r'name="next" value="([^"]+)"', form).group(1)
    assert next_path == url
    response = strict.post(
        f"/assessments/actions/{item.pk}/toggle/",
        {"csrfmiddlewaretoken": token, "next": next_path},
    )
    assert response.status_code == 302 and response["Location"] == f"{url}#action-{item.pk}"
    item.refresh_from_db()
    assert item.is_done
    assert "<s>Ship a model</s>" in strict.get(url).content.decode()


def test_a_cached_dashboard_is_still_only_its_learners(
    client, learner, other_learner, catalog, make_result
):
    result = make_result(learner, catalog)
    client.force_login(learner)
    assert client.get(f"/assessments/{result.pk}/").status_code == 200  # now in the cache
    client.force_login(other_learner)
    assert client.get(f"/assessments/{result.pk}/").status_code == 404


def test_a_new_result_marks_a_cached_older_dashboard_as_earlier(
    client, learner, catalog, make_result
):
    first = make_result(learner, catalog, level=1)
    client.force_login(learner)
    url = f"/assessments/{first.pk}/"
    assert "an earlier result" not in client.get(url).content.decode()
    make_result(learner, catalog, level=2)
    assert "an earlier result" in client.get(url).content.decode()


def test_follow_up_lists_come_in_their_order_from_one_statement(
    logged_in,
    learner,
    counselor,
    other_counselor,
    make_role,
    make_result,
    django_assert_num_queries,
):
    result = make_result(learner, make_role("alpha", skills=2))
    Assignment.objects.assign(counselor=counselor, learner=learner)
    Assignment.objects.assign(counselor=other_counselor, learner=learner)
    add = ActionItem.objects.add
    add(learner=learner, author=counselor, text="Undated")
    add(learner=learner, author=counselor, text="Later", due=date(2031, 5, 2))
    add(learner=learner, author=counselor, text="Sooner", due=date(2031, 5, 1))
    add(learner=learner, author=counselor, text="Finished", due=date(2020, 1, 1)).toggle()
    for n in range(FEEDBACK_SHOWN + 2):
        Note.objects.create(learner=learner, author=counselor, body=f"Feedback number {n}.")
    Note.objects.filter(body="Feedback number 0.").update(
        created_at=result.submitted_at - timedelta(days=1)
    )  # the oldest, by its date as well as its id

    with django_assert_num_queries(1):
        found = load_follow_up(learner.pk)
    assert [c.name for c in found["counselors"]] == ["Carl Counselor", "Cora Counselor"]
    page = logged_in.get(f"/assessments/{result.pk}/").content.decode()
    items = re.findall(
        r'<li id="action-\d+" class="action-item mb-2">.*?<span>(?:<s>)?([A-Z]\w+)', page, re.S
    )
    assert items == ["Sooner", "Later", "Undated", "Finished"]
    shown = [int(n) for n in re.findall(r"Feedback number (\d+)\.", page)]
    assert shown == list(range(FEEDBACK_SHOWN + 1, 1, -1))  # the newest twenty, newest first


def test_the_written_out_ownership_check_agrees_with_owned_by(
    learner, other_learner, catalog, make_result
):
    mine, theirs = make_result(learner, catalog), make_result(other_learner, catalog)
    for user in (learner, other_learner):
        for pk in (mine.pk, theirs.pk, 0, -1, 2**63 - 1, 2**63):
            expected = Assessment.objects.owned_by(user).filter(pk=pk).first()
            assert Assessment.objects.one_owned_by(user, pk) == expected, (user, pk)
    assert Assessment.objects.one_owned_by(learner, mine.pk).readiness == mine.readiness
