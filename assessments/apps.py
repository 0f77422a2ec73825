from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments and counseling"

    def ready(self):
        from .follow_up import forget_follow_up
        from .models import ActionItem, Assignment, Note

        # Signals rather than calls in each view: admin, invitations, deletions and the
        # counselor tools all write these rows, and a missed path would show stale follow-up.
        for model in (Note, ActionItem, Assignment):
            post_save.connect(forget_follow_up, sender=model, dispatch_uid=f"follow-up-{model}")
            post_delete.connect(forget_follow_up, sender=model, dispatch_uid=f"follow-up-d-{model}")
