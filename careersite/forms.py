"""Form fields shared by the apps."""

from django import forms

# The largest id a database row can have (a 64-bit signed integer). Bigger numbers in a form
# are simply not ids: SQLite refuses them with OverflowError, a 500, instead of "no such row".
LARGEST_ID = 2**63 - 1


def out_of_range(value):
    try:
        return abs(int(value)) > LARGEST_ID
    except (TypeError, ValueError):
        return False  # not a number: the field's own check says so


class IdChoiceField(forms.ModelChoiceField):
    """A choice of one row by id, where an id beyond any row's is "not one of the choices"."""

    def to_python(self, value):
        if out_of_range(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """A choice of rows by id, where an id beyond any row's is not a valid choice."""

    def _check_values(self, value):
        for pk in value:
            if out_of_range(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class FlatSelect(forms.Select):
    """A <select> of plain options (no groups, no per-option attributes), each written by the
    widget's own template loop: Django's Select includes a template per option, which made
    the caseload's four filter selects a third of its uncached render."""

    template_name = "careersite/widgets/select.html"
