"""HTML is written in templates: no Python outside the SVG charts marks a string as safe.

Anything the template engine receives already marked safe skips its escaping, so each place
that does so is a place where a hand-built string could carry a learner's text into the page
unescaped. The only such places allowed are listed below, and each one marks safe what
render_to_string() gave back (a template's output, kept in the cache as a plain string).
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# The SVG chart module builds its markup in Python: el() escapes every text and attribute value,
# and only the finished <svg> document is marked safe.
EXEMPT = [ROOT / "assessments" / "charts"]
SKIPPED_DIRS = {"migrations", "tests", "bench", "e2e", "node_modules"}
SAFE_MAKERS = {"mark_safe", "SafeString", "format_html", "format_html_join", "Markup"}

# (file, function) → why it may mark something safe. Keep it short.
ALLOWED = {
    ("assessments/report.py", "render_report"): (
        "the report rendered by render_to_string, cached as a plain string"
    ),
    ("assessments/views/learner.py", "new_form_sections"): (
        "the form's skill fieldsets rendered by render_to_string, cached as a plain string"
    ),
    ("assessments/views/learner.py", "_render_form"): (
        "a draft's skill fieldsets, rendered by render_to_string just before"
    ),
    ("careersite/jinja2.py", "render_fragment"): (
        "a Jinja2 fragment, rendered by render_to_string just before, for a Django template"
    ),
    ("roles/admin.py", "history_link"): (
        "an inline row's History link, rendered by render_to_string for admin's readonly column"
    ),
    ("roles/admin.py", "source_link"): (
        "a figure's Source link, rendered by render_to_string for admin's readonly column"
    ),
}
# (file, function) → why it may mark something safe that it has just escaped itself.
ESCAPERS = {
    ("careersite/jinja2.py", "escape_as_django"): (
        "Jinja2's output filter: text escaped by html.escape, as Django's escape() does"
    ),
}


def python_files():
    """The project's own modules: every package at the top level, as deployed."""
    for package in sorted(ROOT.iterdir()):
        if not (package / "__init__.py").exists() or package.name in SKIPPED_DIRS:
            continue
        for path in sorted(package.rglob("*.py")):
            parts = set(path.relative_to(ROOT).parts)
            if parts & SKIPPED_DIRS or any(path.is_relative_to(e) for e in EXEMPT):
                continue
            yield path


class SafeMakerUses(ast.NodeVisitor):
    """Every use of a SAFE_MAKERS name (call, reference or import), with its function."""

    def __init__(self):
        self.functions = []
        self.uses = []  # (function or "<module>", line, name)

    def visit_FunctionDef(self, node):
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Name(self, node):
        self._found(node, node.id)

    def visit_Attribute(self, node):
        self._found(node, node.attr)
        self.generic_visit(node)

    def visit_ImportFrom(self, node):
        # Importing is allowed; renaming on import would hide the uses from this test.
        for alias in node.names:
            if alias.name in SAFE_MAKERS and alias.asname not in (None, alias.name):
                self._found(node, alias.name)

    def _found(self, node, name):
        if name in SAFE_MAKERS:
            function = self.functions[0] if self.functions else "<module>"
            self.uses.append((function, node.lineno, name))


def uses_in(path):
    finder = SafeMakerUses()
    finder.visit(ast.parse(path.read_text(), filename=str(path)))
    return finder.uses


def calls(path, function, callee):
    """Whether `function` in the module at `path` calls `callee` (by name)."""
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == function:
            return any(
                isinstance(call, ast.Call)
                and getattr(call.func, "id", getattr(call.func, "attr", "")) == callee
                for call in ast.walk(node)
            )
    return False


def calls_render_to_string(path, function):
    """Whether `function` renders a template, itself or through a function of its module."""
    defined = {
        node.name
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef) and node.name != function
    }
    return calls(path, function, "render_to_string") or any(
        calls(path, function, helper) and calls(path, helper, "render_to_string")
        for helper in defined
    )


def test_no_module_marks_hand_built_html_safe():
    found = []
    for path in python_files():
        relative = path.relative_to(ROOT).as_posix()
        for function, line, name in uses_in(path):
            if (relative, function) not in ALLOWED | ESCAPERS:
                found.append(f"{relative}:{line} {name} in {function}()")
    assert not found, (
        "HTML belongs in templates (crispy-forms for forms); mark safe only what "
        "render_to_string() returned, and add that place to ALLOWED with its reason:\n"
        + "\n".join(found)
    )


def test_each_allowed_place_marks_a_rendered_template():
    for relative, function in ALLOWED:
        path = ROOT / relative
        assert any(use[0] == function for use in uses_in(path)), (
            f"{relative} {function}() no longer marks anything safe: drop it from ALLOWED"
        )
        assert calls_render_to_string(path, function), (
            f"{relative} {function}() does not render a template"
        )


def test_each_escaper_escapes():
    for relative, function in ESCAPERS:
        path = ROOT / relative
        assert any(use[0] == function for use in uses_in(path)), (
            f"{relative} {function}() no longer marks anything safe: drop it from ESCAPERS"
        )
        assert calls(path, function, "escape"), f"{relative} {function}() escapes nothing"


def test_the_scan_sees_the_project_and_finds_a_hand_built_string(tmp_path):
    scanned = {path.relative_to(ROOT).parts[0] for path in python_files()}
    assert {"accounts", "assessments", "careersite", "counseling", "roles"} <= scanned
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from django.utils.safestring import mark_safe\n"
        "def row(name):\n"
        "    return mark_safe(f'<td>{name}</td>')\n"
    )
    assert uses_in(sample) == [("row", 3, "mark_safe")]
