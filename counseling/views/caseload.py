"""The caseload table, its filters and its CSV export."""

import functools
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone
from django.views.decorators.http import require_GET

from careersite.jinja2 import render_fragment

from ..access import counselor_required
from ..caseload import (
    PAGE_SIZE,
    SORT_COLUMNS,
    cached_page,
    caseload_rows,
    caseload_size,
    write_csv,
)
from ..forms import CaseloadFilterForm


@counselor_required
@require_GET
def caseload(request):
    # The table changes only when the counselor's rows do (a new stamp), so a rendered page
    # is kept under the stamp and the query string: most views are one cache read.
    content = cached_page(request.user, request.GET, lambda: _caseload_content(request))
    return render(request, "counselor/caseload.html", {"content": content})


def _caseload_content(request):
    form = CaseloadFilterForm(request.GET, counselor=request.user)
    filters = form.filters()
    filtered = any(filters[name] for name in ("q", "role", "band", "below", "attention"))
    paginator = Paginator(caseload_rows(request.user, **filters), PAGE_SIZE)
    if not filtered:
        paginator.count = caseload_size(request.user)  # instead of counting each time
    page = paginator.get_page(request.GET.get("page"))
    lines = [TableLine.of(row) for row in page.object_list]
    context = {
        "form": form,
        "page": page,
        "lines": lines,
        "rows": render_fragment("counselor/caseload_rows.html", {"lines": lines}),
        "columns": _columns(filters["sort"]),
        "filtered": filtered,
        "below": filters["below"],  # reached from the cohort page only: no control of its own
    }
    return render_to_string("counselor/_caseload_content.html", context, request=request)


@dataclass(frozen=True)
class TableLine:
    """One CaseloadRow as the table prints it: its link, and each cell's text ("" if none).

    The values are formatted here, not by a tag or filter per cell (half as long again to
    render for the fifty rows of a page); the markup is all in caseload_rows.html.
    """

    href: str
    name: str
    email: str
    role_title: str
    readiness: str  # "83", a whole percentage
    band: str
    top_gap: str
    trend: str  # "+6.5", points since the previous result for the role
    last_activity: str  # "9 Sep 2026"
    open_items: int
    plan: str  # "2 of 5"

    @classmethod
    def of(cls, row):
        learner, result = _link_formats()
        return cls(
            href=result.format(row.learner_id, row.assessment_id)
            if row.assessment_id
            else learner.format(row.learner_id),
            name=row.name or row.email,
            email=row.email,
            role_title=row.role_title,
            readiness="" if row.readiness is None else _whole(row.readiness),
            band=row.band,
            top_gap=row.top_gap,
            trend="" if row.trend is None else f"{'+' if row.trend > 0 else ''}{row.trend:.1f}",
            last_activity=_day(row.last_activity),
            open_items=row.open_items,
            plan="" if row.no_plan else f"{row.plan_done} of {row.plan_total}",
        )


@functools.cache
def _link_formats():
    """The rows' two kinds of link as format strings, reversed once per process with stand-in
    ids (fifty reverse() calls were a tenth of the page)."""
    learner, result = "9876543210", "1234567890"
    return (
        reverse("counselor:learner", args=[learner]).replace(learner, "{0}"),
        reverse("counselor:result", args=[learner, result])
        .replace(learner, "{0}")
        .replace(result, "{1}"),
    )


def _whole(percentage):
    """A Decimal percentage as a whole number, halves up (as floatformat:0 shows it)."""
    return str(percentage.quantize(Decimal(1), ROUND_HALF_UP))


def _day(moment):
    return "" if moment is None else dateformat.format(timezone.localtime(moment), "j M Y")


def _columns(sort):
    """Header links: each sorts by its column, and a second click reverses it."""
    return [
        {
            "key": key,
            "label": label,
            "next": f"-{key}" if sort == key else key,
            "aria_sort": {key: "ascending", f"-{key}": "descending"}.get(sort, ""),
        }
        for key, label in SORT_COLUMNS.items()
    ]


@counselor_required
@require_GET
def export(request):
    """The filtered caseload, every page of it, as CSV."""
    form = CaseloadFilterForm(request.GET, counselor=request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="caseload-{stamp}.csv"'
    write_csv(caseload_rows(request.user, **form.filters()), response)
    return response
