"""A learner's page in the counselor workspace: a summary, results, the review tools, and
the report the learner sees."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessments import planning
from assessments.models import Assessment
from assessments.report import render_report
from careersite.jinja2 import render_fragment

from .. import meeting, triage
from ..access import assigned_learner, assigned_result, counselor_required
from ..forms import ActionItemForm, NoteForm, ValidatedLevelsForm
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
        Assessment.objects.submitted()
        .filter(learner=learner)
        .select_related("role")
        .order_by("-submitted_at", "-id")
    )
    if assessment is None and results:
        assessment = results[0]
    validations = []
    if assessment is not None:
        forms.setdefault("validate_form", ValidatedLevelsForm(assessment=assessment))
        validations = level_history(forms["validate_form"].ratings)
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
        "plans": plan_sections(learner, results),
        "assessment": assessment,
        "summary": meeting.summary(
            results, action_items, notes, getattr(forms.get("validate_form"), "ratings", [])
        ),
        "report_html": (
            render_report(assessment, "counselor", history=results) if assessment else ""
        ),
        "reasons": triage.reasons(lines) if lines else [],
        "rows": forms["validate_form"].rows() if assessment else [],
        "validations": validations,
        "notes": notes,
        "action_items": action_items,
        **forms,
    }
    # Everything below the heading, the review's twenty rows of seven options included, is
    # one Jinja2 fragment: in Django's template language it was a fifth of the page's time.
    sections = render_fragment("counselor/learner_sections.html", context, request)
    return render(
        request,
        "counselor/learner_detail.html",
        {"learner": learner, "sections": sections},
        status=status,
    )


def level_history(ratings):
    """Who set which level of these ratings (one result's), newest first, each change with its
    rating: read by the ratings' ids, without a join to their table."""
    by_id = {rating.pk: rating for rating in ratings}
    changes = list(
        LevelValidation.objects.filter(rating_id__in=list(by_id)).select_related("counselor")
    )
    for change in changes:
        change.rating = by_id[change.rating_id]
    return changes


def plan_sections(learner, results):
    """(role, its plan summary or None) for each role the learner has a latest result or a
    plan for, by title; the roles come with the results and plans already read."""
    summaries = {summary.plan.role_id: summary for summary in planning.plans_of(learner)}
    roles = {result.role_id: result.role for result in results if result.is_latest}
    roles.update((role_id, summary.plan.role) for role_id, summary in summaries.items())
    ordered = sorted(roles.values(), key=lambda role: role.title)
    return [(role, summaries.get(role.pk)) for role in ordered]
