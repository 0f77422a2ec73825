"""How django-allauth treats careersite's accounts."""

import logging

from allauth.account.adapter import DefaultAccountAdapter

security_log = logging.getLogger("careersite.security")


class AccountAdapter(DefaultAccountAdapter):
    def authentication_failed(self, request, **credentials):
        """Log the failed login: the address tried and where from, never the password."""
        security_log.warning(
            "failed login for %r from %s",
            credentials.get("email") or credentials.get("username", ""),
            request.META.get("REMOTE_ADDR", "?"),
        )
        super().authentication_failed(request, **credentials)
