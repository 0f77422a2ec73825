"""HTML for one skill's rating fieldset, built in Python.

The assessment form has 20+ skills with six described levels each; rendering them through a
template (or a widget template per radio) cost more than the rest of the page together. Here
the markup is plain string building, and every value from the database or the request goes
through escape() before it is joined in.
"""

from html import escape

from django.utils.safestring import mark_safe

from roles.models import Skill


def render_fieldset(row):
    """The <fieldset> for a SkillRow: legend, requirement, six radios, evidence input."""
    requirement = row.requirement
    skill = requirement.skill
    name = row.level_name  # built from the skill id: safe as is
    error_id = f"{name}-error"
    invalid = ' aria-invalid="true"' if row.errors else ""
    parts = [
        f'<fieldset class="skill-group{" has-error" if row.errors else ""}" id="skill-{skill.pk}"'
        f"{f' aria-describedby="{error_id}"' if row.errors else ''}>",
        f"<legend>{escape(skill.name)}</legend>",
        f'<p class="small text-body-secondary mb-2">Required: {requirement.level} · '
        f"{escape(requirement.get_level_display())}, importance {requirement.importance} of 5."
        f"{' ' + escape(skill.description) if skill.description else ''}</p>",
    ]
    if row.errors:
        messages = " ".join(escape(str(error)) for error in row.errors)
        parts.append(
            f'<div class="invalid-feedback d-block fw-semibold" id="{error_id}">{messages}</div>'
        )
    for option in row.options:
        descriptor = (
            f' <span class="text-body-secondary">— {escape(option.descriptor)}</span>'
            if option.descriptor
            else ""
        )
        parts.append(
            f'<div class="level-option"><input type="radio" class="form-check-input" '
            f'name="{name}" id="{name}_{option.value}" value="{option.value}"'
            f"{' checked' if option.checked else ''}{invalid}>"
            f'<label for="{name}_{option.value}"><strong>{option.value} · '
            f"{escape(option.label)}</strong>{descriptor}</label></div>"
        )
    evidence = row.evidence_name
    parts.append(
        f'<label class="form-label mt-2" for="{evidence}">Evidence (optional)</label>'
        f'<input type="text" class="form-control" name="{evidence}" id="{evidence}" '
        f'value="{escape(str(row.evidence))}" maxlength="500" aria-describedby="{evidence}-hint">'
        f'<div class="form-text" id="{evidence}-hint">'
        "A project, course or link that shows this level.</div></fieldset>"
    )
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated value is escaped above


SECTIONS = ((Skill.Kind.TECHNICAL, "Technical skills"), (Skill.Kind.WORKPLACE, "Workplace skills"))


def render_sections(form):
    """Every skill's fieldset, technical skills first, each group under its heading."""
    parts = []
    for kind, heading in SECTIONS:
        if rows := form.rows(kind):
            parts.append(f'<h2 class="h3 mt-4">{heading}</h2>')
            parts.extend(render_fieldset(row) for row in rows)
    return mark_safe("".join(parts))  # noqa: S308 - headings are constants, fieldsets escaped
