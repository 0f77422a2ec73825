"""Django's user admin, made to keep the rules the app keeps for accounts."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from django.db import transaction

from counseling import caseload_store

from .deletion import forget_copies

User = get_user_model()

admin.site.unregister(User)


class UserWithUniqueAddressForm(UserChangeForm):
    def clean_email(self):
        # The database refuses a second account with an address in any case
        # (accounts/migrations/0001_unique_addresses.py); say so before it does.
        email = self.cleaned_data["email"]
        taken = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if email and taken.exists():
            raise ValidationError("Another account already uses this email address.")
        return email


@admin.register(User)
class AccountAdmin(UserAdmin):
    """Unique addresses; the caseload table's copy of names and addresses kept current; a
    deletion here forgets what a deletion by the account's owner forgets."""

    form = UserWithUniqueAddressForm

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or _finding_people_to_assign(request)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            caseload_store.learner_renamed(obj)

    def delete_model(self, request, obj):
        forget_copies(obj)
        super().delete_model(request, obj)

    @transaction.atomic  # the copies go when the accounts go, not before
    def delete_queryset(self, request, queryset):
        for user in queryset:
            forget_copies(user)
        super().delete_queryset(request, queryset)


def _finding_people_to_assign(request):
    """Whether this is the search behind an assignment's learner or counselor box, by someone
    who may add assignments.

    Admin's search box asks the user admin's view permission, which would also open every
    account's page; a content editor who assigns learners needs only the names the search
    returns.
    """
    match = request.resolver_match
    return (
        match is not None
        and match.url_name == "autocomplete"
        and request.GET.get("app_label") == "counseling"
        and request.GET.get("model_name") == "assignment"
        and request.GET.get("field_name") in ("learner", "counselor")
        and request.user.has_perm("counseling.add_assignment")
    )
