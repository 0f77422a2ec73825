"""How django-allauth treats careersite's accounts."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from django import forms

# What the user table holds (and RFC 5321 allows); longer was once cut short and stored.
EMAIL_MAX_LENGTH = 254

security_log = logging.getLogger("careersite.security")


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email):
        if len(email) > EMAIL_MAX_LENGTH:
            raise forms.ValidationError(
                f"An email address has at most {EMAIL_MAX_LENGTH} characters; "
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
