"""How django-allauth treats careersite's accounts."""

import logging

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from django import forms

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
