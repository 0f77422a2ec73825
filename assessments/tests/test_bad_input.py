"""Arbitrary input never causes a 500 or a half-saved assessment."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import Assessment, Rating
from assessments.tests.test_taking_an_assessment import form_data

pytestmark = pytest.mark.django_db

anything = st.one_of(
    st.text(max_size=60),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["0", "5", "", " 3", "3 ", "٣", "0x3", "1e0", "None", "null"]),
)


@settings(
    max_examples=60,
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
    client, learner, catalog, python, docker, evidence, action
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


def test_missing_csrf_is_refused_and_saves_nothing(learner, catalog):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(learner)
    response = strict.post("/assessments/new/mlops-engineer/", form_data(catalog))
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
    assert not Assessment.objects.exists()
