from django.apps import AppConfig


class CounselingConfig(AppConfig):
    name = "counseling"
    verbose_name = "Counseling"

    def ready(self):
        from allauth.account.signals import email_changed

        from assessments.signals import learner_activity, result_submitted

        from . import caseload_store, notifications

        # What the assessments app announces (it cannot import this app): a new result is
        # mailed to the learner's counselors; any draft or result refreshes their caseloads.
        result_submitted.connect(notifications.result_submitted, dispatch_uid="notify-counselors")
        learner_activity.connect(caseload_store.learner_activity, dispatch_uid="caseload-activity")
        email_changed.connect(
            lambda sender, request, user, **kwargs: caseload_store.learner_renamed(user),
            dispatch_uid="caseload-email",
            weak=False,
        )
