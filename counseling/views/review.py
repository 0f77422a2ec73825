"""A counselor's follow-up on one learner: validated levels, notes and action items."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from assessments.models import Assessment

from .. import notifications
from ..access import assigned_learner, assigned_result, counselor_required
from ..forms import ActionItemForm, NoteEditForm, NoteForm, ValidatedLevelsForm
from ..models import Note, ResultReview
from .learners import learner_page


@counselor_required
@require_POST
def validate(request, learner_id, pk):
    learner, assessment = assigned_result(request, learner_id, pk)
    form = ValidatedLevelsForm(request.POST, assessment=assessment)
    if not form.is_valid():
        messages.error(request, "Nothing was saved: please correct the levels marked below.")
        return learner_page(request, learner, assessment, validate_form=form, status=400)
    with transaction.atomic():
        form.save(counselor=request.user)
        ResultReview.objects.mark(request.user, [assessment], ResultReview.How.VALIDATED)
    messages.success(request, "Your levels are saved; the learner now sees them.")
    return _back_to(learner, assessment, "review")


@counselor_required
@require_POST
def mark_reviewed(request, learner_id, pk):
    """Take a result off the counselor's "Needs attention" list without changing anything."""
    learner, assessment = assigned_result(request, learner_id, pk)
    ResultReview.objects.mark(request.user, [assessment], ResultReview.How.MARKED)
    messages.success(request, "Marked reviewed: it no longer counts as a new result for you.")
    return _back_to(learner, assessment, "results")


@counselor_required
@require_POST
def add_note(request, learner_id):
    learner = assigned_learner(request, learner_id)
    form = NoteForm(request.POST, learner=learner)
    if not form.is_valid():
        return _refused(request, learner, form, note_form=form)
    with transaction.atomic():  # the note, the email it queues and the review: one commit
        note = form.save_for(request.user)
        notifications.feedback_posted(request, note)
        if note.kind == note.Kind.FEEDBACK:
            ResultReview.objects.mark(request.user, _reviewed_by(note), ResultReview.How.FEEDBACK)
    if note.kind == note.Kind.FEEDBACK:
        messages.success(request, "Feedback sent: the learner sees it on their dashboard.")
    else:
        messages.success(request, "Private note saved: only counselors can read it.")
    return _back_to(learner, note.assessment, "notes")


@counselor_required
@require_POST
def add_action_item(request, learner_id):
    learner = assigned_learner(request, learner_id)
    form = ActionItemForm(request.POST, learner=learner)
    if not form.is_valid():
        return _refused(request, learner, form, action_form=form)
    with transaction.atomic():  # the item and the email it queues: one commit
        item = form.save_for(request.user)
        notifications.action_item_posted(request, item)
    messages.success(request, "Action item added: the learner can tick it off when done.")
    return _back_to(learner, item.assessment, "actions")


@counselor_required
@require_http_methods(["GET", "POST"])
def edit_note(request, learner_id, pk):
    learner, note = _own_note(request, learner_id, pk)
    form = NoteEditForm(request.POST or None, instance=note)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Note updated." + _seen_by(note))
        return _back_to(learner, note.assessment, f"note-{note.pk}")
    context = {"learner": learner, "note": note, "form": form}
    status = 400 if form.errors else 200
    return render(request, "counselor/note_edit.html", context, status=status)


@counselor_required
@require_POST
def delete_note(request, learner_id, pk):
    learner, note = _own_note(request, learner_id, pk)
    note.delete()
    messages.success(request, "Note deleted." + _seen_by(note, deleted=True))
    return _back_to(learner, note.assessment, "notes")


def _reviewed_by(note):
    """The results feedback reviews: the one it was written on, else every latest result of
    the learner (feedback on the learner as a whole)."""
    if note.assessment is not None:
        return [note.assessment]
    return Assessment.objects.filter(learner=note.learner, is_latest=True)


def _own_note(request, learner_id, pk):
    """The learner (on the caseload) and the note about them, if the counselor wrote it;
    otherwise 404: nobody edits or deletes another counselor's words."""
    learner = assigned_learner(request, learner_id)
    note = Note.objects.filter(pk=pk, learner=learner, author=request.user).first()
    if note is None:
        raise Http404("No such note of yours.")
    return learner, note


def _seen_by(note, deleted=False):
    if note.kind != Note.Kind.FEEDBACK:
        return ""
    return " The learner no longer sees it." if deleted else " The learner sees the new words."


def _refused(request, learner, form, **forms):
    messages.error(request, "Nothing was saved: please correct the form marked below.")
    assessment = form.cleaned_data.get("result")
    return learner_page(request, learner, assessment, status=400, **forms)


def _back_to(learner, assessment, anchor):
    if assessment is None:
        url = reverse("counselor:learner", args=[learner.pk])
    else:
        url = reverse("counselor:result", args=[learner.pk, assessment.pk])
    return redirect(f"{url}#{anchor}")
