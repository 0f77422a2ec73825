"""Keeps CaseloadRow, the caseload table's copy of what it shows, in step with its sources.

The sources are assignments, latest results, drafts (last activity), open action items and
the learner's name. Each function that writes one of them calls refresh_learner() once, in
its transaction: Assignment.objects.assign() and Assignment.end(), ActionItem.objects.add()
and ActionItem.toggle() (models.py, which the views use), the admin's saves and deletes
(admin.py's RefreshesCaseload) and user changes, and, for the learner's drafts and results,
the assessments app's learner_activity signal that save_draft() and submit_assessment()
send (connected in apps.py, since assessments cannot import counseling). A deleted account
calls account_deleted(); bulk inserts (seed_demo) call add_rows_for().
`manage.py rebuild_caseload` repairs the copy from its sources if anything else ever wrote
them (a shell, a QuerySet.update()).
"""

from collections import defaultdict

from django.apps import apps as installed_apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max
from django.db.models.functions import Coalesce

from careersite.cache import renew_stamps


def version_key(counselor_id):
    """The key of a stamp renewed whenever any of the counselor's caseload rows changes."""
    return f"caseload-version:{counselor_id}"


def rows_changed(counselor_ids):
    """Give these counselors' tables a new version stamp once the change is committed.

    Only then: a page rendered meanwhile reads the rows as they were, and is rightly kept
    under the old stamp. (At once too would hold a lock on the counselor's stamp, with the
    database cache, until the learner's transaction ends.)
    """
    renew_stamps([version_key(pk) for pk in counselor_ids], at_once=False)


def rows_for(learner_ids=None, *, apps=installed_apps):
    """Unsaved CaseloadRows for these learners (all learners when None), from the sources.

    `apps` lets the migration that creates the table fill it with its historical models.
    """

    def of_learners(model_name, field="learner_id"):
        app_label, name = model_name.split(".")
        queryset = apps.get_model(app_label, name).objects.order_by()
        return queryset if learner_ids is None else queryset.filter(**{f"{field}__in": learner_ids})

    assignments = list(
        of_learners("counseling.Assignment").values_list("counselor_id", "learner_id")
    )
    if not assignments:
        return
    people = of_learners(settings.AUTH_USER_MODEL, "pk").values_list(
        "pk", "first_name", "last_name", "email"
    )
    names = {pk: (f"{first} {last}".strip(), email) for pk, first, last, email in people}
    results = defaultdict(list)
    for result in (
        of_learners("assessments.Assessment")
        .filter(is_latest=True)
        .values(
            "pk",
            "learner_id",
            "role_id",
            "role_title",
            "readiness",
            "previous_readiness",
            "top_gap",
        )
    ):
        results[result["learner_id"]].append(result)
    activity = dict(
        of_learners("assessments.Assessment")
        .values("learner_id")
        .annotate(last=Max(Coalesce("submitted_at", "updated_at")))
        .values_list("learner_id", "last")
    )
    open_items = dict(
        of_learners("counseling.ActionItem")
        .filter(done_at__isnull=True)
        .values("learner_id")
        .annotate(count=Count("pk"))
        .values_list("learner_id", "count")
    )
    CaseloadRow = apps.get_model("counseling", "CaseloadRow")
    for counselor_id, learner_id in assignments:
        name, email = names[learner_id]
        learner = {
            "counselor_id": counselor_id,
            "learner_id": learner_id,
            "name": name,
            "email": email,
            "sort_name": (name or email).lower(),
            "last_activity": activity.get(learner_id),
            "no_activity": activity.get(learner_id) is None,
            "open_items": open_items.get(learner_id, 0),
        }
        if not results[learner_id]:
            yield CaseloadRow(**learner, no_result=True, no_trend=True)
        for result in results[learner_id]:
            previous = result["previous_readiness"]
            trend = None if previous is None else result["readiness"] - previous
            yield CaseloadRow(
                **learner,
                assessment_id=result["pk"],
                role_id=result["role_id"],
                role_title=result["role_title"],
                readiness=result["readiness"],
                trend=trend,
                no_trend=trend is None,
                top_gap=result["top_gap"],
            )


def refresh_learner(learner_id):
    """Replace one learner's rows on every caseload they are on."""
    from django.contrib.auth import get_user_model

    from .models import CaseloadRow

    with transaction.atomic(savepoint=False):
        # Locks the learner (on PostgreSQL), so two refreshes of one learner never interleave
        # their delete and insert: the second waits, then reads what the first committed.
        # no_key: the learner's row is also key-share locked by every insert that refers to
        # it (a draft, an action item); a plain FOR UPDATE would deadlock with those.
        learner = get_user_model().objects.select_for_update(no_key=True).filter(pk=learner_id)
        list(learner.values("pk"))
        existing = CaseloadRow.objects.filter(learner_id=learner_id)
        before = set(existing.values_list("counselor_id", flat=True))
        rows = list(rows_for([learner_id]))
        if before:
            existing.delete()
        CaseloadRow.objects.bulk_create(rows)
    rows_changed(before | {row.counselor_id for row in rows})


def add_rows_for(learner_ids):
    """Create the rows of learners just bulk-inserted with their assignments and results
    (bulk inserts send no signals). Learners who already have rows would get them twice."""
    from .models import CaseloadRow

    rows = CaseloadRow.objects.bulk_create(rows_for(learner_ids), batch_size=1000)
    rows_changed({row.counselor_id for row in rows})


def rebuild():
    """Recreate the whole table from its sources; returns the number of rows.

    Meant for when nothing else writes (a maintenance step): it locks no learner.
    """
    from .models import CaseloadRow

    with transaction.atomic():
        stale = set(CaseloadRow.objects.values_list("counselor_id", flat=True).distinct())
        CaseloadRow.objects.all().delete()
        rows = CaseloadRow.objects.bulk_create(rows_for(), batch_size=1000)
    rows_changed(stale | {row.counselor_id for row in rows})
    update_planner_statistics()
    return len(rows)


def update_planner_statistics():
    """After a bulk load on PostgreSQL, ANALYZE what was written.

    PostgreSQL plans from statistics that autovacuum gathers a minute or so after a bulk load;
    until then it takes a 100,000-row caseload for a dozen rows and reads a page of it an order
    of magnitude slower. SQLite keeps no statistics unless asked, in production as here, so it
    is left as it runs.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def learner_activity(sender, *, learner_id, **kwargs):
    """Refresh after a learner's draft or result changed (assessments.signals)."""
    refresh_learner(learner_id)


def account_deleted(user):
    """Before deleting an account: its rows go with it (cascade), so only the stamps of the
    tables that showed it, as a learner or as their counselor, need renewing."""
    from .models import CaseloadRow

    rows = CaseloadRow.objects.filter(learner=user).values_list("counselor_id", flat=True)
    rows_changed({user.pk, *rows})


def learner_renamed(user):
    """Copy a changed name or email address onto the learner's rows."""
    from .models import CaseloadRow

    name = user.get_full_name()
    stale = CaseloadRow.objects.filter(learner=user).exclude(name=name, email=user.email)
    counselor_ids = set(stale.values_list("counselor_id", flat=True))
    if counselor_ids:
        stale.update(name=name, email=user.email, sort_name=(name or user.email).lower())
        rows_changed(counselor_ids)
