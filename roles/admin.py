"""Admin for the catalog: every change kept in history and restorable; spreadsheets in and out."""

from collections import Counter

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.tmp_storages import CacheStorage
from simple_history.admin import SimpleHistoryAdmin

from .forms import FigureInlineForm, RoleAdminForm
from .models import (
    Course,
    CourseSkill,
    Figure,
    LearningResource,
    Requirement,
    Responsibility,
    Role,
    Skill,
    SkillLevel,
)
from .resources import CourseResource, RequirementResource, SkillResource


class CatalogAdmin(SimpleHistoryAdmin):
    """Admin for a catalog table: its History page lists every version (who, when, what changed)
    and restores any of them; its delete pages name catalog rows and only count learners'.

    Admin lists each row a delete would touch or is protected by, by its __str__, and a rating's
    is its level: a content editor deleting a skill would read every learner's level in it. Rows
    of the other apps (results, ratings, caseload lines) are learners' data, so each kind is
    shown as one line with a count, which still tells the editor why the delete is refused.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history lets whoever may view a row post its old version back (it only hides
        # the Revert button): restoring is a change, so it needs the right to change.
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

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
            f"{line}. Learners' results and plans are kept as they are, so this cannot be "
            "deleted while they exist."
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


class SpreadsheetAdmin(ImportExportMixin, CatalogAdmin):
    """A catalog table that also imports and exports CSV and XLSX files, previewing each row."""

    formats = [base_formats.CSV, base_formats.XLSX]
    # The uploaded file waits in the shared cache between preview and confirm, so the confirm
    # may reach any web machine.
    tmp_storage_class = CacheStorage
    import_template_name = "admin/roles/import.html"

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)


class CompactInline(admin.TabularInline):
    """One line a row: each row links to its own history instead of repeating its name above
    its fields (admin's default, which doubles every row's height)."""

    extra = 0
    classes = ["compact-rows"]

    class Media:
        css = {"all": ["roles/admin.css"]}

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "history_link"]

    @admin.display(description="history")
    def history_link(self, row):
        if row.pk is None:
            return ""
        opts = row._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[row.pk])
        # The template escapes both values; its output is marked safe so admin keeps the link.
        return mark_safe(
            render_to_string("roles/admin/history_link.html", {"url": url, "row": row})
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is None:
            return field
        if db_field.is_relation and hasattr(field.widget, "widget"):
            # No add/change/delete icons beside each row's select: they wrap onto a second line.
            field.widget = field.widget.widget
        if type(field.widget) is forms.Select:
            field.widget.template_name = "roles/widgets/compact_select.html"
        return field


class SkillLevelInline(CompactInline):
    model = SkillLevel
    max_num = 6


@admin.register(Skill)
class SkillAdmin(SpreadsheetAdmin):
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SkillLevelInline]
    resource_classes = [SkillResource]

    def get_export_queryset(self, request):
        return super().get_export_queryset(request).prefetch_related("levels")


@admin.register(SkillLevel)
class SkillLevelAdmin(CatalogAdmin):
    list_display = ["skill", "level", "description"]
    list_filter = ["level", "skill__kind"]
    search_fields = ["skill__name", "description"]
    list_select_related = ["skill"]
    autocomplete_fields = ["skill"]


class RequirementInline(CompactInline):
    model = Requirement

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("role", "skill")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "skill":
            # Every row offers the same few dozen skills: read them once, not once a row.
            field.choices = list(field.choices)
        return field


class ResponsibilityInline(CompactInline):
    model = Responsibility


class FigureInline(CompactInline):
    """Figures in one compact row each, each linking its source (for most, the role's seed
    article); amount, date read, note and position are on the figure's own page."""

    model = Figure
    form = FigureInlineForm
    fields = ["kind", "label", "value", "source", "source_url", "source_link", "history_link"]
    readonly_fields = ["source_link"]

    @admin.display(description="check")
    def source_link(self, figure):
        if not figure.source_url:
            return ""
        # The template escapes the link and label; its output is marked safe as above.
        return mark_safe(render_to_string("roles/admin/source_link.html", {"figure": figure}))


@admin.register(Role)
class RoleAdmin(CatalogAdmin):
    form = RoleAdminForm
    # Short fields side by side, so the requirements start within the first screen.
    fields = [
        ("title", "slug"),
        "summary",
        ("education", "outlook"),
        ("industries", "similar_roles"),
        ("is_published", "source_url"),
    ]
    list_display = ["title", "slug", "is_published", "requirement_count"]
    list_filter = ["is_published"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [RequirementInline, ResponsibilityInline, FigureInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(requirement_count=Count("requirements"))

    @admin.display(description="requirements", ordering="requirement_count")
    def requirement_count(self, role):
        return role.requirement_count


@admin.register(Responsibility)
class ResponsibilityAdmin(CatalogAdmin):
    list_display = ["text", "role", "area", "position"]
    list_filter = ["role", "area"]
    search_fields = ["text"]
    list_select_related = ["role"]


@admin.register(Requirement)
class RequirementAdmin(SpreadsheetAdmin):
    list_display = ["role", "skill", "level", "importance"]
    list_filter = ["role", "skill__kind", "level", "importance"]
    search_fields = ["skill__name", "role__title"]
    autocomplete_fields = ["skill"]
    list_select_related = ["role", "skill"]
    resource_classes = [RequirementResource]

    def get_export_queryset(self, request):
        return super().get_export_queryset(request).select_related("role", "skill")


class CourseSkillInline(CompactInline):
    model = CourseSkill
    autocomplete_fields = ["skill"]


@admin.register(Course)
class CourseAdmin(SpreadsheetAdmin):
    list_display = ["title", "provider", "hours", "cost"]
    list_filter = ["provider"]
    search_fields = ["title", "provider", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CourseSkillInline]
    resource_classes = [CourseResource]

    def get_export_queryset(self, request):
        return super().get_export_queryset(request).prefetch_related("teaches__skill")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Saved all the same (an editor may add its skills later), but said plainly.
        if not form.instance.teaches.exists():
            self.message_user(
                request,
                f"“{form.instance}” teaches no skill yet, so no learning path will suggest it. "
                "Add the skills it teaches and the level each reaches.",
                messages.WARNING,
            )


@admin.register(CourseSkill)
class CourseSkillAdmin(CatalogAdmin):
    list_display = ["course", "skill", "level"]
    list_filter = ["level"]
    search_fields = ["course__title", "skill__name"]
    list_select_related = ["course", "skill"]
    autocomplete_fields = ["course", "skill"]


@admin.register(Figure)
class FigureAdmin(CatalogAdmin):
    list_display = ["label", "value", "role", "kind", "source", "accessed"]
    list_filter = ["kind", "role"]
    search_fields = ["label", "source"]
    list_select_related = ["role"]


@admin.register(LearningResource)
class LearningResourceAdmin(CatalogAdmin):
    list_display = ["title", "skill", "kind", "provider"]
    list_select_related = ["skill"]
    list_filter = ["kind", "skill"]
    search_fields = ["title", "provider", "description", "skill__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["skill"]
