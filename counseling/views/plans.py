"""A counselor adds an item to a learner's plan; it shows as added by them."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from assessments import planning
from assessments.models import Plan
from assessments.views.plans import plan_role

from ..access import assigned_learner, counselor_required
from ..forms import plan_forms


@counselor_required
@require_http_methods(["GET", "POST"])
def add_item(request, learner_id, slug):
    """A course or a task of the counselor's own, added to the learner's plan for a role."""
    learner = assigned_learner(request, learner_id)
    role = plan_role(learner, slug)
    plan = Plan.objects.filter(learner=learner, role=role).first()
    forms = plan_forms(role, plan)
    if request.method == "GET":
        return _page(request, learner, role, plan, forms)
    kind = "course" if f"{slug}-course-course" in request.POST else "own"
    form = forms[kind] = plan_forms(role, plan, request.POST)[kind]
    if not form.is_valid():
        messages.error(request, "Nothing was added: please correct the form marked below.")
        return _page(request, learner, role, plan, forms, status=400)
    data = form.cleaned_data
    with transaction.atomic():
        plan, _ = Plan.objects.get_or_create(learner=learner, role=role)
        if kind == "course":
            item = planning.add_course(plan, data["course"], request.user)
        else:
            item = planning.add_own(
                plan, data["title"], data["skills"], request.user, data["target_date"]
            )
    messages.success(request, f"Added “{item.title}” to the learner's {role.title} plan.")
    return redirect(reverse("counselor:learner", args=[learner.pk]) + "#plans")


def _page(request, learner, role, plan, forms, status=200):
    context = {"learner": learner, "role": role, "plan": plan, **forms}
    return render(request, "counselor/plan_add.html", context, status=status)
