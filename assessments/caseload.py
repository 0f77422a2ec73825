"""A counselor's caseload: who is on it, and the searchable table of their latest results."""

import csv
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    FilteredRelation,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, Lower, NullIf, Trim
from django.utils.text import slugify

from roles.models import Role

from . import gaps
from .models import ActionItem, Assessment, is_counselor

PAGE_SIZE = 50

# Band filter values are slugs of gaps.BANDS labels, e.g. "nearly-ready".
BAND_CHOICES = [(slugify(label), label) for label, _, _ in gaps.BANDS]
_BAND_RANGES = {slugify(label): (low, high) for label, low, high in gaps.BANDS}

# The whitelist of sortable columns: ?sort=<key> or ?sort=-<key>, anything else is ignored.
SORT_COLUMNS = {
    "name": "Learner",
    "role": "Role",
    "readiness": "Readiness",
    "top_gap": "Top gap",
    "trend": "Trend",
    "activity": "Last activity",
    "open_items": "Open action items",
}
_SORT_FIELDS = {
    "name": "sort_name",
    "role": "role_title",
    "readiness": "readiness",
    "top_gap": "top_gap",
    "trend": "trend",
    "activity": "last_activity",
    "open_items": "open_items",
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
]


def learners_of(counselor):
    """The learners on a counselor's caseload (none for anyone who is not a counselor)."""
    users = get_user_model().objects
    if not is_counselor(counselor):
        return users.none()
    return users.filter(counselor_assignments__counselor=counselor)


def role_choices():
    """The roles a counselor can filter by: the published ones, by title.

    (Listing only roles with results on the caseload meant scanning the caseload twice a page.)
    """
    return Role.objects.published().order_by("title")


def caseload_rows(counselor, *, q="", role=None, band="", sort="name", details=True):
    """One row per learner and latest result (or per learner with none), filtered and sorted.

    A single query whatever the caseload size: the latest result is a filtered join on the
    denormalised Assessment.is_latest. Last activity and open action items are correlated
    subqueries, which the database would run for every row before sorting; with
    details=False they are left out unless the sort needs them, and attach_details() adds
    them to the one page that is shown.
    """
    latest = Q(assessments__is_latest=True)
    if role is not None:
        latest &= Q(assessments__role=role)
    rows = learners_of(counselor).annotate(
        latest=FilteredRelation("assessments", condition=latest),
        result_id=F("latest__id"),
        role_title=F("latest__role_title"),
        readiness=F("latest__readiness"),
        trend=F("latest__readiness") - F("latest__previous_readiness"),
        band=_band(),
        top_gap=F("latest__top_gap"),
        submitted_at=F("latest__submitted_at"),
        sort_name=Lower(
            Coalesce(NullIf(_full_name(), Value("")), "email", output_field=CharField())
        ),
    )
    if details or sort.removeprefix("-") in DETAIL_SORTS:
        rows = rows.annotate(**_details())
    if q:
        rows = rows.filter(
            Q(first_name__icontains=q) | Q(last_name__icontains=q) | Q(email__icontains=q)
        )
    if role is not None:
        rows = rows.filter(result_id__isnull=False)
    if band in _BAND_RANGES:
        rows = rows.filter(in_band("readiness", *_BAND_RANGES[band]))
    return rows.order_by(*_ordering(sort))


# Sorting by these needs the detail subqueries for every row.
DETAIL_SORTS = {"activity", "open_items"}


def _details():
    return {
        "last_activity": Subquery(_last_activity()),
        "open_items": Coalesce(Subquery(_open_items()), 0),
    }


def attach_details(rows):
    """Give rows fetched with details=False their last activity and open items, in one query."""
    rows = list(rows)
    missing = [row.pk for row in rows if not hasattr(row, "open_items")]
    if missing:
        users = get_user_model().objects.filter(pk__in=missing).annotate(**_details())
        found = {user.pk: user for user in users.only("pk")}
        for row in rows:
            if row.pk in found:
                row.last_activity = found[row.pk].last_activity
                row.open_items = found[row.pk].open_items
    return rows


def _full_name():
    return Trim(Concat("first_name", Value(" "), "last_name"))


def _band():
    whens = [
        When(in_band("latest__readiness", low, high), then=Value(label))
        for label, low, high in gaps.BANDS
    ]
    return Case(*whens, default=Value(""), output_field=CharField())


def in_band(field, low, high):
    """Q for a readiness field within one gaps.BANDS range (low inclusive, high exclusive)."""
    return Q(**{f"{field}__gte": Decimal(str(low)), f"{field}__lt": Decimal(str(high))})


def _last_activity():
    # The learner's own doing: submitting a result, or saving a draft.
    return (
        Assessment.objects.filter(learner=OuterRef("pk"))
        .order_by()
        .values("learner")
        .annotate(last=Max(Coalesce("submitted_at", "updated_at")))
        .values("last")
    )


def _open_items():
    return (
        ActionItem.objects.filter(learner=OuterRef("pk"), done_at__isnull=True)
        .order_by()
        .values("learner")
        .annotate(count=Count("pk"))
        .values("count")
    )


def _ordering(sort):
    key = sort.removeprefix("-")
    field = _SORT_FIELDS.get(key, _SORT_FIELDS["name"])
    descending = sort.startswith("-") and key in _SORT_FIELDS
    first = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
    # Ties fall back to name, then the row's own keys, so pages never overlap.
    return [first, F("sort_name").asc(), F("pk").asc(), F("role_title").asc(nulls_last=True)]


def csv_cells(row):
    """One CSV line for a caseload row, in CSV_HEADER order."""
    return [
        _safe(row.get_full_name()),
        _safe(row.email),
        _safe(row.role_title or ""),
        "" if row.readiness is None else f"{row.readiness:.1f}",
        row.band,
        _safe(row.top_gap or ""),
        "" if row.trend is None else f"{row.trend:+.1f}",
        row.last_activity.isoformat(timespec="seconds") if row.last_activity else "",
        str(row.open_items),
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
