import pytest
from django.core.management import CommandError, call_command

from roles.models import Course, Figure, Requirement, Responsibility, Role, Skill, SkillLevel

pytestmark = pytest.mark.django_db


def table_sizes():
    return {
        model.__name__: model.objects.count()
        for model in (Skill, SkillLevel, Role, Responsibility, Requirement, Course, Figure)
    }


def test_it_loads_the_whole_catalog(capsys):
    call_command("load_catalog")
    assert Role.objects.count() == 5
    assert Skill.objects.count() >= 20
    assert SkillLevel.objects.count() == 6 * Skill.objects.count()
    mlops = Role.objects.get(slug="mlops-engineer")
    assert mlops.requirements.count() == Skill.objects.count()
    assert mlops.responsibilities.count() == 10
    assert set(mlops.similar_roles.values_list("slug", flat=True)) == {
        "machine-learning-engineer",
        "devops-engineer",
        "site-reliability-engineer",
        "data-scientist",
    }
    assert "created" in capsys.readouterr().out


def test_loading_twice_changes_nothing():
    call_command("load_catalog")
    before = table_sizes()
    call_command("load_catalog")
    assert table_sizes() == before


def test_it_keeps_staff_edits_unless_update_is_given():
    call_command("load_catalog")
    requirement = Requirement.objects.get(role__slug="mlops-engineer", skill__slug="python")
    original = requirement.level
    edited = 1 if original != 1 else 2
    requirement.level = edited
    requirement.save()
    Skill.objects.filter(slug="python").update(name="Python 3")

    call_command("load_catalog")
    requirement.refresh_from_db()
    assert requirement.level == edited
    assert Skill.objects.get(slug="python").name == "Python 3"

    call_command("load_catalog", update=True)
    requirement.refresh_from_db()
    assert requirement.level == original
    assert Skill.objects.get(slug="python").name == "Python"


def test_it_recreates_what_staff_deleted():
    call_command("load_catalog")
    Course.objects.all().delete()
    call_command("load_catalog")
    assert Course.objects.filter(title="IBM Machine Learning Professional Certificate").exists()


BAD_FILES = {
    "not toml": ("[[skills]\nname = ", "not valid TOML"),
    "level out of range": (
        """
[[skills]]
slug = "a"
name = "A"
kind = "technical"
levels = ["0", "1", "2", "3", "4", "5"]

[[roles]]
slug = "r"
title = "R"
summary = "S"
[[roles.requirements]]
skill = "a"
level = 7
importance = 3
""",
        "roles[0] 'r' requirements[0]: level must be a whole number from 1 to 5",
    ),
    "unknown skill": (
        """
[[skills]]
slug = "a"
name = "A"
kind = "technical"
levels = ["0", "1", "2", "3", "4", "5"]

[[roles]]
slug = "r"
title = "R"
summary = "S"
[[roles.requirements]]
skill = "pyton"
level = 3
importance = 3
""",
        "'pyton'",
    ),
    "five descriptors": (
        """
[[skills]]
slug = "a"
name = "A"
kind = "technical"
levels = ["0", "1", "2", "3", "4"]

[[roles]]
slug = "r"
title = "R"
summary = "S"
""",
        "skills[0] 'a': levels must be six descriptions",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_names_the_entry_and_writes_nothing(tmp_path, case):
    text, message = BAD_FILES[case]
    path = tmp_path / "catalog.toml"
    path.write_text(text)
    with pytest.raises(CommandError) as error:
        call_command("load_catalog", str(path))
    assert message in str(error.value)
    assert "Nothing was loaded" in str(error.value)
    assert sum(table_sizes().values()) == 0


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("load_catalog", str(tmp_path / "missing.toml"))
