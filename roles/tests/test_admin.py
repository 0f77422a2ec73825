import pytest

from roles.models import Requirement

pytestmark = pytest.mark.django_db

CATALOG_PAGES = [
    "/admin/roles/role/",
    "/admin/roles/skill/",
    "/admin/roles/course/",
    "/admin/roles/requirement/",
    "/admin/roles/figure/",
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
