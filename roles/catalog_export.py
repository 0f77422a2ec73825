"""Write the catalog as it stands in the database, in the TOML format load_catalog reads."""

import tomli_w

from .models import Course, LearningResource, Role, Skill


def export_catalog():
    """The whole catalog as TOML text; load_catalog reads it back to the same rows."""
    data = {
        "skills": [
            _skill(skill) for skill in Skill.objects.prefetch_related("levels").order_by("pk")
        ],
        "roles": [_role(role) for role in _roles()],
        "courses": [_course(course) for course in _courses()],
        "resources": [
            _resource(resource)
            for resource in LearningResource.objects.select_related("skill").order_by("pk")
        ],
    }
    return tomli_w.dumps(data, multiline_strings=False, indent=2)


def _roles():
    return Role.objects.order_by("pk").prefetch_related(
        "similar_roles", "responsibilities", "figures", "requirements__skill"
    )


def _courses():
    return Course.objects.order_by("pk").prefetch_related("teaches__skill")


def _skill(skill):
    levels = sorted(skill.levels.all(), key=lambda descriptor: descriptor.level)
    return {
        "slug": skill.slug,
        "name": skill.name,
        "kind": skill.kind,
        **_unless_empty(description=skill.description),
        "levels": [descriptor.description for descriptor in levels],
    }


def _role(role):
    entry = {
        "slug": role.slug,
        "title": role.title,
        "summary": role.summary,
        **_unless_empty(
            education=role.education,
            outlook=role.outlook,
            industries=list(role.industries),
            similar=sorted(other.slug for other in role.similar_roles.all()),
        ),
        "published": role.is_published,
        **_unless_empty(source_url=role.source_url),
    }
    # Lists without a natural key are written in their on-page order, which load_catalog keeps.
    responsibilities = sorted(role.responsibilities.all(), key=lambda r: (r.position, r.pk))
    entry["responsibilities"] = [{"area": r.area, "text": r.text} for r in responsibilities]
    requirements = sorted(role.requirements.all(), key=lambda r: r.pk)
    entry["requirements"] = [
        {"skill": r.skill.slug, "level": r.level, "importance": r.importance} for r in requirements
    ]
    figures = sorted(role.figures.all(), key=lambda f: (f.position, f.pk))
    entry["figures"] = [_figure(figure, role) for figure in figures]
    return {key: value for key, value in entry.items() if value != []}


def _figure(figure, role):
    return {
        "kind": figure.kind,
        "label": figure.label,
        "value": figure.value,
        **_unless_empty(amount=_number(figure.amount)),
        "source": figure.source,
        **_unless_empty(accessed=figure.accessed),
        # Only a link of its own: the loader gives a figure without one its role's article.
        **_unless_empty(
            source_url="" if figure.source_url == role.source_url else figure.source_url
        ),
        **_unless_empty(note=figure.note),
    }


def _course(course):
    teaches = sorted(course.teaches.all(), key=lambda outcome: outcome.pk)
    return {
        "slug": course.slug,
        "title": course.title,
        **_unless_empty(
            provider=course.provider,
            url=course.url,
            hours=course.hours,
            cost=course.cost,
            description=course.description,
            skills={outcome.skill.slug: outcome.level for outcome in teaches},
        ),
    }


def _resource(resource):
    return {
        "slug": resource.slug,
        "skill": resource.skill.slug,
        "title": resource.title,
        "kind": resource.kind,
        "url": resource.url,
        **_unless_empty(provider=resource.provider, description=resource.description),
    }


def _unless_empty(**values):
    """The values worth writing: the loader reads a missing key as empty."""
    return {key: value for key, value in values.items() if value not in (None, "", [], {})}


def _number(amount):
    """A Decimal as TOML can hold it: a whole number where it is one."""
    if amount is None:
        return None
    return int(amount) if amount == amount.to_integral_value() else float(amount)
