"""Keeps CaseloadRow and TriageRow, the copies that the caseload table and the "Needs
attention" list read, in step with their sources.

The sources are assignments, latest results (with their validated levels and who reviewed
them), drafts and plan changes (last activity), open action items, plans and the learner's
name. Each function that
writes one of them calls refresh_learner() once, in its transaction:
Assignment.objects.assign() and Assignment.end(), ActionItem.objects.add() and
ActionItem.toggle(), ResultReview.objects.mark() (which every review calls, validated levels
included; models.py, which the views use), the admin's saves and deletes
(admin.py's RefreshesCaseload) and user changes, and, for the learner's drafts and results,
the assessments app's learner_activity signal that save_draft() and submit_assessment()
send (connected in apps.py, since assessments cannot import counseling). A deleted account
calls account_deleted(); bulk inserts (seed_demo) call add_rows_for().
`manage.py rebuild_caseload` repairs the copy from its sources if anything else ever wrote
them (a shell, a QuerySet.update()).
"""

from collections import Counter, defaultdict
from decimal import Decimal

from django.apps import apps as installed_apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Avg, Count, F, FloatField, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from careersite.cache import renew_stamps

from . import triage


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


def rows_for(learner_ids=None, *, apps=installed_apps, lock=False):
    """Unsaved CaseloadRows for these learners (all learners when None), from the sources.

    `apps` lets a migration fill the table with its historical models; `lock` locks the
    learners' rows first (in the caller's transaction).
    """

    def of_learners(model_name, field="learner_id"):
        app_label, name = model_name.split(".")
        queryset = apps.get_model(app_label, name).objects.order_by()
        return queryset if learner_ids is None else queryset.filter(**{f"{field}__in": learner_ids})

    people = of_learners(settings.AUTH_USER_MODEL, "pk")
    if lock:
        # Locks the learners (on PostgreSQL) before anything is read, so two refreshes of one
        # learner never interleave their delete and insert: the second waits, then reads what
        # the first committed. no_key: the learner's row is also key-share locked by every
        # insert that refers to it (a draft, an action item); FOR UPDATE would deadlock.
        people = people.select_for_update(no_key=True)
    people = list(
        people.annotate(**_per_learner_figures(apps)).values_list(
            "pk", "first_name", "last_name", "email", *PER_LEARNER
        )
    )
    assignments = list(
        of_learners("counseling.Assignment").values_list("counselor_id", "learner_id", "created_at")
    )
    if not assignments:
        return
    names, activity, open_items = {}, {}, {}
    for pk, first, last, email, results_at, plan_at, items, due in people:
        names[pk] = (f"{first} {last}".strip(), email)
        # Working on one's plan is activity too (what a counselor adds to it is not).
        activity[pk] = max(filter(None, (results_at, plan_at)), default=None)
        open_items[pk] = (items or 0, due)
    results = defaultdict(list)
    for result in (
        of_learners("assessments.Assessment")
        .filter(is_latest=True)
        .annotate(bias=_self_rating_bias(apps))
        .values(
            "pk",
            "learner_id",
            "role_id",
            "role_title",
            "readiness",
            "previous_readiness",
            "top_gap",
            "submitted_at",
            "bias",
        )
    ):
        results[result["learner_id"]].append(result)
    reviewed = _reviewed(of_learners)
    plans = _plan_counts(of_learners)
    CaseloadRow = apps.get_model("counseling", "CaseloadRow")
    for counselor_id, learner_id, assigned_at in assignments:
        name, email = names[learner_id]
        items, earliest_due = open_items.get(learner_id, (0, None))
        learner = {
            "counselor_id": counselor_id,
            "learner_id": learner_id,
            "name": name,
            "email": email,
            "sort_name": (name or email).lower(),
            "last_activity": activity.get(learner_id),
            "no_activity": activity.get(learner_id) is None,
            "open_items": items,
            "earliest_due": earliest_due,
            "quiet_from": triage.quiet_from(activity.get(learner_id), assigned_at),
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
                submitted_at=result["submitted_at"],
                reviewed=(counselor_id, result["pk"]) in reviewed,
                self_rating_bias=_two_places(result["bias"]),
                **plans.get((learner_id, result["role_id"]), {}),
            )


PER_LEARNER = ("results_at", "plan_at", "open_items", "earliest_due")


def _per_learner_figures(apps):
    """Scalar subqueries, per learner, read with their name: when they last changed a draft
    or result, when they last worked on a plan, and their open action items (how many, and
    the earliest due date)."""

    def of_learner(model_name, field="learner"):
        app_label, name = model_name.split(".")
        model = apps.get_model(app_label, name)
        return model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field)

    open_items = of_learner("counseling.ActionItem").filter(done_at__isnull=True)
    return {
        "results_at": Subquery(
            of_learner("assessments.Assessment")
            .annotate(last=Max(Coalesce("submitted_at", "updated_at")))
            .values("last")
        ),
        "plan_at": Subquery(
            of_learner("assessments.PlanEvent", "by")
            .filter(item__plan__learner=OuterRef("pk"))
            .annotate(last=Max("at"))
            .values("last")
        ),
        "open_items": Subquery(open_items.annotate(n=Count("pk")).values("n")),
        "earliest_due": Subquery(open_items.annotate(due=Min("due")).values("due")),
    }


def _reviewed(of_learners):
    """The (counselor, result) pairs of latest results that a counselor reviewed."""
    reviews = of_learners("counseling.ResultReview", "assessment__learner_id")
    reviews = reviews.filter(assessment__is_latest=True)
    return set(reviews.values_list("counselor_id", "assessment_id"))


def _plan_counts(of_learners):
    """Plan progress fields per (learner, role) with a plan of at least one counted item."""
    counted = of_learners("assessments.PlanItem", "plan__learner_id").exclude(status="skipped")
    counts = {}
    for learner_id, role_id, total, done in (
        counted.values("plan__learner_id", "plan__role_id")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(status="done")))
        .values_list("plan__learner_id", "plan__role_id", "total", "done")
    ):
        progress = Decimal(100 * done / total).quantize(Decimal("0.1"))
        counts[learner_id, role_id] = {
            "plan_done": done,
            "plan_total": total,
            "plan_progress": progress,
            "no_plan": False,
        }
    return counts


def _self_rating_bias(apps):
    """Per result: the mean of self-rating minus validated level, over the skills a counselor
    validated (None if none), as a subquery of the results query."""
    validated = (
        apps.get_model("assessments", "Rating")
        .objects.filter(
            assessment=OuterRef("pk"), level__isnull=False, validated_level__isnull=False
        )
        .order_by()
        .values("assessment")
        .annotate(bias=Avg(F("level") - F("validated_level"), output_field=FloatField()))
        .values("bias")
    )
    return Subquery(validated, output_field=FloatField())


def _two_places(value):
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def triage_rows_for(rows, *, apps=installed_apps):
    """Unsaved TriageRows, one per counselor and learner, from their CaseloadRows."""
    TriageRow = apps.get_model("counseling", "TriageRow")
    per_line = defaultdict(list)
    for row in rows:
        per_line[row.counselor_id, row.learner_id].append(row)
    return [
        TriageRow(
            counselor_id=counselor_id,
            learner_id=learner_id,
            name=lines[0].name,
            email=lines[0].email,
            sort_name=lines[0].sort_name,
            since=triage.since(lines),
        )
        for (counselor_id, learner_id), lines in per_line.items()
    ]


def refresh_learner(learner_id):
    """Replace one learner's rows on every caseload they are on."""
    from .models import CaseloadRow, TriageRow

    with transaction.atomic(savepoint=False):
        rows = list(rows_for([learner_id], lock=True))
        existing = CaseloadRow.objects.filter(learner_id=learner_id)
        before = Counter(existing.values_list("counselor_id", flat=True))
        if before:
            existing.delete()
            TriageRow.objects.filter(learner_id=learner_id).delete()
        store(rows)
        after = Counter(row.counselor_id for row in rows)
        resize({pk: after[pk] - before[pk] for pk in before | after})
    rows_changed(set(before) | set(after))


def store(rows, *, apps=installed_apps):
    """Insert CaseloadRows and the TriageRows made from them."""
    rows = list(rows)
    apps.get_model("counseling", "CaseloadRow").objects.bulk_create(rows, batch_size=1000)
    triage_rows = triage_rows_for(rows, apps=apps)
    apps.get_model("counseling", "TriageRow").objects.bulk_create(triage_rows, batch_size=1000)
    return rows


def resize(changes):
    """Add to each counselor's CaseloadSize (a {counselor id: rows added} dict; negative for
    rows taken away), in counselor order so that two writers never wait for each other."""
    from .models import CaseloadSize

    changes = {pk: change for pk, change in sorted(changes.items()) if change}
    if not changes:
        return
    CaseloadSize.objects.bulk_create(
        [CaseloadSize(counselor_id=pk) for pk in changes], ignore_conflicts=True
    )
    for pk, change in changes.items():
        CaseloadSize.objects.filter(counselor_id=pk).update(rows=F("rows") + change)


def count_sizes():
    """Set every counselor's CaseloadSize from a count of their rows (a rebuild's last step)."""
    from .models import CaseloadRow, CaseloadSize

    CaseloadSize.objects.all().delete()
    counts = CaseloadRow.objects.order_by().values("counselor_id").annotate(rows=Count("pk"))
    CaseloadSize.objects.bulk_create(
        [CaseloadSize(counselor_id=c["counselor_id"], rows=c["rows"]) for c in counts],
        batch_size=1000,
    )


def add_rows_for(learner_ids):
    """Create the rows of learners just bulk-inserted with their assignments and results
    (bulk inserts send no signals). Learners who already have rows would get them twice."""
    with transaction.atomic():
        rows = store(rows_for(learner_ids))
        resize(Counter(row.counselor_id for row in rows))
    rows_changed({row.counselor_id for row in rows})


def rebuild():
    """Recreate the whole table from its sources; returns the number of rows.

    Meant for when nothing else writes (a maintenance step): it locks no learner.
    """
    from .models import CaseloadRow, TriageRow

    with transaction.atomic():
        stale = set(CaseloadRow.objects.values_list("counselor_id", flat=True).distinct())
        CaseloadRow.objects.all().delete()
        TriageRow.objects.all().delete()
        rows = store(rows_for())
        count_sizes()
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

    rows = Counter(CaseloadRow.objects.filter(learner=user).values_list("counselor_id", flat=True))
    resize({pk: -count for pk, count in rows.items()})
    rows_changed({user.pk, *rows})


def learner_renamed(user):
    """Copy a changed name or email address onto the learner's rows."""
    from .models import CaseloadRow, TriageRow

    name = user.get_full_name()
    stale = CaseloadRow.objects.filter(learner=user).exclude(name=name, email=user.email)
    counselor_ids = set(stale.values_list("counselor_id", flat=True))
    if counselor_ids:
        renamed = {"name": name, "email": user.email, "sort_name": (name or user.email).lower()}
        stale.update(**renamed)
        TriageRow.objects.filter(learner=user).update(**renamed)
        rows_changed(counselor_ids)
