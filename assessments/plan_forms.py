"""Forms of a learner's plan: an item's status and date, a course to add, a task of one's own."""

from django import forms

from careersite.forms import IdsChoiceField
from roles.models import Course, Skill

from .models import PlanItem

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ItemForm(forms.ModelForm):
    """Status and target date of one item; each item's form has ids of its own."""

    class Meta:
        model = PlanItem
        fields = ["status", "target_date"]
        labels = {"target_date": "Target date (optional)"}
        widgets = {"target_date": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        item = kwargs.get("instance")
        kwargs.setdefault("auto_id", f"item{item.pk}_%s" if item else "id_%s")
        super().__init__(*args, **kwargs)


class AddCourseForm(forms.Form):
    """A catalog course that teaches one of the role's skills and is not on the plan yet."""

    course = forms.ModelChoiceField(
        queryset=Course.objects.none(), to_field_name="slug", label="Course"
    )

    def __init__(self, *args, role, plan=None, **kwargs):
        kwargs.setdefault("auto_id", "course_%s")
        super().__init__(*args, **kwargs)
        courses = Course.objects.filter(teaches__skill__requirements__role=role)
        if plan is not None:
            courses = courses.exclude(pk__in=plan.items.exclude(course=None).values("course_id"))
        self.fields["course"].queryset = courses.distinct().order_by("title")


class OwnItemForm(forms.Form):
    """A task of the learner's (or a counselor's) own, for one or more of the role's skills."""

    title = forms.CharField(
        max_length=200,
        label="What will you do?",
        help_text="For example: build a small CI/CD pipeline for a model.",
    )
    skills = IdsChoiceField(
        queryset=Skill.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Skills it practises",
        error_messages={"required": "Pick at least one skill it practises."},
    )
    target_date = forms.DateField(
        required=False, label="Target date (optional)", widget=DATE_WIDGET
    )

    def clean_title(self):
        # One line: it becomes a heading, and the subject of a reminder email.
        return " ".join(self.cleaned_data["title"].split())

    def __init__(self, *args, role, **kwargs):
        kwargs.setdefault("auto_id", "own_%s")
        super().__init__(*args, **kwargs)
        self.fields["skills"].queryset = Skill.objects.filter(requirements__role=role).order_by(
            "kind", "name"
        )
