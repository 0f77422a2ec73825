"""The cohort view: what a counselor's caseload lacks, for one role."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..access import counselor_required
from ..cohort import COHORT_TTL, cached_cohort, then_and_now, write_csv
from ..forms import CohortForm, ThenAndNowForm


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


@counselor_required
@require_GET
def export(request):
    """The figures the cohort page shows for one role, as CSV."""
    role = CohortForm(request.GET or None, counselor=request.user).chosen_role()
    if role is None:
        raise Http404("No cohort to export: none of your learners has a result yet.")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="cohort-{role.slug}-{stamp}.csv"'
    write_csv(cached_cohort(request.user, role), response)
    return response


@counselor_required
@require_GET
def compare(request):
    """The cohort's bands and gaps on two dates, from the results as they stood on each."""
    form = ThenAndNowForm(request.GET or None, counselor=request.user)
    role = form.chosen_role()
    invalid = form.is_bound and not form.is_valid()
    context = {
        "form": form,
        "comparison": then_and_now(request.user, role, *form.dates()) if role else None,
        "refresh_minutes": COHORT_TTL // 60,
    }
    return render(request, "counselor/cohort_compare.html", context, status=400 if invalid else 200)
