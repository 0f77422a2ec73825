"""Server-rendered SVG charts: no JavaScript, no style attributes, every text escaped.

Colour is never the only signal: gaps are hatched and say "gap N"; cells print values.
"""

import math
import re
import textwrap

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .gaps import LEVEL_NAMES, MAX_LEVEL

FONT = "system-ui, sans-serif"
INK, MUTED, GRID, ZEBRA = "#1a1a1a", "#595959", "#d0d0d0", "#f5f5f5"
BAR, GAP_INK, GAP_FILL = "#2b6cb0", "#b34700", "#f6c6a0"
# ColorBrewer OrRd, light to dark, last two darkened so their text keeps >= 4.5:1.
HEAT = ("#fef0d9", "#fdcc8a", "#fc8d59", "#d7301f", "#7f0000")
HEAT_TEXT = (INK, INK, INK, "#ffffff", "#ffffff")
NO_DATA = "#e8e8e8"
HEAT_MAX = 25.0
_ID = re.compile(r"[A-Za-z][\w-]*\Z")


def _fmt(value):
    """Print floats with at most two decimals so coordinates stay short."""
    return f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else value


def _el(tag: str, content=None, **attrs) -> SafeString:
    """One SVG element (class_ -> class, stroke_width -> stroke-width); empty: <x/>."""
    pairs = ((k.rstrip("_").replace("_", "-"), _fmt(v)) for k, v in attrs.items())
    attributes = format_html_join("", ' {}="{}"', pairs)
    if content is None:
        return format_html("<{}{}/>", tag, attributes)
    return format_html("<{0}{1}>{2}</{0}>", tag, attributes, content)


def _join(parts) -> SafeString:
    """Concatenate fragments, escaping any that are not already safe."""
    return format_html_join("", "{}", ((p,) for p in parts))


def _truncate(text, limit: int) -> str:
    """Shorten text to limit characters, ending in an ellipsis when cut."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _svg(prefix: str, title, desc, width, height, body) -> SafeString:
    """Wrap body in the accessible root element."""
    if not _ID.match(prefix):  # it becomes ids and a space-separated aria-labelledby
        raise ValueError(f"id_prefix must look like an HTML id, got {prefix!r}")
    t, d = f"{prefix}-title", f"{prefix}-desc"
    return _el(
        "svg",
        _join([_el("title", title, id=t), _el("desc", desc, id=d), body]),
        xmlns="http://www.w3.org/2000/svg",
        class_="chart",
        role="img",
        aria_labelledby=f"{t} {d}",
        viewBox=f"0 0 {width} {height}",
        width="100%",
        preserveAspectRatio="xMinYMin meet",
        font_family=FONT,
        font_size=12,
        fill=INK,
    )


def _legend(items, y) -> tuple[SafeString, float]:
    """Lay (swatch, label) pairs out in one row; each swatch is drawn in a 16x16 box."""
    parts, x = [], 8.0
    for swatch, label in items:
        body = _join([swatch, _el("text", label, x=22, y=12)])
        parts.append(_el("g", body, transform=f"translate({x:g} {y:g})"))
        x += 22 + 7 * len(label) + 14  # 7 a glyph over-estimates: items never touch
    return _el("g", _join(parts), class_="legend"), x


def _swatch(fill, stroke=GRID) -> SafeString:
    return _el("rect", width=16, height=16, fill=fill, stroke=stroke)


def _diamond(cx, cy, r=6) -> SafeString:
    """Counselor marker: a white diamond with a dark outline, visible on any bar."""
    points = f"{cx:g},{cy - r:g} {cx + r:g},{cy:g} {cx:g},{cy + r:g} {cx - r:g},{cy:g}"
    return _el(
        "polygon", points=points, fill="#ffffff", stroke=INK, stroke_width=2, class_="validated"
    )


def _hatch(pattern_id: str) -> SafeString:
    """Diagonal hatching for gap bars, so a gap does not rely on colour alone."""
    stripes = _join(
        [
            _el("rect", width=6, height=6, fill=GAP_FILL),
            _el("line", x1=0, y1=0, x2=0, y2=6, stroke=GAP_INK, stroke_width=3),
        ]
    )
    pattern = _el(
        "pattern",
        stripes,
        id=pattern_id,
        width=6,
        height=6,
        patternUnits="userSpaceOnUse",
        patternTransform="rotate(45)",
    )
    return _el("defs", pattern)


def _check(label: str, value, low, high) -> None:
    if not low <= value <= high:  # out-of-range data would silently draw off the plot
        raise ValueError(f"{label} must be {low}..{high}, got {value}")


def _row_values(row) -> tuple[str, int, int, int | None]:
    """Read (name, level, required, validated) from an object or a plain tuple."""
    if hasattr(row, "name"):
        return row.name, row.level, row.required, getattr(row, "validated", None)
    name, level, required, *rest = row
    return name, level, required, (rest[0] if rest else None)


# skill_chart geometry: name column, then 72 units per level, then the "gap N" column.
_X0, _UNIT, _ROW_H, _HEAD, _WIDTH = 184, 72, 30, 42, 640


def _skill_row(i, name, level, required, validated, hatch_url) -> SafeString:
    """One <g class="row">: name, bar, required marker, counselor diamond, gap tag."""
    _check("level", level, 0, MAX_LEVEL)
    _check("required", required, 1, MAX_LEVEL)
    top, gap = _HEAD + i * _ROW_H, max(0, required - level)
    summary = (
        f"{name}: you {level} ({LEVEL_NAMES[level]}), required {required} ({LEVEL_NAMES[required]})"
    )
    zebra = _el("rect", x=0, y=top, width=_WIDTH, height=_ROW_H, fill=ZEBRA)
    parts = [zebra] if i % 2 else []  # alternate shading guides the eye across the row
    parts.append(_el("text", _truncate(name, 24), x=_X0 - 10, y=top + 21, text_anchor="end"))
    if level:  # level 0 draws no bar rather than a zero-width sliver
        parts.append(
            _el(
                "rect",
                x=_X0,
                y=top + 10,
                width=level * _UNIT,
                height=16,
                fill=hatch_url if gap else BAR,
                stroke=GAP_INK if gap else BAR,
                class_="bar gap" if gap else "bar",
            )
        )
    rx = _X0 + required * _UNIT
    parts += [
        _el(
            "line",
            x1=rx,
            y1=top + 3,
            x2=rx,
            y2=top + _ROW_H - 1,
            stroke=INK,
            stroke_width=4,
            class_="required",
        ),
        _el(
            "text",
            f"req {required}",
            x=rx - 5,
            y=top + 9,
            text_anchor="end",
            font_size=9,
            fill=MUTED,
        ),
    ]
    if validated is not None:
        _check("validated", validated, 0, MAX_LEVEL)
        summary += f", counselor {validated} ({LEVEL_NAMES[validated]})"
        parts.append(_diamond(_X0 + validated * _UNIT, top + 18))
    if gap:
        summary += f", gap {gap}"
        parts.append(
            _el(
                "text",
                f"gap {gap}",
                x=_X0 + MAX_LEVEL * _UNIT + 14,
                y=top + 22,
                font_weight="bold",
                fill=GAP_INK,
                class_="gap-tag",
            )
        )
    return _el("g", _join([_el("title", summary), *parts]), class_="row")


def skill_chart(
    rows, *, id_prefix="skills", title="Your level against the required level"
) -> SafeString:
    """Bars of each skill's level with required and counselor markers; "" if no rows."""
    rows = [_row_values(r) for r in rows]
    if not rows:
        return SafeString("")
    bottom, hatch_url = _HEAD + _ROW_H * len(rows), f"url(#{id_prefix}-gap)"
    parts = [_hatch(f"{id_prefix}-gap")]
    for level, level_name in enumerate(LEVEL_NAMES):  # axis: number, name, gridline
        x = _X0 + level * _UNIT
        parts += [
            _el("text", level, x=x, y=14, text_anchor="middle", font_weight="bold"),
            _el("text", level_name, x=x, y=28, text_anchor="middle", font_size=10, fill=MUTED),
            _el("line", x1=x, y1=_HEAD - 6, x2=x, y2=bottom, stroke=GRID),
        ]
    parts += [_skill_row(i, *row, hatch_url) for i, row in enumerate(rows)]
    gaps = [f"{n} (gap {req - lvl})" for n, lvl, req, _ in rows if lvl < req]
    validated = any(v is not None for *_, v in rows)
    items = [(_swatch(BAR, BAR), "You")]
    items += [(_swatch(hatch_url, GAP_INK), "You, below required")] if gaps else []
    items.append((_el("line", x1=8, y1=0, x2=8, y2=16, stroke=INK, stroke_width=4), "Required"))
    items += [(_diamond(8, 8), "Counselor")] if validated else []
    legend, _ = _legend(items, bottom + 12)
    desc = (
        f"{len(rows)} skills on a scale of 0 (None) to 5 (Expert). "
        + (
            f"{len(gaps)} below the required level: {', '.join(gaps)}."
            if gaps
            else "All meet the required level."
        )
        + (" A diamond marks the counselor's level." if validated else "")
    )
    return _svg(id_prefix, title, desc, _WIDTH, bottom + 40, _join([*parts, legend]))


def _shown(n: int, step: int) -> set[int]:
    """Indices to label when only every step-th fits; the last one always shows."""
    return {i for i in range(0, n, step) if n - 1 - i >= step} | {n - 1}


def history_chart(points, *, id_prefix="history", title="Readiness over time") -> SafeString:
    """Line chart of readiness (0..100 %) over time; "" for fewer than two points."""
    points = [(str(label), float(value)) for label, value in points]
    if len(points) < 2:
        return SafeString("")
    for label, value in points:
        _check(f"value for {label}", value, 0, 100)
    left, right, top, bottom = 48, 616, 24, 196
    step = (right - left - 40) / (len(points) - 1)  # 20 spare each side: centred labels
    xy = [
        (left + 20 + i * step, bottom - v / 100 * (bottom - top)) for i, (_, v) in enumerate(points)
    ]
    parts = []
    for pct in (0, 25, 50, 75, 100):
        y = bottom - pct / 100 * (bottom - top)
        parts += [
            _el("line", x1=left, y1=y, x2=right, y2=y, stroke=GRID),
            _el(
                "text", f"{pct}%", x=left - 8, y=y + 4, text_anchor="end", font_size=11, fill=MUTED
            ),
        ]
    parts.append(
        _el(
            "polyline",
            points=" ".join(f"{x:.1f},{y:.1f}" for x, y in xy),
            fill="none",
            stroke=BAR,
            stroke_width=2.5,
        )
    )
    # Printed labels thin out when points crowd; every point keeps its tooltip.
    dates = _shown(len(points), math.ceil(84 / step))
    values = _shown(len(points), math.ceil(34 / step))
    for i, ((label, value), (x, y)) in enumerate(zip(points, xy, strict=True)):
        text = f"{value:.0f}%"
        parts.append(
            _el(
                "circle",
                _el("title", f"{label}: {text}"),
                cx=x,
                cy=y,
                r=4.5,
                fill="#ffffff",
                stroke=BAR,
                stroke_width=2,
                class_="point",
            )
        )
        neighbours = [points[k][1] for k in (i - 1, i + 1) if 0 <= k < len(points)]
        # Label a dip below its point, clear of the line (not near 0: dates are there).
        below = value >= 15 and all(value < n for n in neighbours)
        if i in values:
            parts.append(
                _el(
                    "text",
                    text,
                    x=x,
                    y=y + 19 if below else y - 10,
                    text_anchor="middle",
                    font_size=11,
                    font_weight="bold",
                )
            )
        if i in dates:
            parts.append(
                _el(
                    "text",
                    _truncate(label, 14),
                    x=x,
                    y=bottom + 22,
                    text_anchor="middle",
                    font_size=11,
                    fill=MUTED,
                )
            )
    (first, v0), (last, v1) = points[0], points[-1]
    desc = (
        f"Readiness from {v0:.0f}% on {first} to {v1:.0f}% on {last}, "
        f"over {len(points)} assessments."
    )
    return _svg(id_prefix, title, desc, 640, 240, _join(parts))


def heat_step(value: float | None, maximum: float = HEAT_MAX) -> int:
    """Colour step 0..4 of value on 0..maximum; None or <= 0 gives 0, >= maximum 4."""
    if value is None:
        return 0  # callers draw "no data" themselves; the step only has to be valid
    # Step on the printed one-decimal figure, so colour and number never disagree.
    return max(0, min(4, math.floor(round(value, 1) / maximum * 5 + 1e-9)))


def _heat_ranges(maximum: float) -> list[str]:
    """Legend labels of the five steps, at the printed one-decimal precision."""
    size = maximum / 5
    steps = [f"{k * size:.1f}–{(k + 1) * size - 0.1:.1f}" for k in range(4)]
    return [*steps, f"{4 * size:.1f}+"]


def _heat_cell(row, column, value, x, y, w, h) -> SafeString:
    """One <g class="cell">: coloured rect, printed value, tooltip."""
    text, step = ("–", 0) if value is None else (f"{value:.1f}", heat_step(value))
    return _el(
        "g",
        _join(
            [
                _el("title", f"{row}, {column}: {'no data' if value is None else text}"),
                _el(
                    "rect",
                    x=x + 1,
                    y=y + 1,
                    width=w - 2,
                    height=h - 2,
                    fill=NO_DATA if value is None else HEAT[step],
                ),
                _el(
                    "text",
                    text,
                    x=x + w / 2,
                    y=y + 18,
                    text_anchor="middle",
                    fill=INK if value is None else HEAT_TEXT[step],
                ),
            ]
        ),
        class_="cell",
    )


def heatmap(
    rows, columns, cells, *, id_prefix="heatmap", title="Average weighted gap by skill"
) -> SafeString:
    """Values per skill and column, coloured in 5 steps and printed; "" if empty."""
    if not rows or not columns:
        return SafeString("")
    label_w, cell_w, cell_h = 184, 120, 28
    # Column labels wrap onto at most two lines; the full label stays in a <title>.
    heads = [textwrap.wrap(str(c), 18) or [""] for c in columns]
    heads = [h[:1] + [_truncate(" ".join(h[1:]), 18)] if h[1:] else h for h in heads]
    top = 10 + 14 * max(len(h) for h in heads)
    parts = []
    for j, (column, lines) in enumerate(zip(columns, heads, strict=True)):
        cx = label_w + j * cell_w + cell_w / 2
        spans = [_el("tspan", t, x=cx, dy=14 if k else 0) for k, t in enumerate(lines)]
        parts.append(
            _el(
                "text",
                _join([_el("title", column), *spans]),
                x=cx,
                y=16,
                text_anchor="middle",
                font_weight="bold",
                font_size=11,
            )
        )
    for i, row in enumerate(rows):
        y = top + i * cell_h
        markup = [
            _el("title", row),
            _el("text", _truncate(row, 24), x=label_w - 10, y=y + 18, text_anchor="end"),
        ]
        markup += [
            _heat_cell(row, col, cells.get((i, j)), label_w + j * cell_w, y, cell_w, cell_h)
            for j, col in enumerate(columns)
        ]
        parts.append(_el("g", _join(markup), class_="row"))
    bottom = top + len(rows) * cell_h
    items = [(_swatch(c), r) for c, r in zip(HEAT, _heat_ranges(HEAT_MAX), strict=True)]
    legend, legend_w = _legend([*items, (_swatch(NO_DATA), "– no data")], bottom + 12)
    width = round(max(label_w + len(columns) * cell_w + 8, legend_w))
    desc = (
        f"{len(rows)} skills by {len(columns)} columns: "
        f"{', '.join(map(str, columns))}. Each cell prints its value from 0 to "
        f"{HEAT_MAX:g}; darker means a larger gap; – means no data."
    )
    return _svg(id_prefix, title, desc, width, bottom + 40, _join([*parts, legend]))
