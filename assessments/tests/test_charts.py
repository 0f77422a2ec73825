"""Tests for the server-rendered SVG charts in assessments.charts (no DB)."""

import xml.etree.ElementTree as ET
from collections import namedtuple

import pytest

from assessments.charts import HEAT, heat_step, heatmap, history_chart, skill_chart

NS = "{http://www.w3.org/2000/svg}"
Row = namedtuple("Row", "name level required validated")
EVIL = "<script>alert(1)</script>"


def parse(svg):
    """Parse the chart as XML, as a browser's SVG parser would."""
    return ET.fromstring(str(svg))


def find(root, tag, cls=None):
    """Elements of an SVG tag, optionally only those having class cls."""
    found = root.iter(NS + tag)
    return [e for e in found if cls is None or cls in e.get("class", "").split()]


def texts(el):
    """Every piece of text inside el, titles included."""
    return "".join(el.itertext())


def child_title(el):
    return el.find(NS + "title").text


def assert_accessible_root(root, prefix):
    assert root.tag == NS + "svg"
    assert root.get("role") == "img"
    assert "chart" in root.get("class").split()
    assert root.get("viewBox").startswith("0 0 ")
    # Drawn at its own size unless the page's CSS scales it: width and height match the box.
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    ids = {e.get("id"): e.tag for e in root.iter() if e.get("id")}
    assert root.get("aria-labelledby").split() == [f"{prefix}-title", f"{prefix}-desc"]
    assert ids[f"{prefix}-title"] == NS + "title"
    assert ids[f"{prefix}-desc"] == NS + "desc"
    assert root.find(NS + "title").text and root.find(NS + "desc").text


def assert_no_style(root):
    styled = [e.tag for e in root.iter() if "style" in e.attrib or e.tag == NS + "style"]
    assert not styled


ROWS = [
    Row("Python", 3, 4, None),  # gap 1
    Row("SQL", 5, 3, None),  # above
    Row("Git", 0, 2, None),  # gap 2, no bar
    Row("Testing", 4, 4, None),  # met exactly
]


def rows_by_name(root):
    return {child_title(g).split(":")[0]: g for g in find(root, "g", "chart-skill")}


def test_skill_chart_is_accessible_svg_without_style():
    root = parse(skill_chart(ROWS, id_prefix="me-skills"))
    assert_accessible_root(root, "me-skills")
    assert_no_style(root)
    assert find(root, "pattern")[0].get("id") == "me-skills-gap"


def test_skill_chart_has_one_row_group_per_skill_with_full_name_title():
    long_name = "A very long skill name that cannot fit in the label column"
    root = parse(skill_chart([*ROWS, Row(long_name, 1, 1, None)]))
    groups = find(root, "g", "chart-skill")
    assert len(groups) == 5
    assert child_title(groups[-1]).startswith(long_name)
    label = [t.text for t in groups[-1].findall(NS + "text")][0]
    assert label.endswith("…") and len(label) < len(long_name)


def test_skill_chart_escapes_names():
    svg = skill_chart([Row(EVIL, 2, 3, None)])
    assert "<script>" not in svg
    root = parse(svg)
    assert not find(root, "script")
    assert EVIL in texts(root)


def test_bar_width_is_proportional_to_level():
    rows = [Row(f"s{level}", level, 3, None) for level in range(6)]
    root = parse(skill_chart(rows))
    widths = {}
    for name, g in rows_by_name(root).items():
        bars = find(g, "rect", "chart-bar")
        widths[name] = float(bars[0].get("width")) if bars else 0.0
    assert widths["s0"] == 0
    full = widths["s5"]
    assert full > 0
    for level in range(6):
        assert widths[f"s{level}"] == pytest.approx(full * level / 5)


def test_gap_rows_carry_gap_text_and_hatched_bar():
    groups = rows_by_name(parse(skill_chart(ROWS)))
    tags = {n: [t.text for t in find(g, "text", "chart-gap-tag")] for n, g in groups.items()}
    assert tags == {"Python": ["gap 1"], "SQL": [], "Git": ["gap 2"], "Testing": []}
    assert "gap" not in texts(groups["SQL"]) and "gap" not in texts(groups["Testing"])
    assert find(groups["Python"], "rect", "chart-bar")[0].get("fill") == "url(#skills-gap)"
    assert find(groups["SQL"], "rect", "chart-bar")[0].get("fill").startswith("#")


def test_required_marker_and_label_in_every_row():
    for g in find(parse(skill_chart(ROWS)), "g", "chart-skill"):
        assert len(find(g, "line", "chart-required")) == 1
    assert "req 4" in texts(rows_by_name(parse(skill_chart(ROWS)))["Python"])


def test_validated_markers_only_when_given():
    root = parse(skill_chart(ROWS))
    assert not find(root, "polygon", "chart-validated")
    assert "Counselor" not in texts(find(root, "g", "chart-legend")[0])

    rows = [ROWS[0]._replace(validated=2), ROWS[1], ROWS[2]._replace(validated=0)]
    root = parse(skill_chart(rows))
    groups = rows_by_name(root)
    assert len(find(groups["Python"], "polygon", "chart-validated")) == 1
    assert len(find(groups["Git"], "polygon", "chart-validated")) == 1
    assert not find(groups["SQL"], "polygon", "chart-validated")
    assert "Counselor" in texts(find(root, "g", "chart-legend")[0])


def test_skill_chart_accepts_plain_tuples_and_grows_with_rows():
    def height(svg):
        return float(parse(svg).get("viewBox").split()[3])

    small = skill_chart([("Python", 3, 4)])
    large = skill_chart([("Python", 3, 4, None)] * 10)
    assert len(find(parse(large), "g", "chart-skill")) == 10
    assert height(large) > height(small)
    assert skill_chart([]) == ""


def test_no_shape_carries_a_class_a_css_framework_could_style():
    """Bootstrap's `.row > *` once drew every bar at full width: chart classes are prefixed."""
    charts = [
        skill_chart(ROWS),
        skill_chart(ROWS, narrow=True),
        history_chart(POINTS),
        heatmap(["Python"], ["Gap"], {(0, 0): 7.0}),
    ]
    for chart in charts:
        classes = {c for e in parse(chart).iter() for c in e.get("class", "").split()}
        assert classes and all(c == "chart" or c.startswith("chart-") for c in classes), classes


def test_the_narrow_skill_chart_keeps_every_skill_and_wraps_its_legend():
    root = parse(skill_chart(ROWS, narrow=True, id_prefix="narrow"))
    assert_accessible_root(root, "narrow")
    assert root.get("width") == "320"
    assert len(find(root, "g", "chart-skill")) == len(ROWS)
    legend_rows = {g.get("transform").split()[1] for g in find(root, "g", "chart-legend")[0]}
    assert len(legend_rows) > 1  # four items do not fit one 320-unit line


def test_skill_chart_rejects_out_of_range_levels_and_bad_prefix():
    with pytest.raises(ValueError):
        skill_chart([Row("x", 6, 3, None)])
    with pytest.raises(ValueError):
        skill_chart([Row("x", 2, 0, None)])
    with pytest.raises(ValueError):
        skill_chart(ROWS, id_prefix="two words")


POINTS = [("3 Jan 2026", 41.0), ("3 Feb 2026", 48.4), ("3 Mar 2026", 62.0)]


def test_history_chart_needs_two_points():
    assert history_chart([]) == ""
    assert history_chart([("3 Mar 2026", 62)]) == ""


def test_history_chart_has_a_circle_per_point_with_titles():
    root = parse(history_chart(POINTS, id_prefix="hist-1"))
    assert_accessible_root(root, "hist-1")
    assert_no_style(root)
    circles = find(root, "circle", "chart-point")
    assert [child_title(c) for c in circles] == [
        "3 Jan 2026: 41%",
        "3 Feb 2026: 48%",
        "3 Mar 2026: 62%",
    ]
    assert len(find(root, "polyline")) == 1
    printed = [t.text for t in find(root, "text")]
    for label, value in POINTS:
        assert label in printed and f"{value:.0f}%" in printed
    for pct in ("0%", "25%", "50%", "75%", "100%"):
        assert pct in printed


def test_history_chart_higher_values_are_drawn_higher():
    circles = find(parse(history_chart(POINTS)), "circle", "chart-point")
    ys = [float(c.get("cy")) for c in circles]
    xs = [float(c.get("cx")) for c in circles]
    assert ys == sorted(ys, reverse=True) and xs == sorted(xs)


def test_history_chart_keeps_every_point_when_crowded():
    points = [(f"{d} Jan 2026", d * 3) for d in range(1, 32)]
    root = parse(history_chart(points))
    assert len(find(root, "circle", "chart-point")) == 31
    printed = [t.text for t in find(root, "text")]
    assert "1 Jan 2026" in printed and "31 Jan 2026" in printed


def test_history_chart_escapes_labels():
    root = parse(history_chart([(EVIL, 10), ("later", 20)]))
    assert not find(root, "script")
    assert EVIL in texts(root)


@pytest.mark.parametrize(
    "value, step",
    [
        (None, 0),
        (-3, 0),
        (0, 0),
        (4.9, 0),
        (4.96, 1),
        (5, 1),
        (12.5, 2),
        (19.99, 4),
        (24.9, 4),
        (25, 4),
        (40, 4),
    ],
)
def test_heat_step_edges(value, step):
    assert heat_step(value) == step


def test_heat_step_custom_maximum():
    assert heat_step(0, maximum=10) == 0
    assert heat_step(10, maximum=10) == 4
    assert heat_step(5, maximum=10) == 2


def test_heatmap_prints_every_value_and_dash_for_none():
    rows = ["Python", EVIL]
    columns = ["Average weighted gap", "Not yet ready"]
    cells = {(0, 0): 3.14, (0, 1): 25.0, (1, 0): None}  # (1, 1) missing: also no data
    root = parse(heatmap(rows, columns, cells, id_prefix="cohort"))
    assert_accessible_root(root, "cohort")
    assert_no_style(root)
    assert not find(root, "script") and EVIL in texts(root)
    cell_groups = find(root, "g", "chart-heat-cell")
    assert len(cell_groups) == 4
    printed = [g.find(NS + "text").text for g in cell_groups]
    assert printed == ["3.1", "25.0", "–", "–"]
    fills = [g.find(NS + "rect").get("fill") for g in cell_groups]
    assert fills[0] == HEAT[0] and fills[1] == HEAT[4]
    assert fills[2] == fills[3] and fills[2] not in HEAT


def test_heatmap_legend_lists_five_steps_and_no_data():
    legend = find(parse(heatmap(["Python"], ["Gap"], {(0, 0): 7.0})), "g", "chart-legend")[0]
    labels = [t.text for t in find(legend, "text")]
    assert labels == ["0.0–4.9", "5.0–9.9", "10.0–14.9", "15.0–19.9", "20.0+", "– no data"]
    swatches = [r.get("fill") for r in find(legend, "rect")]
    assert swatches[:5] == list(HEAT)


def test_heatmap_empty_input():
    assert heatmap([], ["Gap"], {}) == ""
    assert heatmap(["Python"], [], {}) == ""


def test_chart_ids_follow_the_prefix_so_charts_can_share_a_page():
    a = parse(skill_chart(ROWS, id_prefix="a"))
    b = parse(skill_chart(ROWS, id_prefix="b"))
    ids_a = {e.get("id") for e in a.iter() if e.get("id")}
    ids_b = {e.get("id") for e in b.iter() if e.get("id")}
    assert ids_a and not ids_a & ids_b
