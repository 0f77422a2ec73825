import pytest

from assessments.models import Assessment, Rating
from roles.models import Requirement

pytestmark = pytest.mark.django_db


def test_signup_logs_the_learner_in_and_keeps_their_name(client, catalog, password):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.com",
            "name": "Nia New",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 302
    page = client.get("/assessments/").content.decode()
    assert "new@example.com" in page and "Log out" in page
    from django.contrib.auth.models import User

    assert User.objects.get(email="new@example.com").first_name == "Nia New"


def test_anonymous_users_are_sent_to_login_and_back(client, catalog):
    response = client.get("/assessments/new/mlops-engineer/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/assessments/new/mlops-engineer/")
    for url in ["/assessments/", "/assessments/1/", "/assessments/1/edit/"]:
        assert client.get(url).status_code == 302


def test_the_form_shows_every_skill_with_six_described_levels(client, learner, catalog):
    client.force_login(learner)
    page = client.get("/assessments/new/mlops-engineer/").content.decode()
    requirements = Requirement.objects.filter(role=catalog).select_related("skill")
    assert page.count("<fieldset") == requirements.count()
    for requirement in requirements:
        assert f"<legend>{requirement.skill.name}</legend>".replace("&", "&amp;") in page
        field = f"level_{requirement.skill_id}"
        for level in range(6):
            assert f'name="{field}" id="{field}_{level}" value="{level}"' in page
    descriptor = requirements[0].skill.levels.get(level=4).description
    assert descriptor.replace("'", "&#x27;").replace('"', "&quot;") in page
    assert "Technical skills" in page and "Workplace skills" in page
    assert "0 · None" in page and "5 · Expert" in page


def test_opening_the_form_stores_nothing(client, learner, catalog):
    client.force_login(learner)
    client.get("/assessments/new/mlops-engineer/")
    assert not Assessment.objects.exists()


def test_save_draft_keeps_partial_ratings_and_resumes(
    client, learner, catalog, form_data, start_token
):
    client.force_login(learner)
    token = start_token(client, catalog)
    data = form_data(catalog, level=None, action="save", token=token, python=4, docker=2)
    data[f"evidence_{catalog.requirements.get(skill__slug='python').skill_id}"] = (
        "https://example.com/my-project"
    )
    response = client.post("/assessments/new/mlops-engineer/", data)
    draft = Assessment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/assessments/{draft.pk}/edit/"
    assert draft.is_draft
    levels = dict(Rating.objects.filter(assessment=draft).values_list("skill__slug", "level"))
    assert levels["python"] == 4 and levels["docker"] == 2 and levels["java"] is None

    # Starting again resumes the same draft, with what was filled in.
    response = client.get("/assessments/new/mlops-engineer/")
    assert response["Location"] == f"/assessments/{draft.pk}/edit/"
    page = client.get(response["Location"]).content.decode()
    python_id = catalog.requirements.get(skill__slug="python").skill_id
    assert f'id="level_{python_id}_4" value="4" checked' in page
    assert "https://example.com/my-project" in page
    assert Assessment.objects.count() == 1


def test_submit_snapshots_requirements_and_stores_readiness(
    client, learner, catalog, form_data, start_token
):
    client.force_login(learner)
    token = start_token(client, catalog)
    response = client.post(
        "/assessments/new/mlops-engineer/", form_data(catalog, level=5, token=token)
    )
    result = Assessment.objects.get()
    assert response["Location"] == f"/assessments/{result.pk}/"
    assert result.status == "submitted" and result.is_latest
    assert result.readiness == 100
    for rating in result.ratings.select_related("skill"):
        requirement = catalog.requirements.get(skill=rating.skill)
        assert (rating.required_level, rating.importance) == (
            requirement.level,
            requirement.importance,
        )


def test_the_snapshot_survives_an_admin_edit(client, learner, catalog, form_data, start_token):
    client.force_login(learner)
    client.post(
        "/assessments/new/mlops-engineer/",
        form_data(catalog, level=3, token=start_token(client, catalog)),
    )
    result = Assessment.objects.get()
    before = client.get(f"/assessments/{result.pk}/").content.decode()
    Requirement.objects.filter(role=catalog).update(level=5, importance=5)
    result.refresh_from_db()
    after = client.get(f"/assessments/{result.pk}/").content.decode()
    assert result.readiness < 100
    assert f"{result.readiness:.0f}%" in after
    assert before.count("level") == after.count("level")
    assert set(result.ratings.values_list("required_level", flat=True)) != {5}


BAD_VALUES = ["abc", "-1", "6", "3.5", "99999999999999999999", ""]


@pytest.mark.parametrize("bad", BAD_VALUES)
def test_a_bad_value_is_refused_next_to_its_skill_and_nothing_is_saved(
    client, learner, catalog, bad, form_data, start_token
):
    client.force_login(learner)
    data = form_data(catalog, level=3, token=start_token(client, catalog), python=bad)
    java_id = catalog.requirements.get(skill__slug="java").skill_id
    data[f"evidence_{java_id}"] = "Built a Spring service"
    response = client.post("/assessments/new/mlops-engineer/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was saved" in page
    python_id = catalog.requirements.get(skill__slug="python").skill_id
    expected = (
        "Rate this skill before submitting."
        if bad == ""
        else "Choose a level from 0 (None) to 5 (Expert)."
    )
    assert f'id="level_{python_id}-error">{expected}' in page
    # Everything else the learner entered is still on the page.
    assert "Built a Spring service" in page
    docker_id = catalog.requirements.get(skill__slug="docker").skill_id
    assert f'id="level_{docker_id}_3" value="3" checked' in page
    assert not Assessment.objects.exists() and not Rating.objects.exists()


def test_a_missing_skill_blocks_submit_but_not_a_draft(
    client, learner, catalog, form_data, start_token
):
    client.force_login(learner)
    token = start_token(client, catalog)
    response = client.post(
        "/assessments/new/mlops-engineer/",
        form_data(catalog, token=token, **{"sql-databases": None}),
    )
    assert response.status_code == 400
    assert not Assessment.objects.exists()
    response = client.post(
        "/assessments/new/mlops-engineer/",
        form_data(catalog, token=token, action="save", **{"sql-databases": None}),
    )
    assert response.status_code == 302
    assert Assessment.objects.get().is_draft


def test_a_bad_value_in_a_draft_leaves_the_saved_draft_unchanged(
    client, learner, catalog, form_data, start_token
):
    client.force_login(learner)
    client.post(
        "/assessments/new/mlops-engineer/",
        form_data(catalog, level=2, action="save", token=start_token(client, catalog)),
    )
    draft = Assessment.objects.get()
    before = list(draft.ratings.values_list("level", flat=True))
    response = client.post(
        f"/assessments/{draft.pk}/edit/", form_data(catalog, level=4, python="7")
    )
    assert response.status_code == 400
    assert list(draft.ratings.values_list("level", flat=True)) == before
    draft.refresh_from_db()
    assert draft.is_draft


def test_double_submit_creates_one_result(client, learner, catalog, form_data, start_token):
    client.force_login(learner)
    data = form_data(catalog, token=start_token(client, catalog))
    first = client.post("/assessments/new/mlops-engineer/", data)
    second = client.post("/assessments/new/mlops-engineer/", data)
    result = Assessment.objects.get()
    assert first["Location"] == second["Location"] == f"/assessments/{result.pk}/"


def test_submitting_a_draft_twice_creates_one_result(
    client, learner, catalog, form_data, start_token
):
    client.force_login(learner)
    client.post(
        "/assessments/new/mlops-engineer/",
        form_data(catalog, action="save", token=start_token(client, catalog)),
    )
    draft = Assessment.objects.get()
    client.post(f"/assessments/{draft.pk}/edit/", form_data(catalog))
    response = client.post(f"/assessments/{draft.pk}/edit/", form_data(catalog, level=1))
    assert response["Location"] == f"/assessments/{draft.pk}/"
    draft.refresh_from_db()
    assert draft.status == "submitted" and Assessment.objects.count() == 1
    assert set(draft.ratings.values_list("level", flat=True)) == {3}


def test_retake_prefills_the_last_result_and_keeps_history(
    client, learner, catalog, form_data, start_token
):
    client.force_login(learner)
    client.post(
        "/assessments/new/mlops-engineer/",
        form_data(catalog, level=2, token=start_token(client, catalog)),
    )
    first = Assessment.objects.get()
    response = client.get("/assessments/new/mlops-engineer/")
    assert "are filled in" in response.content.decode()
    client.post(
        "/assessments/new/mlops-engineer/",
        form_data(catalog, level=4, token=start_token(client, catalog)),
    )
    second = Assessment.objects.exclude(pk=first.pk).get()
    first.refresh_from_db()
    assert not first.is_latest and second.is_latest
    assert second.previous_readiness == first.readiness
    page = client.get(f"/assessments/{second.pk}/").content.decode()
    assert "Progress" in page and "+2" in page  # per-skill change since the previous result


def test_other_learners_get_404_for_drafts_and_results(
    client, learner, other_learner, catalog, form_data, start_token
):
    client.force_login(learner)
    client.post(
        "/assessments/new/mlops-engineer/", form_data(catalog, token=start_token(client, catalog))
    )
    client.post(
        "/assessments/new/devops-engineer/",
        form_data(
            catalog.similar_roles.get(slug="devops-engineer"),
            action="save",
            token=start_token(client, catalog),
        ),
    )
    result, draft = (
        Assessment.objects.get(status="submitted"),
        Assessment.objects.get(status="draft"),
    )
    client.force_login(other_learner)
    for url in [
        f"/assessments/{result.pk}/",
        f"/assessments/{draft.pk}/edit/",
        f"/assessments/{draft.pk}/",
    ]:
        assert client.get(url).status_code == 404
    assert client.post(f"/assessments/{draft.pk}/edit/", form_data(catalog)).status_code == 404
    draft.refresh_from_db()
    assert draft.is_draft


def test_my_assessments_lists_drafts_and_results_newest_first(
    client, learner, catalog, form_data, start_token
):
    client.force_login(learner)
    client.post(
        "/assessments/new/mlops-engineer/", form_data(catalog, token=start_token(client, catalog))
    )
    devops = catalog.similar_roles.get(slug="devops-engineer")
    client.post(
        "/assessments/new/devops-engineer/",
        form_data(devops, action="save", token=start_token(client, devops)),
    )
    page = client.get("/assessments/").content.decode()
    assert page.index("Continue draft") < page.index(", latest report")  # MLOps engineer's


def test_wrong_methods_are_refused(client, learner, catalog):
    client.force_login(learner)
    assert client.put("/assessments/new/mlops-engineer/").status_code == 405
    assert client.delete("/assessments/new/mlops-engineer/").status_code == 405


def test_a_small_role_works_end_to_end(client, learner, form_data, start_token, make_role):
    role = make_role("tiny", skills=2, level=2, importance=1)
    client.force_login(learner)
    client.post("/assessments/new/tiny/", form_data(role, level=1, token=start_token(client, role)))
    assert Assessment.objects.get().readiness == 50


def test_skill_text_and_evidence_are_escaped_in_the_form(
    client, learner, form_data, start_token, make_role
):
    role = make_role("xss", skills=1)
    requirement = role.requirements.get()
    requirement.skill.name = "<script>alert(1)</script>"
    requirement.skill.save()
    client.force_login(learner)
    data = form_data(role, action="save", token=start_token(client, role))
    data[f"evidence_{requirement.skill_id}"] = '"><img src=x onerror=alert(2)>'
    client.post("/assessments/new/xss/", data)
    page = client.get(f"/assessments/{Assessment.objects.get().pk}/edit/").content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert "<img src=x" not in page and "&quot;&gt;&lt;img src=x" in page


def test_a_role_without_skills_has_nothing_to_rate_or_submit(client, learner, make_role):
    role = make_role("empty", skills=0)
    client.force_login(learner)
    response = client.get(f"/assessments/new/{role.slug}/", follow=True)
    assert response.redirect_chain[-1][0] == role.get_absolute_url()
    assert "The Empty role has no skills to rate yet." in response.content.decode()
    # A draft from before the role lost its skills cannot be submitted empty either.
    draft = Assessment.objects.create(learner=learner, role=role, role_title=role.title)
    for response in (
        client.get(f"/assessments/{draft.pk}/edit/"),
        client.post(f"/assessments/{draft.pk}/edit/", {"submit": "1"}),
    ):
        assert response.status_code == 302 and response["Location"] == role.get_absolute_url()
    draft.refresh_from_db()
    assert draft.is_draft and not Assessment.objects.filter(status="submitted").exists()
