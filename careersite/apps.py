from django.apps import AppConfig


class CareersiteConfig(AppConfig):
    """The project package as an app, for what belongs to no one app: its system checks."""

    name = "careersite"

    def ready(self):
        from . import checks  # noqa: F401 - registers them
