"""The caseload page's repeated markup, built in Python.

Fifty table rows and the filter selects through the template engine took most of the page's
time (a variable lookup, filter or url tag per cell, a template per <option>). Here they are
string joins, as in skill_fieldset.py: every value from the database or the request goes
through escape() before it is joined in.
"""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.safestring import mark_safe


def table_rows(rows):
    """The <tr> of each CaseloadRow, for the table's <tbody>."""
    html = []
    for row in rows:
        if row.assessment_id:
            href = reverse("counselor:result", args=[row.learner_id, row.assessment_id])
        else:
            href = reverse("counselor:learner", args=[row.learner_id])
        readiness = (
            "–"
            if row.readiness is None
            else f'{floatformat(row.readiness, 0)}% <span class="small text-body-secondary">· '
            f"{escape(row.band)}</span>"
        )
        trend = (
            "–" if row.trend is None else f"{'+' if row.trend > 0 else ''}{row.trend:.1f} points"
        )
        html.append(
            f'<tr><th scope="row"><a href="{href}">{escape(row.name or row.email)}</a>\n'
            f'<div class="small text-body-secondary">{escape(row.email)}</div></th>'
            f"<td>{escape(row.role_title) or 'No result yet'}</td>"
            f"<td>{readiness}</td>"
            f"<td>{escape(row.top_gap) or '–'}</td>"
            f"<td>{trend}</td>"
            f"<td>{_day(row.last_activity)}</td>"
            f"<td>{row.open_items}</td></tr>"
        )
    return mark_safe("".join(html))  # noqa: S308 - every interpolated value is escaped above


def _day(moment):
    return "–" if moment is None else dateformat.format(timezone.localtime(moment), "j M Y")


class QuickSelect(forms.Select):
    """A <select> joined from strings instead of rendered with a template per option."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        options = "".join(
            f'<option value="{escape(str(key))}"{" selected" if str(key) in selected else ""}>'
            f"{escape(str(label))}</option>"
            for key, label in self.choices
        )
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escape(name)}"{attrs}>{options}</select>')  # noqa: S308


class QuickTextInput(forms.TextInput):
    """A text <input> joined from strings instead of rendered with a template."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        if (shown := self.format_value(value)) is not None:
            attrs["value"] = shown
        return mark_safe(f'<input type="text" name="{escape(name)}"{flatatt(attrs)}>')  # noqa: S308
