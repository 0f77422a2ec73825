"""Arbitrary input never causes a 500 or a half-saved assessment."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import Assessment, Rating

pytestmark = pytest.mark.django_db

anything = st.one_of(
    st.text(max_size=60),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["0", "5", "", " 3", "3 ", "٣", "0x3", "1e0", "None", "null"]),
)


@settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    python=anything,
    docker=anything,
    evidence=st.text(max_size=700),
    action=st.sampled_from(["submit", "save"]),
)
def test_the_rating_form_survives_arbitrary_input(
    client, learner, catalog, form_data, python, docker, evidence, action
):
    client.force_login(learner)
    Assessment.objects.all().delete()
    data = form_data(catalog, level=3, action=action, python=python, docker=docker)
    java = catalog.requirements.get(skill__slug="java").skill_id
    data[f"evidence_{java}"] = evidence
    response = client.post("/assessments/new/mlops-engineer/", data)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert not Assessment.objects.exists() and not Rating.objects.exists()
        assert "Nothing was saved" in response.content.decode()
    else:
        saved = Rating.objects.get(skill__slug="python")
        assert saved.level in {None, 0, 1, 2, 3, 4, 5}


@pytest.mark.parametrize(
    "url",
    [
        "/assessments/999999/",
        "/assessments/999999/edit/",
        "/assessments/new/%3Cscript%3E/",
        "/roles/" + "x" * 10_000 + "/",
    ],
)
def test_unknown_ids_and_slugs_are_404(client, learner, url):
    client.force_login(learner)
    assert client.get(url).status_code == 404


def test_huge_ids_are_404_not_500(client, learner):
    client.force_login(learner)
    assert client.get("/assessments/99999999999999999999999/").status_code == 404


def test_missing_csrf_is_refused_and_saves_nothing(learner, catalog, form_data):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(learner)
    response = strict.post("/assessments/new/mlops-engineer/", form_data(catalog))
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("url", ["/counselor/?q=%00", "/roles/?x=a%00b", "/assessments/join/%00/"])
def test_nul_bytes_in_the_address_are_refused(client, counselor, url):
    client.force_login(counselor)
    assert client.get(url).status_code in (400, 404)


@pytest.mark.parametrize("target", ["null", "-1", "1e9", "%00", "é☃", "https://evil.example/"])
def test_a_bad_next_value_redirects_home_safely(client, learner, counselor, target):
    from counseling.models import ActionItem

    item = ActionItem.objects.add(learner=learner, author=counselor, text="Read")
    client.force_login(learner)
    response = client.post(f"/assessments/actions/{item.pk}/toggle/", {"next": target})
    assert response.status_code == 302 and response["Location"] == "/assessments/"
    item.refresh_from_db()
    assert item.is_done


def test_a_huge_counselor_id_is_404(client, learner):
    client.force_login(learner)
    response = client.post("/assessments/counselors/99999999999999999999/leave/")
    assert response.status_code == 404


def test_a_token_from_another_role_does_not_touch_that_draft(
    client, learner, catalog, form_data, start_token, make_role
):
    client.force_login(learner)
    token = start_token(client, catalog)
    client.post("/assessments/new/mlops-engineer/", form_data(catalog, action="save", token=token))
    draft = Assessment.objects.get()
    other = make_role("other-role", skills=3)
    client.post("/assessments/new/other-role/", form_data(other, token=token))
    draft.refresh_from_db()
    assert draft.is_draft and draft.ratings.count() == catalog.requirements.count()
    assert Assessment.objects.filter(role=other, status="submitted").count() == 1


def test_a_second_tab_submits_onto_the_draft_instead_of_losing_it(
    client, learner, catalog, form_data, start_token
):
    client.force_login(learner)
    first_tab, second_tab = start_token(client, catalog), start_token(client, catalog)
    client.post(
        "/assessments/new/mlops-engineer/",
        form_data(catalog, level=1, action="save", token=first_tab),
    )
    response = client.post(
        "/assessments/new/mlops-engineer/", form_data(catalog, level=4, token=second_tab)
    )
    result = Assessment.objects.get()
    assert response["Location"] == f"/assessments/{result.pk}/"
    assert result.status == "submitted"
    assert set(result.ratings.values_list("level", flat=True)) == {4}


def test_a_role_with_no_skills_cannot_be_assessed(client, learner, make_role):
    make_role("empty", skills=0)
    client.force_login(learner)
    response = client.post("/assessments/new/empty/", {"submit": "1"})
    assert response.status_code == 302 and response["Location"] == "/roles/empty/"
    assert not Assessment.objects.exists()
