"""The cohort view: what a counselor's caseload lacks, for one role."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..access import counselor_required
from ..cohort import COHORT_TTL, cached_cohort
from ..forms import CohortForm


@counselor_required
@require_GET
def cohort(request):
    form = CohortForm(request.GET or None, counselor=request.user)
    role = form.chosen_role()
    context = {
        "form": form,
        "cohort": cached_cohort(request.user, role) if role else None,
        "refresh_minutes": COHORT_TTL // 60,
    }
    return render(request, "counselor/cohort.html", context)
