"""The counselor's landing page: who on the caseload needs attention now, and why."""

from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from careersite.jinja2 import render_fragment

from .. import triage
from ..access import counselor_required
from ..caseload import PAGE_SIZE, cached_page
from ..models import CaseloadRow, TriageRow

# The caseload table's own parameters: an old link or bookmark of /counselor/ that carries
# them meant the table, which lived there before this view.
TABLE_PARAMETERS = {"q", "role", "band", "below", "attention", "sort"}


@counselor_required
@require_GET
def needs_attention(request):
    if TABLE_PARAMETERS & set(request.GET):
        return redirect(f"{reverse('counselor:caseload')}?{request.GET.urlencode()}")
    content = cached_page(request.user, request.GET, lambda: _content(request), view="attention")
    return render(request, "counselor/needs_attention.html", {"content": content})


@dataclass(frozen=True)
class Entry:
    """One learner on the list: who, since when, and every reason that holds now."""

    learner_id: int
    name: str
    email: str
    since: object
    reasons: list


def _content(request):
    now = timezone.now()
    waiting = TriageRow.objects.filter(counselor=request.user, since__lte=now).order_by(
        "since", "sort_name", "learner_id"
    )
    page = Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("page"))
    lines = list(page.object_list)
    rows = defaultdict(list)
    for row in CaseloadRow.objects.filter(
        counselor=request.user, learner_id__in=[line.learner_id for line in lines]
    ).order_by("role_title"):
        rows[row.learner_id].append(row)
    entries = [
        Entry(
            line.learner_id,
            line.name or line.email,
            line.email,
            line.since,
            triage.reasons(rows[line.learner_id], now),
        )
        for line in lines
    ]
    context = {
        "page": page,
        "entries": entries,
        "entries_html": render_fragment("counselor/attention_entries.html", {"entries": entries}),
        "reasons": triage.REASON_CHOICES[1:],
        "quiet_days": triage.quiet_days(),
    }
    return render_to_string("counselor/_needs_attention_content.html", context, request=request)
