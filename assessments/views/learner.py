"""The learner's own pages: the list, taking an assessment, and the dashboard."""

import logging
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from careersite.cache import get_or_build
from roles.catalog_version import VERSION_KEY as CATALOG_VERSION_KEY
from roles.catalog_version import catalog_version
from roles.models import Requirement, Role

from ..forms import RatingsForm, attach_descriptors, initial_from, progress
from ..models import Assessment, PlanItem
from ..planning import progress as progress_of
from ..report import render_report
from ..signals import result_submitted
from ..submission import AlreadySubmitted, save_draft, submit_assessment

security_log = logging.getLogger("careersite.security")


def own_assessment(request, pk, *, with_role=True):
    """The learner's own assessment, or 404: nobody reaches another learner's by id."""
    if with_role:
        mine = Assessment.objects.owned_by(request.user).select_related("role")
        found = mine.filter(pk=pk).first()
    else:
        found = Assessment.objects.one_owned_by(request.user, pk)
    if found is not None:
        return found
    security_log.warning("access denied: user %s to assessment %s", request.user.pk, pk)
    raise Http404("No such assessment.")


# Per process, keyed by the catalog stamp that every worker reads from the shared cache: an
# edit in admin changes the stamp, so no worker shows requirements older than the catalog.
_form_requirements = {}
# The time limit only returns the space of sections no longer asked for: a catalog change
# (a new stamp) or a new result (a new key) is seen at once.
FORM_SECTIONS_TTL = 60 * 60


def form_requirements(role):
    """role_requirements() for showing the form, kept while the catalog is unchanged."""
    key = (role.pk, catalog_version())
    found = _form_requirements.get(key)
    if found is None:
        if len(_form_requirements) > 100:
            _form_requirements.clear()
        found = _form_requirements[key] = role_requirements(role)
    return found


def role_requirements(role, *, descriptors=True):
    """The role's requirements in form order, with each skill's level descriptors to show
    (a form being posted needs them only to be shown again with its errors)."""
    requirements = list(
        Requirement.objects.filter(role=role)
        .select_related("skill")
        .order_by("skill__kind", "-importance", "skill__name")
    )
    if descriptors:
        attach_descriptors(requirements)
    return requirements


@login_required
@require_http_methods(["GET", "HEAD"])
def assessment_list(request):
    """One card per career the learner has assessed, and the careers they can start."""
    context = {
        "careers": one_per_career(request.user),
        "roles": Role.objects.published(),
        "plans": plan_progress(request.user),
    }
    return render(request, "assessments/assessment_list.html", context)


def plan_progress(learner):
    """(role, Progress) per plan of the learner that has items, by role title: one query."""
    items = PlanItem.objects.filter(plan__learner=learner).select_related("plan__role")
    per_role = {}
    for item in items.order_by("plan__role__title", "position", "id"):
        per_role.setdefault(item.plan.role, []).append(item)
    return [(role, progress_of(mine)) for role, mine in per_role.items()]


def one_per_career(learner):
    """The learner's latest result for each role (with `draft_id`, a retake in progress), or
    the draft of a role without a result; most recently changed first. One query, whatever
    the number of roles or results; the template adds the counselors' follow-up to it."""
    mine = Assessment.objects.owned_by(learner)
    has_result = Exists(mine.filter(is_latest=True, role_id=OuterRef("role_id")))
    draft = mine.drafts().filter(role_id=OuterRef("role_id")).values("pk")
    return (
        mine.filter(Q(is_latest=True) | Q(status=Assessment.Status.DRAFT) & ~has_result)
        .annotate(draft_id=Subquery(draft))
        .order_by("-updated_at", "-id")
    )


@login_required
@require_http_methods(["GET", "POST"])
def start(request, slug):
    """Start (or resume) an assessment for a role; nothing is stored until the learner saves."""
    role = get_object_or_404(Role.objects.published(), slug=slug)
    mine = Assessment.objects.owned_by(request.user).filter(role=role)
    if request.method == "POST":
        # Submitting snapshots the requirements, so a POST always reads them from the database.
        requirements = role_requirements(role, descriptors=False)
        if not requirements:
            return _no_skills(request, role)
        token = _posted_token(request)
        # The token looked up among every assessment: looking in `mine` first and then for a
        # clash let a twin request that committed in between slip through as a second result.
        # The learner's draft of the role comes in the same query.
        drafting = Q(learner=request.user, role=role, status=Assessment.Status.DRAFT)
        found = list(Assessment.objects.filter(Q(token=token) | drafting if token else drafting))
        holder = next((a for a in found if token and a.token == token), None)
        draft = next(
            (
                a
                for a in found
                if a.is_draft and a.learner_id == request.user.pk and a.role_id == role.pk
            ),
            None,
        )
        is_mine = holder is not None and holder.learner_id == request.user.pk
        existing = holder if is_mine and holder.role_id == role.pk else None
        if existing and not existing.is_draft:
            messages.info(request, "This assessment was already submitted; here is your result.")
            return redirect(existing)
        # A second tab's form lands on the draft the first one saved, rather than being lost.
        assessment = existing or draft
        if assessment is None:
            if token is None or holder is not None:
                token = uuid.uuid4()  # missing, or already another assessment's
            assessment = Assessment(
                learner=request.user, role=role, role_title=role.title, token=token
            )
        return _save(request, assessment, requirements)
    # The draft to resume and the last result to prefill from, in one query.
    current = list(mine.filter(Q(status=Assessment.Status.DRAFT) | Q(is_latest=True)))
    draft = next((a for a in current if a.is_draft), None)
    if draft:
        return redirect(draft)
    latest = next(iter(current), None)
    rerating = _rerating(request, role)
    highlight = frozenset(skill.pk for skill in rerating.skills.all()) if rerating else frozenset()
    skills_html = new_form_sections(role, latest, highlight)
    if not skills_html:
        return _no_skills(request, role)
    # The skills come ready-made; the form itself only carries this filled-in form's token.
    form = RatingsForm(initial={"token": uuid.uuid4()}, requirements=())
    return _render_form(
        request, form, role, None, retake=latest, skills_html=skills_html, rerating=rerating
    )


def _rerating(request, role):
    """The learner's plan item named by ?after=<id> (just marked done), if it is theirs and
    for this role: the form then highlights the skills it taught."""
    try:
        pk = int(request.GET.get("after", ""))
    except ValueError:
        return None
    items = PlanItem.objects.filter(pk=pk, plan__learner=request.user, plan__role=role)
    return items.prefetch_related("skills").first()


def _no_skills(request, role):
    messages.info(request, f"The {role.title} role has no skills to rate yet.")
    return redirect(role)


def new_form_sections(role, latest, highlight=frozenset()):
    """The skill fieldsets of a new assessment form, prefilled from `latest` (a result) if any,
    with the skills in `highlight` (ids) marked for re-rating.

    Made only of the catalog and a result, which never changes, so they are cached per role,
    result and catalog stamp (careersite/cache.py); a re-rating's few are rendered each time.
    """

    def render():
        initial = initial_from(latest) if latest else {}
        form = RatingsForm(initial=initial, requirements=form_requirements(role))
        sections = form.sections()
        if not sections:
            return ""
        return render_skill_sections(sections, highlight)

    if highlight:
        return mark_safe(render())  # noqa: S308 - rendered by our own autoescaping template

    key = f"form-sections:{role.pk}:{latest.pk if latest else 'blank'}"
    html = get_or_build(key, render, FORM_SECTIONS_TTL, stamps=[CATALOG_VERSION_KEY])
    return mark_safe(html)  # noqa: S308 - rendered by our own autoescaping template


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    assessment = own_assessment(request, pk)
    if not assessment.is_draft:
        return redirect(assessment)
    post = request.method == "POST"
    role = assessment.role
    requirements = role_requirements(role, descriptors=False) if post else form_requirements(role)
    if not requirements:
        return _no_skills(request, assessment.role)  # nothing to rate, nor to submit
    if post:
        return _save(request, assessment, requirements)
    form = RatingsForm(initial=initial_from(assessment), requirements=requirements)
    return _render_form(request, form, assessment.role, assessment)


def _posted_token(request):
    try:
        return uuid.UUID(request.POST.get("token", ""))
    except ValueError:
        return None


def _save(request, assessment, requirements):
    submitting = "submit" in request.POST
    form = RatingsForm(request.POST, requirements=requirements, submitting=submitting)
    if not form.is_valid():  # the form's summary says what needs attention
        attach_descriptors(requirements)
        return _render_form(
            request, form, assessment.role, assessment if assessment.pk else None, status=400
        )
    action = submit_assessment if submitting else save_draft
    try:
        # The result and the counselors' emails it queues commit together, or neither does.
        with transaction.atomic():
            assessment = action(
                assessment=assessment,
                requirements=requirements,
                levels=form.levels(),
                evidence=form.evidence(),
            )
            if submitting:
                result_submitted.send(Assessment, request=request, assessment=assessment)
    except AlreadySubmitted as error:
        messages.info(request, "This assessment was already submitted; here is your result.")
        return redirect(error.assessment)
    except IntegrityError:
        # A twin request created this learner's draft or result first: show that one.
        mine = Assessment.objects.owned_by(request.user)
        winner = (
            mine.filter(token=assessment.token).first()
            or mine.drafts().filter(role=assessment.role).first()
        )
        if winner is None:
            raise
        return redirect(winner)
    if submitting:
        messages.success(request, "Assessment submitted. Here is your report.")
    else:
        messages.success(request, "Draft saved. You can come back to it at any time.")
    return redirect(assessment)


def render_skill_sections(sections, highlight=frozenset()):
    """The form's skill fieldsets, from a Jinja2 template (careersite/jinja2.py), as a plain
    string for the cache; whoever shows it marks it safe."""
    context = {"sections": sections, "progress": progress(sections), "highlight": highlight}
    return render_to_string("assessments/skill_sections.html", context, using="jinja2").strip()


def _render_form(
    request, form, role, assessment, retake=None, status=200, skills_html=None, rerating=None
):
    context = {
        "form": form,
        "role": role,
        "assessment": assessment,
        "retake": retake,
        "rerating": rerating,
        "skills_html": skills_html,
    }
    if skills_html is None:  # a draft, or a form with errors: drawn from the form itself
        sections = form.sections()
        context.update(
            # rendered just now by our own autoescaping template
            skills_html=mark_safe(render_skill_sections(sections)),  # noqa: S308
            needing_attention=[row for _, rows in sections for row in rows if row.errors],
        )
    return render(request, "assessments/assessment_form.html", context, status=status)


@login_required
def dashboard(request, pk):
    # The role is read only to render a report missing from the cache.
    assessment = own_assessment(request, pk, with_role=False)
    if assessment.is_draft:
        return redirect(assessment)
    summary_html, report_html = render_report(assessment, "learner", parted=True)
    context = {"assessment": assessment, "summary_html": summary_html, "report_html": report_html}
    return render(request, "assessments/dashboard.html", context)
