"""`manage.py check --deploy` warnings about settings only production gets wrong."""

from django.conf import settings
from django.core.checks import Warning, register

# Mailers that never reach anyone: right for development and tests, wrong behind a real site.
NOT_DELIVERING = {
    "django.core.mail.backends.console.EmailBackend": "prints it to the worker's output",
    "django.core.mail.backends.locmem.EmailBackend": "keeps it in the worker's memory",
    "django.core.mail.backends.dummy.EmailBackend": "drops it",
}


@register("mail", deploy=True)
def outgoing_mail_is_delivered(app_configs, **kwargs):
    backend = settings.MAILERS.get("outgoing", {}).get("BACKEND")
    if settings.DEBUG or backend not in NOT_DELIVERING:
        return []
    return [
        Warning(
            f"Outgoing mail is not delivered: the task worker {NOT_DELIVERING[backend]}. "
            "Confirmation and password-reset mail never reaches anyone.",
            hint="Set EMAIL_URL to your mail server, e.g. smtp://user:password@host:587.",
            id="careersite.W001",
        )
    ]
