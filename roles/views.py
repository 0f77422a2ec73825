from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from .models import Course, CourseSkill, Figure, Responsibility, Role

FEATURED_ROLE = "mlops-engineer"


def home(request):
    role = Role.objects.published().filter(slug=FEATURED_ROLE).first()
    others = Role.objects.published().exclude(slug=FEATURED_ROLE)
    return render(request, "roles/home.html", {"role": role, "others": others})


def role_list(request):
    roles = Role.objects.published().with_requirements()
    return render(request, "roles/role_list.html", {"roles": roles})


def role_detail(request, slug):
    role = get_object_or_404(
        Role.objects.published()
        .with_requirements()
        .prefetch_related(
            "figures",
            "responsibilities",
            Prefetch("similar_roles", queryset=Role.objects.published()),
        ),
        slug=slug,
    )
    courses = (
        Course.objects.filter(teaches__skill__requirements__role=role)
        .distinct()
        .prefetch_related(Prefetch("teaches", queryset=CourseSkill.objects.select_related("skill")))
    )
    areas = [
        (label, [r for r in role.responsibilities.all() if r.area == value])
        for value, label in Responsibility.Area.choices
    ]
    figures = list(role.figures.all())
    context = {
        "role": role,
        "areas": [(label, items) for label, items in areas if items],
        "requirements": role.requirements.all(),
        "salaries": [f for f in figures if f.kind == Figure.Kind.SALARY],
        "outlook_figures": [f for f in figures if f.kind == Figure.Kind.OUTLOOK],
        "courses": courses,
    }
    return render(request, "roles/role_detail.html", context)
