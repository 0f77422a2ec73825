from dataclasses import dataclass
from typing import NamedTuple

from django import forms

from roles.models import Level, Skill, SkillLevel

LEVEL_ERROR = "Choose a level from 0 (None) to 5 (Expert)."
MISSING_ERROR = "Rate this skill before submitting."
SECTIONS = ((Skill.Kind.TECHNICAL, "Technical skills"), (Skill.Kind.WORKPLACE, "Workplace skills"))


class LevelOption(NamedTuple):
    """One radio of a skill's fieldset (a tuple: the template unpacks 120 of them a form)."""

    id: str  # "level_4_3"
    value: int
    text: str  # "3 · Intermediate"
    descriptor: str
    checked: bool


@dataclass
class SkillRow:
    """What skill_sections.html (a Jinja2 template) needs to draw one skill's fieldset, with
    no widget per radio."""

    requirement: object
    level_name: str
    options: list
    evidence: forms.BoundField
    errors: list
    first_error: bool = False  # the skill the page moves focus to

    @property
    def rated(self):
        return any(option.checked for option in self.options)

    @property
    def described(self):
        """Whether any level has a descriptor to show."""
        return any(option.descriptor for option in self.options)


class RatingsForm(forms.Form):
    """A level (0-5) and optional evidence for each skill a role requires.

    Saving a draft accepts unrated skills; submitting requires every one. Showing its
    sections needs the requirements' `descriptors` (attach_descriptors below).
    """

    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, requirements, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.requirements = list(requirements)
        self.submitting = submitting
        for requirement in self.requirements:
            name = requirement.skill.name
            self.fields[level_field(requirement)] = forms.TypedChoiceField(
                choices=Level.choices,
                coerce=int,
                empty_value=None,
                required=False,
                label=name,
                error_messages={"invalid_choice": LEVEL_ERROR},
            )
            self.fields[evidence_field(requirement)] = forms.CharField(
                max_length=500,
                required=False,
                label="Evidence (optional)",
                help_text="A project, course or link that shows this level.",
            )

    def clean(self):
        cleaned = super().clean()
        if self.submitting:
            for requirement in self.requirements:
                field = level_field(requirement)
                if cleaned.get(field) is None and field not in self.errors:
                    self.add_error(field, MISSING_ERROR)
        return cleaned

    def levels(self):
        """Map skill id to the chosen level (None where unrated)."""
        return {r.skill_id: self.cleaned_data[level_field(r)] for r in self.requirements}

    def evidence(self):
        return {r.skill_id: self.cleaned_data[evidence_field(r)].strip() for r in self.requirements}

    def sections(self):
        """(heading, rows) for each kind of skill the role requires, technical skills first."""
        sections = [(heading, rows) for kind, heading in SECTIONS if (rows := self.rows(kind))]
        with_errors = [row for _, rows in sections for row in rows if row.errors]
        if with_errors:
            with_errors[0].first_error = True
        return sections

    def rows(self, kind):
        """One SkillRow per requirement of a skill of this kind."""
        rows = []
        for requirement in self.requirements:
            if requirement.skill.kind != kind:
                continue
            level_name, evidence_name = level_field(requirement), evidence_field(requirement)
            chosen = str(self[level_name].value())
            descriptors = requirement.descriptors  # from attach_descriptors()
            options = [
                LevelOption(
                    f"{level_name}_{value}",
                    value,
                    f"{value} · {label}",
                    descriptors.get(value, ""),
                    str(value) == chosen,
                )
                for value, label in Level.choices
            ]
            rows.append(
                SkillRow(
                    requirement=requirement,
                    level_name=level_name,
                    options=options,
                    evidence=self[evidence_name],
                    errors=self.errors.get(level_name, []) + self.errors.get(evidence_name, []),
                )
            )
        return rows


def attach_descriptors(requirements):
    """Give each requirement `descriptors`, {level: what that level means for its skill}: what
    the form shows beside the levels. One query of plain values: the 120 of a role as model
    rows, through a prefetch, cost an uncached form about a millisecond more."""
    found = {}
    for skill_id, level, text in SkillLevel.objects.filter(
        skill_id__in=[r.skill_id for r in requirements]
    ).values_list("skill_id", "level", "description"):
        found.setdefault(skill_id, {})[level] = text
    for requirement in requirements:
        requirement.descriptors = found.get(requirement.skill_id, {})


def progress(sections):
    """(rated, total) skills of the form's sections."""
    rows = [row for _, section in sections for row in section]
    return sum(row.rated for row in rows), len(rows)


def level_field(requirement):
    return f"level_{requirement.skill_id}"


def evidence_field(requirement):
    return f"evidence_{requirement.skill_id}"


def initial_from(assessment):
    """Form initial data from an assessment's saved ratings (a draft, or the previous result on
    a retake), read as plain values in no particular order."""
    initial = {}
    ratings = assessment.ratings.order_by().values_list("skill_id", "level", "evidence")
    for skill_id, level, evidence in ratings:
        initial[f"level_{skill_id}"] = level
        initial[f"evidence_{skill_id}"] = evidence
    return initial
