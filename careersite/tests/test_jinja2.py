"""careersite/jinja2.py: the Jinja2 fragments print what a Django template would print."""

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.template import engines
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy

# The same expressions in each engine's syntax, over the same context.
CASES = [
    ("{{ text }}", "{{ text }}"),
    ("{{ lazy }} {{ flag }}", "{{ lazy }} {{ flag }}"),
    ("{{ safe }}", "{{ safe }}"),
    ("{{ number }} {{ nothing }}", "{{ number }} {{ nothing }}"),
    ("{{ ratio|floatformat:1 }}", "{{ ratio|floatformat(1) }}"),
    ("{{ count }} level{{ count|pluralize }}", "{{ count }} level{{ count|pluralize }}"),
    ('{{ names|join:", " }}', '{{ names|join(", ") }}'),
    ("{{ evidence|urlize }}", "{{ evidence|urlize }}"),
    ('{{ moment|date:"j M Y, H:i" }}', '{{ moment|date("j M Y, H:i") }}'),
    ("{% url 'roles:detail' slug %}", "{{ url('roles:detail', slug) }}"),
]
CONTEXT = {
    "text": 'O\'Neil <b>&</b> "Co"',
    "safe": mark_safe("<svg></svg>"),
    "lazy": format_lazy("{} {}", "it's", '"<b>"'),
    "flag": True,
    "number": 3,
    "nothing": None,
    "ratio": Decimal("62.45"),
    "count": 2,
    "names": ["MLOps", "<Data> & 'AI'"],
    "evidence": "Shipped https://example.com/a?b=1&c=2 to <prod>",
    "moment": datetime(2026, 3, 1, 23, 30, tzinfo=UTC),
    "slug": "data-engineer",
}


@pytest.mark.parametrize(("django_source", "jinja_source"), CASES)
def test_a_fragment_prints_what_a_django_template_prints(django_source, jinja_source):
    django_out = engines["django"].from_string(django_source).render(CONTEXT)
    jinja_out = engines["jinja2"].from_string(jinja_source).render(CONTEXT)
    assert jinja_out == django_out


def test_text_is_escaped_as_django_escapes_it():
    out = engines["jinja2"].from_string("<p title='{{ text }}'>{{ text }}</p>").render(CONTEXT)
    escaped = "O&#x27;Neil &lt;b&gt;&amp;&lt;/b&gt; &quot;Co&quot;"
    assert out == f"<p title='{escaped}'>{escaped}</p>"


def test_times_are_shown_in_the_current_time_zone():
    template = engines["jinja2"].from_string('{{ moment|date("j M Y, H:i") }}')
    with timezone.override("Europe/Paris"):
        assert template.render(CONTEXT) == "2 Mar 2026, 00:30"


def test_a_fragment_puts_one_csrf_token_in_all_its_forms(rf):
    """As a Django template does: one masked token per render, valid for the request."""
    request = rf.get("/")
    template = engines["jinja2"].from_string("{{ csrf_input }}|{{ csrf_input }}")

    first, second = template.render({}, request).split("|")

    assert first == second
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', first)[1]
    assert _unmask_cipher_token(token) == request.META["CSRF_COOKIE"]
