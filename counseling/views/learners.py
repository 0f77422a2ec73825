"""A learner's page in the counselor workspace: a summary, results, the review tools, and
the report the learner sees."""

from dataclasses import dataclass

from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessments import planning
from assessments.models import Assessment
from assessments.report import render_report
from roles.models import Role

from .. import meeting, triage
from ..access import assigned_learner, assigned_result, counselor_required
from ..forms import ActionItemForm, NoteForm, ValidatedLevelsForm, plan_forms
from ..models import ActionItem, CaseloadRow, LevelValidation, Note, ResultReview


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
    validations = []
    if assessment is not None:
        forms.setdefault("validate_form", ValidatedLevelsForm(assessment=assessment))
        validations = LevelValidation.objects.filter(rating__assessment=assessment).select_related(
            "rating", "counselor"
        )
    initial = {"result": assessment}
    forms.setdefault("note_form", NoteForm(learner=learner, initial=initial))
    forms.setdefault("action_form", ActionItemForm(learner=learner, initial=initial))
    reviews = ResultReview.objects.filter(counselor=request.user, assessment__in=results)
    for review in reviews:  # each result says whether this counselor reviewed it, and how
        next(r for r in results if r.pk == review.assessment_id).my_review = review
    lines = list(CaseloadRow.objects.filter(counselor=request.user, learner=learner))
    notes = list(Note.objects.filter(learner=learner).select_related("author"))
    action_items = list(ActionItem.objects.filter(learner=learner).select_related("author"))
    context = {
        "learner": learner,
        "results": results,
        "plans": _plan_sections(learner, results, forms.pop("plan_form", None)),
        "assessment": assessment,
        "summary": meeting.summary(
            results, action_items, notes, getattr(forms.get("validate_form"), "ratings", [])
        ),
        "report_html": render_report(assessment, "counselor") if assessment else "",
        "reasons": triage.reasons(lines) if lines else [],
        "validations": validations,
        "notes": notes,
        "action_items": action_items,
        **forms,
    }
    return render(request, "counselor/learner_detail.html", context, status=status)


@dataclass
class PlanSection:
    """A role the learner has a result or a plan for: the plan (None if not made yet), and
    the counselor's forms to add to it."""

    role: Role
    summary: object
    course_form: object
    own_form: object


def _plan_sections(learner, results, refused=None):
    """One section per role; `refused` is (role id, "course" or "own", a form with errors)."""
    summaries = {summary.plan.role_id: summary for summary in planning.plans_of(learner)}
    role_ids = {result.role_id for result in results if result.is_latest} | set(summaries)
    sections = []
    for role in Role.objects.filter(pk__in=role_ids).order_by("title"):
        summary = summaries.get(role.pk)
        forms = plan_forms(role, summary.plan if summary else None)
        if refused and refused[0] == role.pk:
            forms[refused[1]] = refused[2]
        sections.append(PlanSection(role, summary, forms["course"], forms["own"]))
    return sections
