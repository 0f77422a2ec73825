"""The caseload table, its filters and its CSV export."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..access import counselor_required
from ..caseload import (
    PAGE_SIZE,
    SORT_COLUMNS,
    cached_page,
    caseload_rows,
    caseload_size,
    write_csv,
)
from ..caseload_html import table_rows
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
    filtered = any([filters["q"], filters["role"], filters["band"]])
    paginator = Paginator(caseload_rows(request.user, **filters), PAGE_SIZE)
    if not filtered:
        paginator.count = caseload_size(request.user)  # instead of counting each time
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "rows_html": table_rows(page.object_list),
        "columns": _columns(filters["sort"]),
        "filtered": filtered,
    }
    return render_to_string("counselor/_caseload_content.html", context, request=request)


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
