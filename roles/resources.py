"""How catalog rows become spreadsheet rows and back (django-import-export resources).

Each resource names rows by slug, as the catalog file does, so a spreadsheet exported from one
site imports into another. Every problem with a row is raised as a validation error of that
row: admin's preview then lists each bad row with its reason beside the rows that would be
created or updated, and offers no import until the file is fixed.
"""

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from .models import Course, CourseSkill, Level, Requirement, Role, Skill, SkillLevel


class SlugWidget(widgets.ForeignKeyWidget):
    """A related row named by its slug; an unknown slug is an error of the row, not a crash."""

    def __init__(self, model):
        super().__init__(model, field="slug")

    def clean(self, value, row=None, **kwargs):
        try:
            found = super().clean(value, row=row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(f"no {self.model._meta.verbose_name} has the slug {value!r}") from None
        if found is None:
            raise ValueError(f"a {self.model._meta.verbose_name} slug is required")
        return found


class WholeNumberWidget(widgets.IntegerWidget):
    """A whole number; anything else is an error of the row that says so (the library's own
    widget lets a decimal conversion error through, shown as a class name)."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except (ArithmeticError, TypeError, ValueError):
            raise ValueError(f"{value!r} is not a whole number") from None


def whole_number(name):
    return fields.Field(attribute=name, column_name=name, widget=WholeNumberWidget())


class CatalogResource(resources.ModelResource):
    """Rows validated like admin forms; a file with any bad row writes nothing."""

    def before_import_row(self, row, **kwargs):
        # A spreadsheet's empty cell arrives as None; the catalog's text columns hold "".
        for column, value in row.items():
            if value is None:
                row[column] = ""

    def get_instance(self, instance_loader, row):
        # An unknown slug in a key column would otherwise stop the row before validation, as a
        # crash with a traceback; treat the row as new, and validation names the bad slug.
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None


def _outcomes(text, where):
    """{skill slug: level} from "python:3; docker:2", or a ValueError naming what is wrong."""
    outcomes = {}
    for part in filter(None, (piece.strip() for piece in (text or "").split(";"))):
        slug, _, level = (item.strip() for item in part.partition(":"))
        if not level.isdigit() or not 1 <= int(level) <= 5:
            raise ValueError(f"{where}: write each skill as slug:level with a level from 1 to 5")
        outcomes[slug] = int(level)
    known = set(Skill.objects.filter(slug__in=outcomes).values_list("slug", flat=True))
    unknown = sorted(set(outcomes) - known)
    if unknown:
        raise ValueError(f"{where}: no skill has the slug {unknown[0]!r}")
    return outcomes


class CourseResource(CatalogResource):
    """Courses, with the skills each teaches and the level it brings a learner to."""

    skills = fields.Field(column_name="skills", attribute=None, readonly=False)
    hours = whole_number("hours")

    class Meta:
        model = Course
        import_id_fields = ["slug"]
        fields = ["slug", "title", "provider", "url", "hours", "cost", "description", "skills"]
        clean_model_instances = True

    def dehydrate_skills(self, course):
        if course.pk is None:
            return ""
        teaches = sorted(course.teaches.all(), key=lambda outcome: outcome.skill.slug)
        return "; ".join(f"{outcome.skill.slug}:{outcome.level}" for outcome in teaches)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            instance.imported_outcomes = _outcomes(row.get("skills"), "skills")
        except ValueError as error:
            errors["skills"] = [str(error)]
        if errors:
            raise ValidationError(errors)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.column_name != "skills":  # written after the course is saved
            super().import_field(field, instance, row, is_m2m, **kwargs)

    def after_save_instance(self, instance, row, **kwargs):
        # The file's list is what the course teaches: others are removed, the rest upserted.
        outcomes = instance.imported_outcomes
        instance.teaches.exclude(skill__slug__in=outcomes).delete()
        for skill in Skill.objects.filter(slug__in=outcomes):
            CourseSkill.objects.update_or_create(
                course=instance, skill=skill, defaults={"level": outcomes[skill.slug]}
            )


class RequirementResource(CatalogResource):
    """What each role requires: one row per role and skill."""

    role = fields.Field(attribute="role", column_name="role", widget=SlugWidget(Role))
    skill = fields.Field(attribute="skill", column_name="skill", widget=SlugWidget(Skill))
    level = whole_number("level")
    importance = whole_number("importance")

    class Meta:
        model = Requirement
        import_id_fields = ["role", "skill"]
        fields = ["role", "skill", "level", "importance"]
        clean_model_instances = True


LEVEL_COLUMNS = {level: f"level_{level.value}_{level.name.lower()}" for level in Level}


def _descriptor_column(level):
    """A column for one level's descriptor (read from prefetched levels when exporting)."""

    def dehydrate(skill):
        if skill.pk is None:
            return ""
        found = next((d for d in skill.levels.all() if d.level == level), None)
        return found.description if found else ""

    return fields.Field(
        column_name=LEVEL_COLUMNS[level], attribute=None, dehydrate_method=dehydrate
    )


class SkillResource(CatalogResource):
    """Skills, each with its six level descriptors in columns of their own."""

    level_0_none = _descriptor_column(Level.NONE)
    level_1_awareness = _descriptor_column(Level.AWARENESS)
    level_2_beginner = _descriptor_column(Level.BEGINNER)
    level_3_intermediate = _descriptor_column(Level.INTERMEDIATE)
    level_4_advanced = _descriptor_column(Level.ADVANCED)
    level_5_expert = _descriptor_column(Level.EXPERT)

    class Meta:
        model = Skill
        import_id_fields = ["slug"]
        fields = ["slug", "name", "kind", "description", *LEVEL_COLUMNS.values()]
        clean_model_instances = True

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        instance.imported_levels = {}
        for level, column in LEVEL_COLUMNS.items():
            text = str(row.get(column) or "").strip()
            if not text:
                errors[column] = [f"describe what a person at {level.label} can do"]
            instance.imported_levels[level] = text
        if errors:
            raise ValidationError(errors)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.column_name not in LEVEL_COLUMNS.values():  # written after the skill is saved
            super().import_field(field, instance, row, is_m2m, **kwargs)

    def after_save_instance(self, instance, row, **kwargs):
        for level, text in instance.imported_levels.items():
            SkillLevel.objects.update_or_create(
                skill=instance, level=level, defaults={"description": text}
            )
