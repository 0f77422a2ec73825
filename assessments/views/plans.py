"""A learner's plan for a role: adopt the suggested path, add and track items, re-rate."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from roles.models import LearningResource, Role

from .. import planning
from ..models import Plan, PlanItem
from ..plan_forms import AddCourseForm, ItemForm, OwnItemForm

security_log = logging.getLogger("careersite.security")


def free_resources(role, items):
    """Resources for the role's skills that no item of the plan covers yet."""
    covered = {skill.pk for item in items for skill in item.skills.all()}
    chosen = {item.resource_id for item in items}
    return (
        LearningResource.objects.filter(skill__requirements__role=role)
        .exclude(skill__in=covered)
        .exclude(pk__in=chosen)
        .select_related("skill")
        .order_by("skill__name", "title")
    )


def plan_role(learner, slug):
    """The role of a plan page: a published one, or one the learner already has a plan for
    (staff may unpublish a role someone is working towards); otherwise 404."""
    roles = Role.objects.filter(Q(is_published=True) | Q(plans__learner=learner))
    return get_object_or_404(roles.distinct(), slug=slug)


@login_required
@require_GET
def plan(request, slug):
    return _page(request, plan_role(request.user, slug))


def _page(request, role, *, status=200, **forms):
    plan = Plan.objects.filter(learner=request.user, role=role).first()
    result = planning.latest_result(request.user, role)
    items = planning.items_with_details(plan.items.all()) if plan else []
    context = {
        "role": role,
        "plan": plan,
        "result": result,
        "entries": [
            (item, forms.pop(f"item{item.pk}", None) or ItemForm(instance=item)) for item in items
        ],
        "progress": planning.progress(items),
        "suggestions": planning.suggestions(plan, result) if plan else [],
        "resources": free_resources(role, items) if plan else [],
        **forms,
    }
    context.setdefault("course_form", AddCourseForm(role=role, plan=plan))
    context.setdefault("own_form", OwnItemForm(role=role))
    return render(request, "assessments/plan.html", context, status=status)


def _own_plan(request, slug):
    """(role, the learner's plan for it or None): a plan is made only once there is an item
    to put in it."""
    role = plan_role(request.user, slug)
    return role, Plan.objects.filter(learner=request.user, role=role).first()


def _made(request, role, plan):
    return plan or Plan.objects.get_or_create(learner=request.user, role=role)[0]


def _own_item(request, pk):
    item = (
        PlanItem.objects.filter(pk=pk, plan__learner=request.user)
        .select_related("plan__role")
        .first()
    )
    if item is None:
        security_log.warning("access denied: user %s to plan item %s", request.user.pk, pk)
        raise Http404("No such item in your plans.")
    return item


def _back(role, anchor=""):
    return redirect(
        reverse("assessments:plan", args=[role.slug]) + (f"#{anchor}" if anchor else "")
    )


@login_required
@require_POST
def adopt(request, slug):
    role = plan_role(request.user, slug)
    result = planning.latest_result(request.user, role)
    if result is None:
        messages.error(request, f"Submit a {role.title} assessment first: the path comes from it.")
        return _back(role)
    _, added = planning.adopt(request.user, role, result)
    if added:
        messages.success(request, f"Added {added} course{'s' if added != 1 else ''} to your plan.")
    else:
        messages.info(request, "Every course of the suggested path is on your plan already.")
    return _back(role)


@login_required
@require_POST
def add_course(request, slug):
    role, plan = _own_plan(request, slug)
    form = AddCourseForm(request.POST, role=role, plan=plan)
    if not form.is_valid():
        messages.error(request, "Nothing was added: please choose a course from the list.")
        return _page(request, role, status=400, course_form=form)
    with transaction.atomic():
        item = planning.add_course(
            _made(request, role, plan), form.cleaned_data["course"], request.user
        )
    messages.success(request, f"Added “{item.title}” to your plan.")
    return _back(role, f"item-{item.pk}")


@login_required
@require_POST
def add_own(request, slug):
    role, plan = _own_plan(request, slug)
    form = OwnItemForm(request.POST, role=role)
    if not form.is_valid():
        messages.error(request, "Nothing was added: please correct the form marked below.")
        return _page(request, role, status=400, own_form=form)
    data = form.cleaned_data
    with transaction.atomic():
        item = planning.add_own(
            _made(request, role, plan),
            data["title"],
            data["skills"],
            request.user,
            data["target_date"],
        )
    messages.success(request, f"Added “{item.title}” to your plan.")
    return _back(role, f"item-{item.pk}")


@login_required
@require_POST
def add_resource(request, slug, pk):
    role, plan = _own_plan(request, slug)
    resource = LearningResource.objects.filter(pk=pk, skill__requirements__role=role).first()
    if resource is None:
        raise Http404("No such resource for this role.")
    if plan and plan.items.filter(resource=resource).exists():
        messages.info(request, f"“{resource.title}” is on your plan already.")
        return _back(role)
    with transaction.atomic():
        item = planning.add_resource(_made(request, role, plan), resource, request.user)
    messages.success(request, f"Added “{item.title}” to your plan.")
    return _back(role, f"item-{item.pk}")


@login_required
@require_POST
def update_item(request, pk):
    item = _own_item(request, pk)
    role = item.plan.role
    form = ItemForm(request.POST, instance=PlanItem.objects.get(pk=item.pk))
    if not form.is_valid():
        messages.error(request, f"“{item.title}” was not changed: please correct it below.")
        return _page(request, role, status=400, **{f"item{item.pk}": form})
    was = item.status
    data = form.cleaned_data
    item = planning.update(
        item, request.user, status=data["status"], target_date=data["target_date"]
    )
    if item.status == PlanItem.Status.DONE and was != item.status and item.skills.exists():
        messages.success(
            request,
            f"Well done: “{item.title}” is done. Rate the skills it taught again to see "
            "what changed; they are highlighted below.",
        )
        return redirect(reverse("assessments:start", args=[role.slug]) + f"?after={item.pk}")
    messages.success(request, f"“{item.title}” saved.")
    return _back(role, f"item-{item.pk}")


@login_required
@require_POST
def remove_item(request, pk):
    item = _own_item(request, pk)
    role = item.plan.role
    planning.remove(item)
    messages.success(request, f"Removed “{item.title}” from your plan.")
    return _back(role)
