"""What deleting an account must do besides the database's cascade, whoever deletes it."""

from django.db import transaction

from assessments.models import Assessment
from assessments.report import forget_reports
from careersite.mail import forget_mail_to
from counseling import caseload_store


def forget_copies(user):
    """Before `user` is deleted, inside the deleting transaction: the copies of their data the
    cascade does not reach go too. The caseload tables that listed them are rebuilt, the mail
    kept for their address is deleted, and once the deletion commits, so are their cached
    reports (deleted earlier, a page read in between could cache one again)."""
    caseload_store.account_deleted(user)
    forget_mail_to(user.email)
    results = list(Assessment.objects.filter(learner=user).values_list("pk", flat=True))
    transaction.on_commit(lambda: forget_reports(results), robust=True)
