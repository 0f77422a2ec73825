"""Admin for staff who run the counselling side: assignments, invitations, notes, actions.

Content editors hold none of these permissions. Results (Assessment) are deliberately not
registered: admin would then answer a content editor's attempt to delete a role with results
by "you lack permission to delete assessments" instead of naming the protected results.
"""

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth import get_user_model
from django.db import transaction

from careersite.forms import IdChoiceField, out_of_range

from . import caseload_store
from .models import COUNSELORS_GROUP, ActionItem, Assignment, Invitation, Note

User = get_user_model()


class RefreshesCaseload:
    """Admin writes refresh the learner's caseload lines, as the app's own writes do (admin
    runs each save or delete in one transaction)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        caseload_store.refresh_learner(obj.learner_id)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        caseload_store.refresh_learner(obj.learner_id)

    @transaction.atomic  # admin's bulk delete action runs outside one
    def delete_queryset(self, request, queryset):
        learner_ids = set(queryset.values_list("learner_id", flat=True))
        super().delete_queryset(request, queryset)
        for learner_id in learner_ids:
            caseload_store.refresh_learner(learner_id)


class LearnerFixedOnChange:
    """The learner is chosen when the row is added and shown read-only after.

    Caches and the caseload table are refreshed for the learner a saved row belongs to; a
    row moved to another learner would leave the first one's copies behind. Delete it and
    add a new one instead.
    """

    def get_readonly_fields(self, request, obj=None):
        fixed = ["learner"] if obj is not None else []
        return [*super().get_readonly_fields(request, obj), *fixed]


@admin.register(Assignment)
class AssignmentAdmin(RefreshesCaseload, LearnerFixedOnChange, admin.ModelAdmin):
    list_display = ["learner", "counselor", "created_at"]
    list_filter = [("counselor", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["learner__email", "learner__first_name", "counselor__email"]
    autocomplete_fields = ["counselor", "learner"]
    list_select_related = ["learner", "counselor"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only members of the Counselors group can hold a caseload.
        if db_field.name == "counselor":
            kwargs["queryset"] = User.objects.filter(groups__name=COUNSELORS_GROUP)
        # An id beyond any row's is a wrong choice, shown again without looking it up (SQLite
        # cannot even compare such a number).
        kwargs["form_class"] = IdChoiceField
        kwargs["widget"] = IdAutocomplete(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class IdAutocomplete(AutocompleteSelect):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if not out_of_range(v)], attr)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["counselor", "created_at", "expires_at", "revoked_at"]
    readonly_fields = ["token", "created_at"]
    search_fields = ["counselor__email"]
    autocomplete_fields = ["counselor"]
    list_select_related = ["counselor"]


@admin.register(Note)
class NoteAdmin(LearnerFixedOnChange, admin.ModelAdmin):
    list_display = ["learner", "author", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["learner__email", "author__email", "body"]
    autocomplete_fields = ["learner", "author"]
    raw_id_fields = ["assessment"]
    list_select_related = ["learner", "author"]


@admin.register(ActionItem)
class ActionItemAdmin(RefreshesCaseload, LearnerFixedOnChange, admin.ModelAdmin):
    list_display = ["text", "learner", "author", "due", "done_at"]
    search_fields = ["text", "learner__email"]
    autocomplete_fields = ["learner", "author"]
    raw_id_fields = ["assessment"]
    list_select_related = ["learner", "author"]
