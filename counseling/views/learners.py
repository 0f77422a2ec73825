"""A learner's page in the counselor workspace: a summary, results, the review tools, and
the report the learner sees."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessments import planning
from assessments.report import render_report
from careersite.jinja2 import render_fragment

from .. import learner_reads, meeting, triage
from ..access import assigned_learner, assigned_result, counselor_required
from ..forms import ActionItemForm, NoteForm, ValidatedLevelsForm


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
    results = learner_reads.results_with_reviews(learner.pk, request.user.pk)
    if assessment is None and results:
        assessment = results[0]
    validations = []
    if assessment is not None:
        forms.setdefault("validate_form", ValidatedLevelsForm(assessment=assessment))
        validations = learner_reads.level_history(forms["validate_form"].ratings)
    initial = {"result": assessment}
    forms.setdefault("note_form", NoteForm(learner=learner, initial=initial))
    forms.setdefault("action_form", ActionItemForm(learner=learner, initial=initial))
    lines = learner_reads.caseload_lines(request.user.pk, learner.pk)
    notes = learner_reads.notes_of(learner.pk)
    action_items = learner_reads.action_items_of(learner.pk)
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
    # one Jinja2 fragment: 8 ms of the page in Django's template language, 6.5 in Jinja2 (2 of
    # them crispy-forms drawing the two small forms).
    sections = render_fragment("counselor/learner_sections.html", context, request)
    return render(
        request,
        "counselor/learner_detail.html",
        {"learner": learner, "sections": sections},
        status=status,
    )


def plan_sections(learner, results):
    """(role, its plan summary or None) for each role the learner has a latest result or a
    plan for, by title; the roles come with the results and plans already read."""
    summaries = {summary.plan.role_id: summary for summary in planning.plans_of(learner)}
    roles = {result.role_id: result.role for result in results if result.is_latest}
    roles.update((role_id, summary.plan.role) for role_id, summary in summaries.items())
    ordered = sorted(roles.values(), key=lambda role: role.title)
    return [(role, summaries.get(role.pk)) for role in ordered]
