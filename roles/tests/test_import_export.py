"""Courses, requirements and skills to and from spreadsheets in admin, previewed row by row."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from roles.models import Course, CourseSkill, Requirement, Skill, SkillLevel
from roles.resources import LEVEL_COLUMNS

pytestmark = pytest.mark.django_db

CSV, XLSX = "0", "1"  # the formats' positions in admin's choice, as the form posts them
COURSES_HEADER = "slug,title,provider,url,hours,cost,description,skills\n"
GOOD_COURSE = "docker-basics,Docker basics,Acme,https://example.com/docker,10,Free,,docker:2\n"
BAD_COURSE = "k8s-deep-dive,Kubernetes deep dive,Acme,not a link,12,,,kubernetes:9\n"


@pytest.fixture
def editor(client, staff, catalog):
    client.force_login(staff)
    return client


def preview(client, model, content, name="file.csv", file_format=CSV):
    upload = SimpleUploadedFile(name, content if isinstance(content, bytes) else content.encode())
    return client.post(
        f"/admin/roles/{model}/import/", {"import_file": upload, "format": file_format}
    )


def confirm(client, model, response):
    form = response.context["confirm_form"]
    data = {name: form[name].value() for name in form.fields}
    return client.post(f"/admin/roles/{model}/process_import/", data)


def test_a_file_with_a_bad_row_previews_every_row_and_writes_nothing(editor):
    courses_before = Course.objects.count()
    existing = Course.objects.order_by("pk").first()
    update = f"{existing.slug},{existing.title} (2027),,,,,,\n"
    response = preview(editor, "course", COURSES_HEADER + GOOD_COURSE + BAD_COURSE + update)

    assert response.status_code == 200
    assert response.context.get("confirm_form") is None  # nothing can be imported yet
    page = response.content.decode()
    assert "Nothing was imported: 1 of 3 rows have errors" in page
    outcomes = [row.import_type for row in response.context["result"].rows]
    assert outcomes == ["new", "invalid", "update"]
    assert "Enter a valid URL" in page
    assert "slug:level with a level from 1 to 5" in page
    assert Course.objects.count() == courses_before
    assert not Course.objects.filter(slug="docker-basics").exists()
    existing.refresh_from_db()
    assert not existing.title.endswith("(2027)")


def test_a_fixed_file_is_previewed_then_imported_with_what_each_course_teaches(editor):
    response = preview(editor, "course", COURSES_HEADER + GOOD_COURSE)
    assert [row.import_type for row in response.context["result"].rows] == ["new"]
    assert not Course.objects.filter(slug="docker-basics").exists()  # a preview writes nothing

    response = confirm(editor, "course", response)
    assert response.status_code == 302
    course = Course.objects.get(slug="docker-basics")
    assert (course.title, course.url, course.hours) == (
        "Docker basics",
        "https://example.com/docker",
        10,
    )
    assert list(course.teaches.values_list("skill__slug", "level")) == [("docker", 2)]
    assert course.history.count() == 1  # imports are recorded like any other change


def test_an_unknown_skill_is_named_in_its_row(editor):
    response = preview(editor, "course", COURSES_HEADER + "x,X,,,,,,no-such-skill:2\n")
    assert "no skill has the slug &#x27;no-such-skill&#x27;" in response.content.decode()


def test_importing_a_course_again_replaces_what_it_teaches(editor):
    course = Course.objects.filter(teaches__isnull=False).distinct().first()
    line = f"{course.slug},{course.title},,,,,,python:5\n"
    confirm(editor, "course", preview(editor, "course", COURSES_HEADER + line))
    assert list(CourseSkill.objects.filter(course=course).values_list("skill__slug", "level")) == [
        ("python", 5)
    ]


def test_requirements_of_a_role_import_with_bad_slugs_reported(editor, catalog):
    header = "role,skill,level,importance\n"
    good = "mlops-engineer,python,2,5\n"
    bad = "no-such-role,python,2,5\nmlops-engineer,python,7,5\n"
    response = preview(editor, "requirement", header + good + bad)
    page = response.content.decode()
    assert [row.import_type for row in response.context["result"].rows] == [
        "update",
        "invalid",
        "invalid",
    ]
    assert "no role has the slug" in page and "Value 7 is not a valid choice" in page
    assert Requirement.objects.get(role=catalog, skill__slug="python").level != 2

    response = confirm(editor, "requirement", preview(editor, "requirement", header + good))
    assert Requirement.objects.get(role=catalog, skill__slug="python").level == 2


def test_skills_import_with_all_six_descriptors(editor):
    header = ",".join(["slug", "name", "kind", "description", *LEVEL_COLUMNS.values()])
    levels = ",".join(f"Level {n} text" for n in range(6))
    missing = ",".join(f"Level {n} text" for n in range(5)) + ","
    content = f"{header}\nmlflow,MLflow,technical,,{levels}\nbad,Bad,technical,,{missing}\n"
    response = preview(editor, "skill", content)
    assert "describe what a person at Expert can do" in response.content.decode()
    assert not Skill.objects.filter(slug="mlflow").exists()

    confirm(
        editor, "skill", preview(editor, "skill", f"{header}\nmlflow,MLflow,technical,,{levels}\n")
    )
    skill = Skill.objects.get(slug="mlflow")
    assert list(SkillLevel.objects.filter(skill=skill).values_list("level", "description")) == [
        (n, f"Level {n} text") for n in range(6)
    ]


def test_xlsx_files_import_too(editor):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(COURSES_HEADER.strip().split(","))
    sheet.append(GOOD_COURSE.strip().split(","))
    content = io.BytesIO()
    book.save(content)
    response = preview(editor, "course", content.getvalue(), "courses.xlsx", XLSX)
    confirm(editor, "course", response)
    assert Course.objects.get(slug="docker-basics").teaches.get().skill.slug == "docker"


def test_a_file_that_is_no_spreadsheet_gets_a_message_not_an_error_page(editor):
    response = preview(editor, "course", b"\x00\x01PK garbage", "courses.xlsx", XLSX)
    assert response.status_code == 200
    assert response.context.get("confirm_form") is None
    response = preview(editor, "course", "title\nNo slug column\n")
    assert response.status_code == 200
    assert response.context.get("confirm_form") is None


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        ("course", "docker:2"),
        ("requirement", "mlops-engineer,python,4,5"),
        ("skill", "level_5_expert"),
    ],
)
def test_export_as_csv(editor, model, expected):
    response = editor.post(
        f"/admin/roles/{model}/export/",
        {"format": CSV, **_all_export_fields(editor, model)},
    )
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_export_as_xlsx(editor):
    response = editor.post(
        "/admin/roles/course/export/", {"format": XLSX, **_all_export_fields(editor, "course")}
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.active.values)
    assert rows[0][0] == "slug" and len(rows) == Course.objects.count() + 1


def _all_export_fields(client, model):
    form = client.get(f"/admin/roles/{model}/export/").context["form"]
    fields = {name: "on" for name in form.fields if name not in ("format", "export_items")}
    return {**fields, "resource": "0"}


def test_a_number_that_is_not_one_is_named_in_its_row(editor, catalog):
    header = "role,skill,level,importance\n"
    response = preview(editor, "requirement", header + "mlops-engineer,python,abc,5\n")
    assert [row.import_type for row in response.context["result"].rows] == ["invalid"]
    assert "&#x27;abc&#x27; is not a whole number" in response.content.decode()
    response = preview(editor, "course", COURSES_HEADER + GOOD_COURSE.replace(",10,", ",ten,"))
    assert [row.import_type for row in response.context["result"].rows] == ["invalid"]
    assert not Course.objects.filter(slug="docker-basics").exists()
