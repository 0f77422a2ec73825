"""A learner's plan: adopted from the path, followed, re-rated, and kept across retakes."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Assessment, Plan, PlanEvent, PlanItem
from assessments.report import suggested_courses
from counseling.models import Assignment
from roles.models import Course

pytestmark = pytest.mark.django_db


@pytest.fixture
def result(learner, catalog, make_result):
    return make_result(learner, catalog, level=1)


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    return client


def adopt(client, role="mlops-engineer"):
    return client.post(f"/assessments/plans/{role}/adopt/")


def item_data(status, target=""):
    return {"status": status, "target_date": target}


def test_adopting_the_path_creates_exactly_its_courses_in_order(signed_in, learner, result):
    path = [course.slug for course in suggested_courses(result)]
    assert len(path) >= 3  # a result at level 1 has gaps a path closes

    response = adopt(signed_in)

    assert (
        response.status_code == 302 and response["Location"] == "/assessments/plans/mlops-engineer/"
    )
    items = PlanItem.objects.filter(plan__learner=learner).order_by("position")
    assert [item.course.slug for item in items] == path
    assert all(item.status == "planned" and item.added_by == learner for item in items)
    assert PlanEvent.objects.filter(what="added").count() == len(path)
    adopt(signed_in)  # again: nothing new to add
    assert PlanItem.objects.count() == len(path)
    page = signed_in.get("/assessments/plans/mlops-engineer/").content.decode()
    assert f"0 of {len(path)} done" in page


def test_adopting_needs_a_result(signed_in, catalog):
    response = adopt(signed_in)
    assert response.status_code == 302
    assert not Plan.objects.exists()
    page = signed_in.get(response["Location"]).content.decode()
    assert "Submit a MLOps engineer assessment first" in page


def test_a_retake_suggests_again_and_leaves_the_chosen_items_alone(
    signed_in, learner, catalog, result, make_result
):
    adopt(signed_in)
    first, second, *rest = PlanItem.objects.order_by("position")
    signed_in.post(f"/assessments/plans/items/{first.pk}/", item_data("skipped"))
    signed_in.post(f"/assessments/plans/items/{second.pk}/remove/")
    before = list(PlanItem.objects.order_by("pk").values_list("pk", "course_id", "status"))

    retake = make_result(learner, catalog, level=2)

    after = list(PlanItem.objects.order_by("pk").values_list("pk", "course_id", "status"))
    assert after == before
    page = signed_in.get("/assessments/plans/mlops-engineer/").content.decode()
    suggested = [c for c in suggested_courses(retake) if c.pk not in {row[1] for row in after}]
    assert "Suggested by your latest result" in page
    for course in suggested:
        assert course.title in page
    assert second.course in suggested or second.course not in suggested_courses(retake)


def test_only_the_owner_changes_an_item(
    client, signed_in, learner, other_learner, counselor, other_counselor, result
):
    Assignment.objects.assign(counselor=counselor, learner=learner)
    adopt(signed_in)
    item = PlanItem.objects.first()
    for person in (other_learner, counselor, other_counselor):
        client.force_login(person)
        assert (
            client.post(f"/assessments/plans/items/{item.pk}/", item_data("done")).status_code
            == 404
        )
        assert client.post(f"/assessments/plans/items/{item.pk}/remove/").status_code == 404
    item.refresh_from_db()
    assert item.status == "planned"
    assert client.get(f"/assessments/plans/items/{item.pk}/").status_code == 405


def test_bad_input_changes_nothing_and_says_why(signed_in, result):
    adopt(signed_in)
    item = PlanItem.objects.first()
    url = f"/assessments/plans/items/{item.pk}/"
    response = signed_in.post(url, item_data("finished"))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    response = signed_in.post(url, item_data("done", "31/31/2026"))
    assert response.status_code == 400 and "Enter a valid date" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "planned" and item.target_date is None

    response = signed_in.post(
        "/assessments/plans/mlops-engineer/tasks/", {"title": "Build a pipeline", "skills": []}
    )
    assert response.status_code == 400
    assert "Pick at least one skill it practises." in response.content.decode()
    response = signed_in.post("/assessments/plans/mlops-engineer/courses/", {"course": "nope"})
    assert response.status_code == 400
    assert PlanItem.objects.count() == len(suggested_courses(result))


def test_an_own_task_and_a_course_of_ones_choice(signed_in, learner, catalog, result):
    adopt(signed_in)
    docker = catalog.requirements.get(skill__slug="docker").skill
    response = signed_in.post(
        "/assessments/plans/mlops-engineer/tasks/",
        {"title": "Build a small CI/CD pipeline for a model", "skills": [docker.pk],
         "target_date": "2027-01-15"},
    )  # fmt: skip
    assert response.status_code == 302
    task = PlanItem.objects.get(title="Build a small CI/CD pipeline for a model")
    assert task.kind == "own" and list(task.skills.all()) == [docker]
    assert str(task.target_date) == "2027-01-15"

    chosen = set(PlanItem.objects.values_list("course_id", flat=True))
    extra = Course.objects.filter(teaches__skill__requirements__role=catalog).exclude(pk__in=chosen)
    extra = extra.first()
    signed_in.post("/assessments/plans/mlops-engineer/courses/", {"course": extra.slug})
    assert PlanItem.objects.filter(course=extra).count() == 1


def test_done_asks_to_rerate_the_taught_skills_and_the_plan_shows_the_change(
    signed_in, learner, catalog, result, form_data
):
    adopt(signed_in)
    item = PlanItem.objects.order_by("position").first()
    taught = sorted(item.skills.values_list("pk", flat=True))
    assert taught

    response = signed_in.post(f"/assessments/plans/items/{item.pk}/", item_data("done"))

    assert response.status_code == 302
    assert response["Location"] == f"/assessments/new/mlops-engineer/?after={item.pk}"
    form = signed_in.get(response["Location"]).content.decode()
    highlighted = sorted(int(pk) for pk in re.findall(r'is-rerating" id="skill-(\d+)"', form))
    assert highlighted == taught  # only the skills it taught
    for rating in result.ratings.all():  # prefilled from the last result
        assert (
            f'name="level_{rating.skill_id}" id="level_{rating.skill_id}_1" value="1" checked'
            in form
        )
    plain = signed_in.get("/assessments/new/mlops-engineer/").content.decode()
    assert "is-rerating" not in plain

    item.refresh_from_db()
    assert item.status == "done" and item.before_result == result
    overrides = dict.fromkeys(item.skills.values_list("slug", flat=True), 3)
    response = signed_in.post(
        "/assessments/new/mlops-engineer/", form_data(catalog, 1, **overrides)
    )
    new = Assessment.objects.get(is_latest=True, learner=learner)
    assert response["Location"] == f"/assessments/{new.pk}/"
    assert new.readiness > result.readiness and new.previous_readiness == result.readiness
    item.refresh_from_db()
    assert item.after_result == new
    page = signed_in.get("/assessments/plans/mlops-engineer/").content.decode()
    first_skill = item.skills.order_by("name").first().name
    assert f"{first_skill}: 1 → 3" in page


def test_my_assessments_shows_plan_progress_and_the_report_leads_to_the_plan(
    signed_in, learner, result
):
    adopt(signed_in)
    items = list(PlanItem.objects.order_by("position"))
    signed_in.post(f"/assessments/plans/items/{items[0].pk}/", item_data("done"))
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    signed_in.post(f"/assessments/plans/items/{items[1].pk}/", item_data("in_progress", yesterday))

    listing = signed_in.get("/assessments/").content.decode()
    assert f"1 of {len(items)} done" in listing
    assert f"next: {items[1].title}" in listing
    assert f"overdue: {items[1].title}" in listing
    report = signed_in.get(f"/assessments/{result.pk}/").content.decode()
    assert 'href="/assessments/plans/mlops-engineer/">Make this path your plan</a>' in report


def test_the_report_offers_free_resources_where_no_course_helps(signed_in, catalog, result):
    report = signed_in.get(f"/assessments/{result.pk}/").content.decode()
    assert "Free resources where no course in the catalog helps:" in report
    assert "https://dev.java/learn/" in report
    assert "No course or free resource in the catalog" not in report


def test_refused_additions_leave_no_empty_plan_behind(signed_in, learner, catalog):
    url = "/assessments/plans/mlops-engineer"
    assert signed_in.post(f"{url}/courses/", {"course": "nope"}).status_code == 400
    huge = {"title": "x", "skills": ["99999999999999999999999"]}
    response = signed_in.post(f"{url}/tasks/", huge)
    assert response.status_code == 400 and "is not a valid value" in response.content.decode()
    assert signed_in.post(f"{url}/resources/99999999/").status_code == 404
    assert not Plan.objects.exists()


def test_a_plan_can_be_started_without_the_path_and_titles_stay_one_line(
    signed_in, learner, catalog
):
    page = signed_in.get("/assessments/plans/mlops-engineer/").content.decode()
    assert "A task of your own" in page  # "Build my own plan" leads somewhere to build it
    docker = catalog.requirements.get(skill__slug="docker").skill
    data = {"title": "Ship it\r\nBcc: someone@example.com", "skills": [docker.pk]}
    signed_in.post("/assessments/plans/mlops-engineer/tasks/", data)
    assert PlanItem.objects.get().title == "Ship it Bcc: someone@example.com"


def test_a_resource_is_added_once(signed_in, catalog):
    from roles.models import LearningResource

    resource = LearningResource.objects.get(slug="dev-java-learn")
    url = f"/assessments/plans/mlops-engineer/resources/{resource.pk}/"
    signed_in.post(url)
    signed_in.post(url)
    assert PlanItem.objects.filter(resource=resource).count() == 1
    assert PlanItem.objects.get().kind == "resource"


def test_a_plan_outlives_its_role_being_unpublished_and_blocks_its_deletion(
    client, signed_in, staff, catalog, result
):
    adopt(signed_in)
    catalog.is_published = False
    catalog.save()
    assert signed_in.get("/assessments/plans/mlops-engineer/").status_code == 200
    item = PlanItem.objects.first()
    response = signed_in.post(f"/assessments/plans/items/{item.pk}/", item_data("in_progress"))
    assert response.status_code == 302
    assert signed_in.get("/assessments/plans/devops-engineer/").status_code == 200
    from roles.models import Role

    Role.objects.filter(slug="devops-engineer").update(is_published=False)
    assert signed_in.get("/assessments/plans/devops-engineer/").status_code == 404

    client.force_login(staff)
    client.post(f"/admin/roles/role/{catalog.pk}/delete/", {"post": "yes"})
    assert Plan.objects.filter(role=catalog).exists()
