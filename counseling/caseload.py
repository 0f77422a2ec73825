"""A counselor's caseload: who is on it, and the searchable table of their latest results."""

import csv
import hashlib
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.text import slugify

from assessments import gaps
from assessments.models import LARGEST_ID, Rating
from careersite.cache import get_or_build
from roles.catalog_version import VERSION_KEY as CATALOG_VERSION_KEY
from roles.models import Role

from . import caseload_store, triage
from .models import (
    CASELOAD_SORTS,
    Assignment,
    CaseloadRow,
    CaseloadSize,
    caseload_ordering,
    is_counselor,
)

PAGE_SIZE = 50
# Rendered pages and counts are cached under the rows' version stamp, so no change is ever
# missed; the time limit only returns the space of versions no longer asked for.
PAGE_TTL = 10 * 60

# Band filter values are slugs of gaps.BANDS labels, e.g. "nearly-ready".
BAND_CHOICES = [(slugify(label), label) for label, _, _ in gaps.BANDS]
_BAND_RANGES = {slugify(label): (low, high) for label, low, high in gaps.BANDS}

REASON_KEYS = {key for key, _ in triage.REASON_CHOICES}

# The sortable columns' headings: ?sort=<key> or ?sort=-<key> (models.CASELOAD_SORTS has
# what each sorts by); anything else is ignored.
SORT_COLUMNS = {
    "name": "Learner",
    "role": "Role",
    "readiness": "Readiness",
    "top_gap": "Top gap",
    "trend": "Trend",
    "activity": "Last activity",
    "open_items": "Open action items",
    "plan": "Plan progress",
}
SORT_CHOICES = [
    *SORT_COLUMNS.items(),
    *((f"-{key}", f"{label}, descending") for key, label in SORT_COLUMNS.items()),
]

CSV_HEADER = [
    "Name",
    "Email",
    "Role",
    "Readiness %",
    "Band",
    "Top gap",
    "Trend (points)",
    "Last activity",
    "Open action items",
    "Plan items done",
    "Plan items",
]


# One learner on one counselor's caseload: the check every page of a learner starts with.
CASELOAD_LEARNER_SQL = """
SELECT u.* FROM {user} u JOIN {assignment} a ON a.learner_id = u.id
 WHERE a.counselor_id = %s AND u.id = %s
"""


def caseload_learner(counselor, learner_id):
    """The learner, or None if not on the counselor's caseload (or the user is not a
    counselor). Written out, for the reason learner_reads.py gives."""
    if not is_counselor(counselor) or not 0 < learner_id <= LARGEST_ID:
        return None  # the database would refuse a number out of range; no row has it anyway
    users = get_user_model()
    sql = CASELOAD_LEARNER_SQL.format(
        user=users._meta.db_table, assignment=Assignment._meta.db_table
    )
    return next(iter(users.objects.raw(sql, [counselor.pk, learner_id])), None)


def role_choices():
    """The roles a counselor can filter by: the published ones, by title.

    (Listing only roles with results on the caseload meant scanning the caseload twice a page.)
    Only what the filters show and link is read: a role's texts are long.
    """
    return Role.objects.published().only("id", "title", "slug").order_by("title")


def caseload_rows(counselor, *, q="", role=None, band="", below=None, attention="", sort="name"):
    """The counselor's caseload table, filtered and sorted: one CaseloadRow per learner and
    latest result (or per learner with none).

    Every column is stored in CaseloadRow (kept by caseload_store) and each sort order has
    its index, so a page is one range read whatever the caseload's size.
    """
    if not is_counselor(counselor):
        return CaseloadRow.objects.none()
    rows = CaseloadRow.objects.filter(counselor=counselor)
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(email__icontains=q))
    if role is not None:
        rows = rows.filter(role=role)
    if band in _BAND_RANGES:
        rows = rows.filter(in_band("readiness", *_BAND_RANGES[band]))
    if below is not None:  # the cohort's "N learners below the required level in <skill>"
        short = Rating.objects.filter(
            assessment=OuterRef("assessment"), skill=below, level__lt=F("required_level")
        )
        rows = rows.filter(Exists(short))
    if attention in REASON_KEYS:  # the "Needs attention" reasons (counseling.triage)
        rows = rows.filter(triage.reason_filter(attention))
    return rows.order_by(*_ordering(sort))


def caseload_size(counselor):
    """How many rows the unfiltered table has: one row kept by caseload_store, not a count of
    a range as long as the caseload."""
    kept = CaseloadSize.objects.filter(counselor=counselor).values_list("rows", flat=True)
    return kept.first() or 0


# Only pages reached through the table's own links are cached: free-text searches and
# unknown parameters are rendered each time, so nobody can fill the cache with variants.
CACHED_PARAMETERS = {"role", "band", "below", "attention", "sort", "page"}


def cached_page(counselor, query, render, *, view="caseload"):
    """A rendered page of the caseload table or the "Needs attention" list: from the cache
    for the pages' own links, else `render()`.

    A page depends on the counselor's rows, the query string, the date (what is overdue or
    quiet) and, through the role filter's list of published roles, the catalog: it is kept
    under both stamps, by date.
    """
    if not set(query) <= CACHED_PARAMETERS or any(len(v) > 30 for v in query.values()):
        return render()
    digest = hashlib.sha256(query.urlencode().encode()).hexdigest()
    key = f"{view}-page:{counselor.pk}:{timezone.localdate().isoformat()}:{digest}"
    stamps = [caseload_store.version_key(counselor.pk), CATALOG_VERSION_KEY]
    return get_or_build(key, render, PAGE_TTL, stamps=stamps)


def in_band(field, low, high):
    """Q for a readiness field within one gaps.BANDS range (low inclusive, high exclusive)."""
    return Q(**{f"{field}__gte": Decimal(str(low)), f"{field}__lt": Decimal(str(high))})


def _ordering(sort):
    key = sort.removeprefix("-")
    if key not in CASELOAD_SORTS:
        return caseload_ordering("name", descending=False)
    return caseload_ordering(key, descending=sort.startswith("-"))


def csv_cells(row):
    """One CSV line for a caseload row, in CSV_HEADER order."""
    return [
        _safe(row.name),
        _safe(row.email),
        _safe(row.role_title or ""),
        "" if row.readiness is None else f"{row.readiness:.1f}",
        row.band,
        _safe(row.top_gap or ""),
        "" if row.trend is None else f"{row.trend:+.1f}",
        row.last_activity.isoformat(timespec="seconds") if row.last_activity else "",
        str(row.open_items),
        "" if row.no_plan else str(row.plan_done),
        "" if row.no_plan else str(row.plan_total),
    ]


def write_csv(rows, out):
    """Write the header and every row to a file-like object."""
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for row in rows.iterator(chunk_size=2000):
        writer.writerow(csv_cells(row))


def _safe(text):
    # A cell starting with = + - @ is run as a formula by spreadsheets: names are user input.
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
