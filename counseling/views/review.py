"""A counselor's follow-up on one learner: validated levels, notes and action items."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import notifications
from ..access import assigned_learner, assigned_result, counselor_required
from ..forms import ActionItemForm, NoteForm, ValidatedLevelsForm
from .learners import learner_page


@counselor_required
@require_POST
def validate(request, learner_id, pk):
    learner, assessment = assigned_result(request, learner_id, pk)
    form = ValidatedLevelsForm(request.POST, assessment=assessment)
    if not form.is_valid():
        messages.error(request, "Nothing was saved: please correct the levels marked below.")
        return learner_page(request, learner, assessment, validate_form=form, status=400)
    form.save()
    messages.success(request, "Your levels are saved; the learner now sees them.")
    return _back_to(learner, assessment, "review")


@counselor_required
@require_POST
def add_note(request, learner_id):
    learner = assigned_learner(request, learner_id)
    form = NoteForm(request.POST, learner=learner)
    if not form.is_valid():
        return _refused(request, learner, form, note_form=form)
    with transaction.atomic():  # the note and the email it queues: one commit
        note = form.save_for(request.user)
        notifications.feedback_posted(request, note)
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
