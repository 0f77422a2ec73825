from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_delete, post_save


class CounselingConfig(AppConfig):
    name = "counseling"
    verbose_name = "Counseling"

    def ready(self):
        from assessments.models import Assessment
        from assessments.signals import result_submitted

        from . import caseload_store, notifications
        from .models import ActionItem, Assignment

        result_submitted.connect(notifications.result_submitted, dispatch_uid="notify-counselors")

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
