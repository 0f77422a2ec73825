"""Forms of the counselor workspace: caseload filters, cohort role, reviews, notes, actions,
invitation rosters."""

from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.db import transaction
from django.utils import timezone

from assessments import result_reads
from assessments.forms import LEVEL_ERROR
from assessments.models import Assessment, Rating
from assessments.plan_forms import AddCourseForm, OwnItemForm
from assessments.report import validated_readiness_percent
from careersite.forms import FlatSelect, IdChoiceField
from roles.models import Level, Skill

from . import roster, triage
from .caseload import BAND_CHOICES, SORT_CHOICES, role_choices
from .cohort import busiest_role
from .models import ActionItem, LevelValidation, Note


class CaseloadFilterForm(forms.Form):
    """Search, filter and sort of the caseload table; an invalid value is simply ignored."""

    q = forms.CharField(max_length=100, required=False, label="Name or email")
    role = forms.ModelChoiceField(
        queryset=None,
        to_field_name="slug",
        required=False,
        empty_label="All roles",
        widget=FlatSelect,
    )
    band = forms.ChoiceField(
        choices=[("", "All bands"), *BAND_CHOICES],
        required=False,
        label="Readiness band",
        widget=FlatSelect,
    )
    below = forms.ModelChoiceField(  # set by the cohort page's links, not shown as a control
        queryset=Skill.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Any skill",
        label="Below the required level in",
    )
    attention = forms.ChoiceField(
        choices=[("", "Anyone"), *triage.REASON_CHOICES],
        required=False,
        label="Needs attention",
        widget=FlatSelect,
    )
    sort = forms.ChoiceField(
        choices=SORT_CHOICES, required=False, label="Sort by", widget=FlatSelect
    )

    def __init__(self, *args, counselor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = role_choices()

    def filters(self):
        """The valid values as keyword arguments for caseload_rows()."""
        self.is_valid()  # fills cleaned_data with the fields that are valid
        data = self.cleaned_data
        return {
            "q": data.get("q", "").strip(),
            "role": data.get("role"),
            "band": data.get("band", ""),
            "below": data.get("below"),
            "attention": data.get("attention", ""),
            "sort": data.get("sort") or "name",
        }


class CohortForm(forms.Form):
    role = forms.ModelChoiceField(
        queryset=None, to_field_name="slug", empty_label=None, label="Role", widget=FlatSelect
    )

    def __init__(self, *args, counselor, **kwargs):
        super().__init__(*args, **kwargs)
        self.counselor = counselor
        self.fields["role"].queryset = role_choices()

    def chosen_role(self):
        """The role asked for if valid, else the caseload's most common role, else None."""
        if self.is_bound:
            self.is_valid()  # other fields' errors do not hide a valid role
            if self.cleaned_data.get("role"):
                return self.cleaned_data["role"]
        role = busiest_role(self.counselor)
        self.initial["role"] = role  # so the select shows the role on display
        return role


class ThenAndNowForm(CohortForm):
    """A role and two dates to compare the cohort between (default: 90 days ago and today)."""

    then = forms.DateField(
        required=False,
        label="Then",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    now = forms.DateField(
        required=False,
        label="Now",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    DEFAULT_SPAN = 90  # days

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["then"].initial = today - timedelta(days=self.DEFAULT_SPAN)
        self.fields["now"].initial = today

    def clean(self):
        cleaned = super().clean()
        for name in ("then", "now"):  # left empty: the default
            if name not in self.errors and not cleaned.get(name):
                cleaned[name] = self.fields[name].initial
        then, now = cleaned.get("then"), cleaned.get("now")
        if then and now:
            if now > timezone.localdate():
                self.add_error("now", "Pick a date that is not in the future.")
            elif then >= now:
                self.add_error("then", "Pick a date before the second one.")
        return cleaned

    def dates(self):
        """(then, now): the valid dates asked for, else the defaults."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["then"], self.cleaned_data["now"]
        return self.fields["then"].initial, self.fields["now"].initial


class ResultField(IdChoiceField):
    """Which of the learner's results a note or action item was written against (optional)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages", {"invalid_choice": "That result is not one of this learner's."}
        )
        super().__init__(queryset=Assessment.objects.none(), required=False, **kwargs)


class LearnerFollowUpForm(forms.ModelForm):
    """Base of notes and action items: bound to one learner, optionally to one result."""

    result = ResultField()
    id_format = "id_%s"  # each form on the learner's page its own, so no two fields share an id

    def __init__(self, *args, learner, **kwargs):
        kwargs.setdefault("auto_id", self.id_format)
        super().__init__(*args, **kwargs)
        self.learner = learner
        self.fields["result"].queryset = Assessment.objects.submitted().filter(learner=learner)

    def save_for(self, author):
        """Store the row for this form's learner, written by author."""
        item = self.save(commit=False)
        item.learner = self.learner
        item.author = author
        item.assessment = self.cleaned_data["result"]
        item.save()
        return item


class NoteForm(LearnerFollowUpForm):
    id_format = "note_%s"

    class Meta:
        model = Note
        fields = ["kind", "body"]
        labels = {"kind": "Who can read it", "body": "Note"}
        widgets = {
            "kind": forms.RadioSelect,
            "body": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"body": "Plain text, up to 5,000 characters."}


class ActionItemForm(LearnerFollowUpForm):
    id_format = "action_%s"

    class Meta:
        model = ActionItem
        fields = ["text", "due"]
        labels = {"text": "Action item", "due": "Due date (optional)"}
        widgets = {"due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def save_for(self, author):
        """Add the action item for this form's learner, written by author."""
        return ActionItem.objects.add(
            learner=self.learner,
            author=author,
            assessment=self.cleaned_data["result"],
            **{name: self.cleaned_data[name] for name in self.Meta.fields},
        )


# The scale in numbers and words, as the learner's form and report write it: "4 · Advanced".
LEVELS_IN_WORDS = [(value, f"{value} · {name}") for value, name in Level.choices]


@dataclass(frozen=True)
class LevelRow:
    """One skill's line of the validated levels form, as plain values for its template."""

    rating: Rating
    name: str  # the <select>'s name
    id: str
    label: str
    errors: list
    options: list  # (value, label, selected)


class ValidatedLevelsForm(forms.Form):
    """The counselor's own level per skill of one result; blank leaves a skill unreviewed."""

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        # In the role's order, by the report's own written-out read.
        self.ratings = result_reads.ratings_of([assessment.pk])
        for rating in self.ratings:
            self.fields[self.field_name(rating)] = forms.TypedChoiceField(
                choices=[("", "Not reviewed"), *LEVELS_IN_WORDS],
                coerce=int,
                empty_value=None,
                required=False,
                initial=rating.validated_level,
                label=f"Counselor's level for {rating.skill_name}",
                error_messages={"invalid_choice": LEVEL_ERROR},
            )

    @staticmethod
    def field_name(rating):
        return f"validated_{rating.skill_id}"

    def rows(self):
        """A LevelRow per skill, in the role's order, for the template's own <select>: twenty
        Select widgets, each rendering a template per option, took a third of the learner
        page's time, and the bound fields' properties most of the rest."""
        rows = []
        for rating in self.ratings:
            field = self[self.field_name(rating)]
            value = field.value()
            chosen = "" if value is None else str(value)
            options = [(str(v), label, str(v) == chosen) for v, label in field.field.choices]
            rows.append(
                LevelRow(
                    rating, field.html_name, field.auto_id, field.label, list(field.errors), options
                )
            )
        return rows

    @transaction.atomic
    def save(self, counselor):
        """Store the levels, who set them, and the validated readiness they give, as one
        change."""
        # Lock the result: two counselors saving at once must not mix their levels.
        assessment = Assessment.objects.select_for_update().get(pk=self.assessment.pk)
        # The levels as they are now, not as this form read them before the lock.
        current = dict(assessment.ratings.values_list("pk", "validated_level"))
        changed, history = [], []
        for rating in self.ratings:
            level = self.cleaned_data[self.field_name(rating)]
            if current[rating.pk] != level:
                history.append(
                    LevelValidation(
                        rating=rating, counselor=counselor, level=level, previous=current[rating.pk]
                    )
                )
                rating.validated_level = level
                changed.append(rating)
        Rating.objects.bulk_update(changed, ["validated_level"])
        LevelValidation.objects.bulk_create(history)
        assessment.validated_readiness = validated_readiness_percent(assessment)
        # updated_at is part of the cached report's key: bumping it shows the change at once.
        assessment.updated_at = timezone.now()
        assessment.save(update_fields=["validated_readiness", "updated_at"])
        return assessment


class RosterForm(forms.Form):
    """Addresses to invite: pasted, one a line, or a class roster uploaded as CSV."""

    addresses = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        label="Addresses",
        help_text="One learner a line: an email address, then optionally a comma and a name.",
    )
    roster = forms.FileField(
        required=False,
        label="Or a class roster (CSV file)",
        help_text=f"Columns: email, then name (optional). Up to {roster.MOST_LINES:,} lines.",
    )

    def clean_roster(self):
        upload = self.cleaned_data["roster"]
        if not upload:
            return ""
        if upload.size > 1_000_000:
            raise forms.ValidationError("The file is over 1 MB: is it the right one?")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "The file is not UTF-8 text: save the roster as CSV UTF-8 and try again."
            ) from None

    def clean(self):
        cleaned = super().clean()
        text = "\n".join(part for part in [cleaned.get("addresses"), cleaned.get("roster")] if part)
        lines = roster.read(text)
        if not lines and not self.errors:
            raise forms.ValidationError("Paste at least one address or choose a roster file.")
        if len(lines) > roster.MOST_LINES:
            raise forms.ValidationError(
                f"The roster has {len(lines):,} lines; send at most {roster.MOST_LINES:,} at once."
            )
        cleaned["lines"] = lines
        return cleaned


class NoteEditForm(forms.ModelForm):
    """A counselor's correction of their own note: its words; who can read it stays."""

    class Meta:
        model = Note
        fields = ["body"]
        labels = {"body": "Note"}
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"body": "Plain text, up to 5,000 characters."}

    def save(self, commit=True):
        self.instance.edited_at = timezone.now()
        return super().save(commit)


def plan_forms(role, plan=None, data=None):
    """The two ways a counselor adds to a learner's plan for one role (a catalog course, a
    task of their own), each with a prefix of its own: the view tells them apart by it."""
    return {
        "course": AddCourseForm(data, role=role, plan=plan, prefix=f"{role.slug}-course"),
        "own": OwnItemForm(data, role=role, prefix=f"{role.slug}-own"),
    }
