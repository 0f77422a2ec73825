"""Forms for the catalog's admin pages."""

from django import forms

from .models import Figure, Role


class LinesField(forms.CharField):
    """A list of short names, edited one a line (kept as a JSON list)."""

    widget = forms.Textarea(attrs={"rows": 5, "cols": 40})

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "\n".join(value)
        return value

    def to_python(self, value):
        names = []
        for line in super().to_python(value).splitlines():
            name = line.strip()
            if name and name not in names:
                names.append(name)
        return names

    def has_changed(self, initial, data):
        return list(initial or []) != self.to_python(data)


class RoleAdminForm(forms.ModelForm):
    industries = LinesField(required=False, help_text="One industry a line.")

    class Meta:
        model = Role
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5, "cols": 80}),
            "education": forms.Textarea(attrs={"rows": 4, "cols": 50}),
            "outlook": forms.Textarea(attrs={"rows": 4, "cols": 50}),
            # A handful of other roles: boxes to tick, without the role itself.
            "similar_roles": forms.CheckboxSelectMultiple,
        }
        fields = [
            "title",
            "slug",
            "summary",
            "education",
            "outlook",
            "industries",
            "similar_roles",
            "is_published",
            "source_url",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        similar = self.fields.get("similar_roles")
        if similar is not None and self.instance.pk:
            # Offer only the other roles; a role posted as its own similar role is refused.
            similar.queryset = similar.queryset.exclude(pk=self.instance.pk)
            similar.error_messages["invalid_choice"] = OWN_SIMILAR_ROLE

    def clean_similar_roles(self):
        roles = self.cleaned_data["similar_roles"]
        if self.instance.pk and any(role.pk == self.instance.pk for role in roles):
            raise forms.ValidationError(OWN_SIMILAR_ROLE)
        return roles


OWN_SIMILAR_ROLE = "A role cannot be its own similar role: choose other roles only."


class FigureInlineForm(forms.ModelForm):
    """Narrow inputs, so a figure fits on one line of the role's page."""

    class Meta:
        model = Figure
        fields = ["kind", "label", "value", "source", "source_url"]
        widgets = {
            "label": forms.TextInput(attrs={"size": 22}),
            "value": forms.TextInput(attrs={"size": 9}),
            "source": forms.TextInput(attrs={"size": 10}),
            "source_url": forms.URLInput(attrs={"size": 12}),
        }
