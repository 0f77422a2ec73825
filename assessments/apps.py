from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_delete, post_save


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments and counseling"

    def ready(self):
        from . import caseload_store
        from .follow_up import forget_follow_up
        from .models import ActionItem, Assessment, Assignment, Note
        from .report import forget_dashboards

        # Signals rather than calls in each view: admin, invitations, deletions and the
        # counselor tools all write these rows, and a missed path would show stale follow-up.
        for model in (Note, ActionItem, Assignment):
            post_save.connect(forget_follow_up, sender=model, dispatch_uid=f"follow-up-{model}")
            post_delete.connect(forget_follow_up, sender=model, dispatch_uid=f"follow-up-d-{model}")

        for signal in (post_save, post_delete):
            signal.connect(forget_dashboards, sender=Assessment, dispatch_uid=f"dash-{signal}")

        # The caseload table's copy of each learner's line follows the rows it is made from.
        for model in (Assessment, Assignment, ActionItem):
            name = model.__name__
            post_save.connect(
                caseload_store.source_saved, sender=model, dispatch_uid=f"caseload-{name}"
            )
            post_delete.connect(
                caseload_store.source_deleted, sender=model, dispatch_uid=f"caseload-d-{name}"
            )
        post_save.connect(
            caseload_store.learner_renamed,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="caseload-renamed",
        )
