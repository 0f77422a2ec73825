"""The counselor workspace: access rules, the caseload table and its export, a learner's page.

Access, the same for every counselor view:
- anonymous users are sent to log in;
- signed-in users outside the Counselors group (learners, content editors) get 404, so the
  workspace does not even reveal that it exists;
- a counselor reaches a learner only through assigned_learner(), which gives 404 for anyone
  not on their caseload, checked afresh on every request.
"""

import logging
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..caseload import (
    PAGE_SIZE,
    PAGE_TTL,
    SORT_COLUMNS,
    caseload_rows,
    caseload_size,
    learners_of,
    page_key,
    write_csv,
)
from ..caseload_html import table_rows
from ..counselor_forms import ActionItemForm, CaseloadFilterForm, NoteForm, ValidatedLevelsForm
from ..models import ActionItem, Assessment, Note, is_counselor
from ..report import render_report

security_log = logging.getLogger("careersite.security")


def counselor_required(view):
    """Let only counselors in: log in if anonymous, 404 for any other user."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_counselor(request.user):
            if request.user.is_authenticated:
                security_log.warning("access denied: user %s to %s", request.user.pk, request.path)
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def assigned_learner(request, learner_id):
    """The learner, if on the requesting counselor's caseload; otherwise 404."""
    learner = learners_of(request.user).filter(pk=learner_id).first()
    if learner is None:
        security_log.warning(
            "access denied: counselor %s to learner %s", request.user.pk, learner_id
        )
        raise Http404("No such learner.")
    return learner


def assigned_result(request, learner_id, pk):
    """(learner, one of their submitted results), both scoped to the caseload; otherwise 404."""
    learner = assigned_learner(request, learner_id)
    results = Assessment.objects.visible_to(request.user).filter(learner=learner)
    return learner, get_object_or_404(results.select_related("role"), pk=pk)


@counselor_required
@require_GET
def caseload(request):
    # The table changes only when the counselor's rows do (a new stamp), so a rendered page
    # is kept under the stamp and the query string: most views are two cache reads.
    key, version = page_key(request.user, request.GET)
    content = cache.get(key) if key else None
    if content is None:
        content = _caseload_content(request, version)
        if key:
            cache.set(key, content, PAGE_TTL)
    return render(request, "counselor/caseload.html", {"content": content})


def _caseload_content(request, version):
    form = CaseloadFilterForm(request.GET, counselor=request.user)
    filters = form.filters()
    filtered = any([filters["q"], filters["role"], filters["band"]])
    paginator = Paginator(caseload_rows(request.user, **filters), PAGE_SIZE)
    if not filtered:
        paginator.count = caseload_size(request.user, version)  # instead of counting each time
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


@counselor_required
@require_GET
def learner(request, learner_id):
    return learner_page(request, assigned_learner(request, learner_id))


@counselor_required
@require_GET
def result(request, learner_id, pk):
    return learner_page(request, *assigned_result(request, learner_id, pk))


def learner_page(request, learner, assessment=None, *, status=200, **forms):
    """A learner's results read-only, one of them in full, and the counselor's tools below.

    Without an assessment it shows the most recent result; forms passed in (with errors)
    replace the blank ones.
    """
    results = list(
        Assessment.objects.submitted().filter(learner=learner).order_by("-submitted_at", "-id")
    )
    if assessment is None and results:
        assessment = results[0]
    if assessment is not None:
        forms.setdefault("validate_form", ValidatedLevelsForm(assessment=assessment))
    initial = {"result": assessment}
    forms.setdefault("note_form", NoteForm(learner=learner, initial=initial))
    forms.setdefault("action_form", ActionItemForm(learner=learner, initial=initial))
    context = {
        "learner": learner,
        "results": results,
        "assessment": assessment,
        "report_html": render_report(assessment, "counselor") if assessment else "",
        "notes": Note.objects.filter(learner=learner).select_related("author"),
        "action_items": ActionItem.objects.filter(learner=learner).select_related("author"),
        **forms,
    }
    return render(request, "counselor/learner_detail.html", context, status=status)
