"""How django-allauth treats careersite's accounts."""

import logging

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.urls import reverse

from counseling.models import is_counselor

security_log = logging.getLogger("careersite.security")


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email):
        # allauth sizes its address column by this (254, what the user table holds); a longer
        # address was once cut short and stored.
        if len(email) > app_settings.EMAIL_MAX_LENGTH:
            raise forms.ValidationError(
                f"An email address has at most {app_settings.EMAIL_MAX_LENGTH} characters; "
                f"this one has {len(email)}."
            )
        return super().clean_email(email)

    def authentication_failed(self, request, **credentials):
        """Log the failed login: the address tried and where from, never the password."""
        security_log.warning(
            "failed login for %r from %s",
            credentials.get("email") or credentials.get("username", ""),
            request.META.get("REMOTE_ADDR", "?"),
        )
        super().authentication_failed(request, **credentials)

    def get_login_redirect_url(self, request):
        """Where a login with no `next` lands: the person's own work."""
        # A counselor who also edits the catalog still starts the day with their caseload.
        if is_counselor(request.user):
            return reverse("counselor:attention")
        if request.user.is_staff:
            return reverse("admin:index")
        return reverse("assessments:list")
