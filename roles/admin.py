from collections import Counter

from django.apps import apps
from django.contrib import admin
from django.db.models import Count
from django.utils.text import capfirst

from .models import (
    Course,
    CourseSkill,
    Figure,
    Requirement,
    Responsibility,
    Role,
    Skill,
    SkillLevel,
)


class CatalogAdmin(admin.ModelAdmin):
    """Admin for a catalog table, whose delete pages name catalog rows and only count learners'.

    Admin lists each row a delete would touch or is protected by, by its __str__, and a rating's
    is its level: a content editor deleting a skill would read every learner's level in it. Rows
    of the other apps (results, ratings, caseload lines) are learners' data, so each kind is
    shown as one line with a count, which still tells the editor why the delete is refused.
    """

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        learner_models = {
            capfirst(model._meta.verbose_name): model
            for model in apps.get_models()
            if model._meta.app_label != self.opts.app_label
        }
        hidden_deleted, hidden_protected = Counter(), Counter()
        deleted = _catalog_rows(deleted, learner_models, hidden_deleted)
        protected = _catalog_rows(protected, learner_models, hidden_protected)
        deleted += _counts(hidden_deleted)
        protected += [
            f"{line}. Results are kept as they were submitted, so this cannot be deleted "
            "while they exist."
            for line in _counts(hidden_protected)
        ]
        return deleted, model_count, perms_needed, protected


def _catalog_rows(entries, learner_models, hidden):
    """Admin's nested list of rows without learners' rows and what hangs under them; each
    learner row is counted in `hidden`, by model, instead."""
    kept, skipping = [], False
    for entry in entries:
        if isinstance(entry, list):  # the rows under the entry before it
            children = [] if skipping else _catalog_rows(entry, learner_models, hidden)
            if children:
                kept.append(children)
            continue
        # Admin writes each row as "<Verbose name>: <the row's __str__>".
        model = learner_models.get(entry.partition(": ")[0])
        skipping = model is not None
        if skipping:
            hidden[model] += 1
        else:
            kept.append(entry)
    return kept


def _counts(hidden):
    return [
        f"Learners' {model._meta.verbose_name_plural}: {count} (private, so not listed)"
        for model, count in hidden.items()
    ]


class SkillLevelInline(admin.TabularInline):
    model = SkillLevel
    extra = 0
    max_num = 6


@admin.register(Skill)
class SkillAdmin(CatalogAdmin):
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SkillLevelInline]


class RequirementInline(admin.TabularInline):
    model = Requirement
    extra = 0
    autocomplete_fields = ["skill"]


class ResponsibilityInline(admin.TabularInline):
    model = Responsibility
    extra = 0


class FigureInline(admin.StackedInline):
    model = Figure
    extra = 0


@admin.register(Role)
class RoleAdmin(CatalogAdmin):
    list_display = ["title", "slug", "is_published", "requirement_count"]
    list_filter = ["is_published"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["similar_roles"]
    inlines = [RequirementInline, ResponsibilityInline, FigureInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(requirement_count=Count("requirements"))

    @admin.display(description="requirements", ordering="requirement_count")
    def requirement_count(self, role):
        return role.requirement_count


@admin.register(Requirement)
class RequirementAdmin(CatalogAdmin):
    list_display = ["role", "skill", "level", "importance"]
    list_filter = ["role", "skill__kind", "level", "importance"]
    search_fields = ["skill__name", "role__title"]
    autocomplete_fields = ["skill"]
    list_select_related = ["role", "skill"]


class CourseSkillInline(admin.TabularInline):
    model = CourseSkill
    extra = 0
    autocomplete_fields = ["skill"]


@admin.register(Course)
class CourseAdmin(CatalogAdmin):
    list_display = ["title", "provider", "hours", "cost"]
    list_filter = ["provider"]
    search_fields = ["title", "provider", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CourseSkillInline]


@admin.register(Figure)
class FigureAdmin(CatalogAdmin):
    list_display = ["label", "value", "role", "kind", "source", "accessed"]
    list_filter = ["kind", "role"]
    search_fields = ["label", "source"]
    list_select_related = ["role"]
