"""The Jinja2 environment of the few large fragments in templates/jinja2/.

Why a second engine: Django's template language spends about 5 µs on each variable and tag
it renders. The report of a result (twenty skill rows, the path, the fits) and the assessment
form's skill fieldsets (120 radios with their level descriptors) render about a thousand each,
and where nothing is cached (a fresh result, a counselor going through learners one by one)
that was over a third of those pages' time. Jinja2 compiles a template to Python and renders
the same fragments two to three times faster (measured on PostgreSQL's seeded data, ms per
render, Django → Jinja2: the report without its charts 3.1 → 1.4, the form's skill fieldsets
5.4 → 1.8, the counselor's validated-levels rows 2.4 → 0.8, fifty caseload rows 2.0 → 0.8).
Pages, forms, crispy-forms and the layout stay Django templates; these fragments take plain
data and are inserted into them as finished HTML. The counselor's page of one learner is the
one fragment holding forms: its note and action item forms are still drawn by crispy-forms,
through the `crispy` filter below.

Output is the same as Django's: autoescaping on, values that are already safe (Django's
SafeString, the SVG charts) kept as they are, and numbers, dates and links printed by
Django's own filters and `reverse`, so nothing reads differently whichever engine drew it.
"""

import html
from decimal import Decimal

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django.template import defaultfilters
from django.template.backends.utils import csrf_input
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from jinja2 import Environment
from markupsafe import Markup


def render_fragment(name, context, request=None):
    """A template of templates/jinja2/ rendered as safe HTML, to insert into a Django
    template. With the request, the fragment has the page's CSRF token as `csrf_input`."""
    html = render_to_string(name, context, request=request, using="jinja2")
    return mark_safe(html)  # noqa: S308 - every value printed was escaped (escape_as_django)


def url(name, *args):
    """`{{ url("app:name", arg) }}`: the path of a named URL, as Django's {% url %} gives it."""
    return reverse(name, args=args)


def date(value, format_string=None):
    """Django's `date` filter, in the current time zone as Django templates show times."""
    return defaultfilters.date(template_localtime(value), format_string)


def urlize(text):
    """Django's `urlize`, escaping the rest of the text as it does in an autoescaped template."""
    return defaultfilters.urlize(text, autoescape=True)


def linebreaksbr(text):
    """Django's `linebreaksbr`, escaping the text first as it does in an autoescaped template."""
    return defaultfilters.linebreaksbr(text, autoescape=True)


def join(items, separator):
    """Django's `join`, escaping each item as Django does."""
    return defaultfilters.join(items, separator, autoescape=True)


def escape_as_django(value):
    """Every printed value escaped as Django escapes it (Jinja2's escape writes ' as &#39;
    and " as &#34;, Django's &#x27; and &quot;): safe strings as they are, numbers and None
    as Jinja2 prints them (nothing in them to escape), anything else as escaped text."""
    if type(value) is str:  # most values: one test instead of four
        return Markup(html.escape(value))
    if hasattr(value, "__html__") or value is None or isinstance(value, int | float | Decimal):
        return value
    return Markup(html.escape(str(value)))


def csrf_input_once(request):
    """A context processor of the Jinja2 engine: the CSRF field built once per fragment, as
    Django's templates build it once per page. Django's Jinja2 backend builds it anew at each
    use, each time with a new mask (the counselor's page of a learner has up to six forms)."""
    return {"csrf_input": SimpleLazyObject(lambda: csrf_input(request))}


def environment(**options):
    # With the last newline kept as Django keeps it: the same bytes whichever engine renders.
    env = Environment(keep_trailing_newline=True, finalize=escape_as_django, **options)
    env.globals["url"] = url
    env.filters.update(
        crispy=as_crispy_form,  # a form drawn by crispy-forms, as `{{ form|crispy }}` draws it
        date=date,
        floatformat=defaultfilters.floatformat,
        join=join,
        linebreaksbr=linebreaksbr,
        pluralize=defaultfilters.pluralize,
        truncatechars=defaultfilters.truncatechars,
        urlize=urlize,
    )
    return env
