"""Staff editing the catalog never changes or destroys a learner's past results."""

import pytest

from assessments.models import Assessment
from counseling.models import Assignment
from roles.models import Requirement, Role, Skill, SkillLevel

pytestmark = pytest.mark.django_db


@pytest.fixture
def result(client, learner, catalog, form_data, start_token):
    client.force_login(learner)
    client.post(
        "/assessments/new/mlops-engineer/",
        form_data(catalog, level=3, token=start_token(client, catalog)),
    )
    return Assessment.objects.get()


def test_renaming_a_skill_or_role_leaves_the_result_as_it_was(client, result):
    Skill.objects.filter(slug="python").update(name="Python programming")
    Role.objects.filter(slug="mlops-engineer").update(title="ML platform engineer")
    page = client.get(f"/assessments/{result.pk}/").content.decode()
    assert "MLOps engineer readiness" in page
    assert ">Python<" in page and "Python programming" not in page


def test_a_skill_with_results_cannot_be_deleted_and_admin_says_why(client, staff, result):
    skill = Skill.objects.get(slug="python")
    client.force_login(staff)
    page = client.get(f"/admin/roles/skill/{skill.pk}/delete/").content.decode()
    assert "protected" in page.lower()
    client.post(f"/admin/roles/skill/{skill.pk}/delete/", {"post": "yes"})
    assert Skill.objects.filter(pk=skill.pk).exists()
    assert result.ratings.filter(skill=skill).exists()


def test_a_skills_delete_page_counts_ratings_without_showing_any(client, staff, result):
    skill = Skill.objects.get(slug="python")
    client.force_login(staff)
    response = client.get(f"/admin/roles/skill/{skill.pk}/delete/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Rating:" not in page and "Python: 3" not in page  # was one line per learner
    assert "Learners&#x27; ratings: 1 (private, so not listed)." in page
    assert "results and plans are kept as they are, so this cannot be deleted" in page
    assert "Requirement:" in page  # catalog rows are still named


def test_a_roles_delete_page_counts_results(client, staff, counselor, result):
    Assignment.objects.assign(counselor=counselor, learner=result.learner)
    client.force_login(staff)
    page = client.get(f"/admin/roles/role/{result.role_id}/delete/").content.decode()
    assert "Learners&#x27; assessments: 1 (private, so not listed)." in page
    assert "Assessment:" not in page and "lena learner" not in page.lower()


def test_a_role_with_results_cannot_be_deleted(client, staff, result):
    client.force_login(staff)
    page = client.get(f"/admin/roles/role/{result.role_id}/delete/").content.decode()
    assert "protected" in page.lower()
    assert "learner@example.com" not in page  # editors learn that results exist, not whose
    client.post(f"/admin/roles/role/{result.role_id}/delete/", {"post": "yes"})
    assert Role.objects.filter(pk=result.role_id).exists()


def test_removing_a_requirement_keeps_the_rating_and_its_snapshot(client, result):
    Requirement.objects.filter(role=result.role, skill__slug="java").delete()
    rating = result.ratings.get(skill__slug="java")
    assert rating.required_level is not None and rating.level == 3
    page = client.get(f"/assessments/{result.pk}/").content.decode()
    assert "Java" in page


def test_a_catalog_edit_reaches_the_form_at_once(client, learner, catalog):
    client.force_login(learner)
    url = "/assessments/new/devops-engineer/"
    descriptor = "Runs the release train for a whole product line."
    assert descriptor not in client.get(url).content.decode()
    requirement = Requirement.objects.filter(role__slug="devops-engineer").first()
    level = SkillLevel.objects.get(skill=requirement.skill, level=5)
    level.description = descriptor
    level.save()  # as admin does: the catalog stamp changes
    assert descriptor in client.get(url).content.decode()
