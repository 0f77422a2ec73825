import pytest

from roles.models import Requirement

pytestmark = pytest.mark.django_db

CATALOG_PAGES = [
    "/admin/roles/role/",
    "/admin/roles/skill/",
    "/admin/roles/course/",
    "/admin/roles/requirement/",
    "/admin/roles/figure/",
    "/admin/roles/learningresource/",
]


@pytest.mark.parametrize("url", CATALOG_PAGES)
def test_content_editors_can_open_catalog_admin(client, staff, catalog, url):
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_content_editors_can_edit_a_role_with_its_inlines(client, staff, catalog):
    client.force_login(staff)
    page = client.get(f"/admin/roles/role/{catalog.pk}/change/").content.decode()
    assert "Requirements" in page and "Responsibilities" in page and "Figures" in page


def test_content_editors_cannot_see_learners_or_users(client, staff):
    client.force_login(staff)
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.get("/admin/assessments/assessment/").status_code in (403, 404)


def test_staff_without_the_group_is_refused(client, catalog, make_user):
    bare_staff = make_user("bare@example.com", is_staff=True)
    client.force_login(bare_staff)
    assert client.get("/admin/roles/role/").status_code == 403


def test_learners_are_sent_to_the_admin_login(client, learner):
    client.force_login(learner)
    response = client.get("/admin/roles/role/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_skill_in_use_cannot_be_deleted_and_admin_says_why(client, staff, catalog):
    client.force_login(staff)
    skill = Requirement.objects.filter(role=catalog).first().skill
    page = client.get(f"/admin/roles/skill/{skill.pk}/delete/").content.decode()
    assert "protected" in page.lower()


# --- issue 15: validations and warnings -------------------------------------------------------


def role_form(client, role):
    from roles.tests.test_history import form_data

    return form_data(client, role)


def test_a_role_cannot_be_its_own_similar_role(client, staff, catalog):
    client.force_login(staff)
    page = client.get(f"/admin/roles/role/{catalog.pk}/change/")
    offered = page.context["adminform"].form.fields["similar_roles"].queryset
    assert catalog not in offered and offered.exists()

    data = {**role_form(client, catalog), "similar_roles": [str(catalog.pk)]}
    response = client.post(f"/admin/roles/role/{catalog.pk}/change/", data)
    assert response.status_code == 200
    assert "A role cannot be its own similar role" in response.content.decode()
    assert not catalog.similar_roles.filter(pk=catalog.pk).exists()


def test_industries_are_edited_one_a_line(client, staff, catalog):
    client.force_login(staff)
    page = client.get(f"/admin/roles/role/{catalog.pk}/change/").content.decode()
    assert "Banking\nHealth care" in page and '["Banking"' not in page
    data = {**role_form(client, catalog), "industries": "Retail\n  Banking \n\nRetail\n"}
    assert client.post(f"/admin/roles/role/{catalog.pk}/change/", data).status_code == 302
    catalog.refresh_from_db()
    assert catalog.industries == ["Retail", "Banking"]


def test_the_course_form_says_link_not_url(client, staff, catalog):
    client.force_login(staff)
    page = client.get("/admin/roles/course/add/").content.decode()
    assert '<label for="id_url">Link:</label>' in page
    assert ">Url:<" not in page


def course_post(**extra):
    return {
        "title": "Lonely course",
        "slug": "lonely-course",
        "provider": "",
        "url": "",
        "hours": "",
        "cost": "",
        "description": "",
        "teaches-TOTAL_FORMS": "0",
        "teaches-INITIAL_FORMS": "0",
        "teaches-MIN_NUM_FORMS": "0",
        "teaches-MAX_NUM_FORMS": "1000",
        **extra,
    }


def test_saving_a_course_that_teaches_no_skill_warns_but_saves(client, staff, catalog):
    from roles.models import Course, Skill

    client.force_login(staff)
    response = client.post("/admin/roles/course/add/", course_post(), follow=True)
    assert Course.objects.filter(slug="lonely-course").exists()
    warnings = [m for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1 and "teaches no skill" in warnings[0].message

    skill = Skill.objects.get(slug="python")
    data = course_post(
        slug="taught-course",
        **{
            "teaches-TOTAL_FORMS": "1",
            "teaches-0-skill": str(skill.pk),
            "teaches-0-level": "2",
        },
    )
    response = client.post("/admin/roles/course/add/", data, follow=True)
    assert not [m for m in response.context["messages"] if m.level_tag == "warning"]


def test_a_figure_needs_a_source_link_and_shows_it(client, staff, catalog):
    from roles.models import Figure

    client.force_login(staff)
    figure = Figure.objects.filter(role=catalog).first()
    page = client.get(f"/admin/roles/figure/{figure.pk}/change/").content.decode()
    assert f'href="{figure.source_url}"' in page
    role_page = client.get(f"/admin/roles/role/{catalog.pk}/change/").content.decode()
    assert 'href="https://www.coursera.org/articles/mlops-engineer"' in role_page

    data = {
        "role": catalog.pk,
        "kind": "salary",
        "label": "A figure",
        "value": "$1",
        "source": "Somewhere",
        "source_url": "",
        "position": 0,
    }
    response = client.post("/admin/roles/figure/add/", data)
    assert response.status_code == 200 and "This field is required" in response.content.decode()


def test_the_mlops_role_page_has_a_fixed_query_budget(client, staff, catalog, page_queries):
    client.force_login(staff)
    page_queries(f"/admin/roles/role/{catalog.pk}/change/", 20)


# --- issue 15: what content editors can and cannot open ------------------------------------

HISTORY_MODELS = [
    "role",
    "skill",
    "skilllevel",
    "responsibility",
    "requirement",
    "course",
    "courseskill",
    "figure",
]


@pytest.mark.parametrize("model_name", HISTORY_MODELS)
def test_content_editors_can_browse_every_catalog_models_history(
    client, staff, catalog, model_name
):
    from django.apps import apps

    obj = apps.get_model("roles", model_name).objects.order_by("pk").first()
    obj.save()  # one version to list and open
    client.force_login(staff)
    base = f"/admin/roles/{model_name}/{obj.pk}/history/"
    assert client.get(f"/admin/roles/{model_name}/").status_code == 200
    assert client.get(base).status_code == 200
    assert client.get(f"{base}{obj.history.first().history_id}/").status_code == 200


@pytest.mark.parametrize("model_name", ["course", "requirement", "skill"])
def test_content_editors_can_import_and_export(client, staff, catalog, model_name):
    client.force_login(staff)
    assert client.get(f"/admin/roles/{model_name}/import/").status_code == 200
    assert client.get(f"/admin/roles/{model_name}/export/").status_code == 200


def test_staff_who_may_only_view_the_catalog_can_export_but_not_import(client, catalog, make_user):
    from django.contrib.auth.models import Permission

    viewer = make_user("viewer@example.com", is_staff=True)
    viewer.user_permissions.set(
        Permission.objects.filter(content_type__app_label="roles", codename__startswith="view_")
    )
    client.force_login(viewer)
    assert client.get("/admin/roles/course/export/").status_code == 200
    assert client.get("/admin/roles/course/import/").status_code == 403
    assert client.get(f"/admin/roles/role/{catalog.pk}/history/").status_code == 200


def test_content_editors_assign_learners_and_the_caseload_follows(
    client, staff, learner, counselor
):
    from counseling.models import Assignment, CaseloadRow

    client.force_login(staff)
    assert client.get("/admin/counseling/assignment/").status_code == 200
    assert client.get("/admin/counseling/assignment/add/").status_code == 200
    response = client.post(
        "/admin/counseling/assignment/add/",
        {
            "counselor": counselor.pk,
            "learner": learner.pk,
            "created_at_0": "2027-01-04",
            "created_at_1": "09:00:00",
        },
    )
    assignment = Assignment.objects.get(counselor=counselor, learner=learner)
    assert response.status_code == 302
    assert CaseloadRow.objects.filter(counselor=counselor, learner=learner).exists()

    response = client.post(f"/admin/counseling/assignment/{assignment.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not CaseloadRow.objects.filter(counselor=counselor, learner=learner).exists()


def test_an_assignment_to_an_id_beyond_any_row_is_refused_not_a_crash(client, staff, counselor):
    from counseling.models import Assignment

    client.force_login(staff)
    data = {"counselor": counselor.pk, "learner": "99999999999999999999999",
            "created_at_0": "2027-01-04", "created_at_1": "09:00:00"}  # fmt: skip
    response = client.post("/admin/counseling/assignment/add/", data)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Assignment.objects.exists()


def test_content_editors_find_learners_by_name_only_to_assign_them(client, staff, learner):
    client.force_login(staff)
    search = "/admin/autocomplete/?term=Lena&model_name={}&field_name=learner&app_label=counseling"
    response = client.get(search.format("assignment"))
    assert response.status_code == 200 and learner.email in response.content.decode()
    assert client.get(search.format("note")).status_code == 403
    assert client.get(search.format("actionitem")).status_code == 403
    assert client.get(f"/admin/auth/user/{learner.pk}/change/").status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/admin/counseling/note/",
        "/admin/counseling/actionitem/",
        "/admin/counseling/invitation/",
        "/admin/assessments/assessment/",
        "/admin/assessments/rating/",
        "/admin/auth/user/",
    ],
)
def test_content_editors_still_cannot_read_learners_work(client, staff, url):
    client.force_login(staff)
    assert client.get(url).status_code in (403, 404)


def test_no_admin_page_a_content_editor_can_reach_fails(client, staff, catalog, learner, counselor):
    from counseling.models import Assignment

    Assignment.objects.assign(counselor=counselor, learner=learner)
    client.force_login(staff)
    index = client.get("/admin/")
    models = [model for app in index.context["app_list"] for model in app["models"]]
    assert {model["object_name"] for model in models} >= {"Role", "Course", "Assignment"}
    for model in models:
        changelist = client.get(model["admin_url"])
        assert changelist.status_code == 200, model["admin_url"]
        if model.get("add_url"):
            assert client.get(model["add_url"]).status_code == 200, model["add_url"]
        first = changelist.context["cl"].result_list[:1]
        for obj in first:
            change = f"{model['admin_url']}{obj.pk}/change/"
            assert client.get(change).status_code == 200, change
            history = f"{model['admin_url']}{obj.pk}/history/"
            assert client.get(history).status_code == 200, history
