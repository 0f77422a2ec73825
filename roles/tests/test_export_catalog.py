"""export_catalog writes the catalog as it stands, in the format load_catalog reads."""

import tomllib

import pytest
from django.core.management import call_command

from roles.catalog import DEFAULT_PATH
from roles.models import Course, Figure, Requirement, Role, Skill, SkillLevel

pytestmark = pytest.mark.django_db


def export(path):
    call_command("export_catalog", str(path))
    return path.read_text(encoding="utf-8")


def empty_the_catalog():
    for model in (Requirement, Course, Role, Skill):  # each after what protects it
        model.objects.all().delete()
    assert not SkillLevel.objects.exists() and not Figure.objects.exists()


def test_an_export_loads_into_an_empty_database_and_exports_the_same(tmp_path):
    call_command("load_catalog")
    first = export(tmp_path / "first.toml")

    empty_the_catalog()
    call_command("load_catalog", str(tmp_path / "first.toml"))
    second = export(tmp_path / "second.toml")

    assert second == first
    assert Role.objects.count() == 5 and Course.objects.count() == 9


def test_the_export_of_the_shipped_catalog_holds_what_the_file_says(tmp_path):
    call_command("load_catalog")
    exported = tomllib.loads(export(tmp_path / "catalog.toml"))
    with open(DEFAULT_PATH, "rb") as handle:
        shipped = tomllib.load(handle)
    # The export lists similar roles alphabetically and leaves out empty lists.
    for role in shipped["roles"]:
        role["similar"] = sorted(role["similar"])
        if not role.get("industries"):
            role.pop("industries", None)
    assert exported == shipped


def test_staff_edits_are_in_the_export(tmp_path, capsys):
    call_command("load_catalog")
    capsys.readouterr()
    Requirement.objects.filter(role__slug="mlops-engineer", skill__slug="python").update(level=2)
    SkillLevel.objects.filter(skill__slug="python", level=5).update(description="Edited.")
    call_command("export_catalog")
    exported = tomllib.loads(capsys.readouterr().out)

    mlops = next(role for role in exported["roles"] if role["slug"] == "mlops-engineer")
    python = next(item for item in mlops["requirements"] if item["skill"] == "python")
    assert python["level"] == 2
    skill = next(skill for skill in exported["skills"] if skill["slug"] == "python")
    assert skill["levels"][5] == "Edited."


def test_every_shipped_figure_has_a_source_link():
    call_command("load_catalog")
    assert Figure.objects.exists()
    assert not Figure.objects.filter(source_url="").exists()
    assert set(Role.objects.values_list("source_url", flat=True)) == {
        "https://www.coursera.org/articles/mlops-engineer"
    }
