"""The cohort's average weighted gap per skill and band."""

import math
import textwrap

from django.utils.safestring import SafeString

from .svg import (
    HEAT,
    HEAT_MAX,
    HEAT_TEXT,
    INK,
    NO_DATA,
    draw_legend,
    el,
    svg_document,
    swatch,
    truncate,
)


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


def _heat_cell(row, column, value, x, y, w, h) -> str:
    """One <g class="chart-heat-cell">: coloured rect, printed value, tooltip."""
    text, step = ("–", 0) if value is None else (f"{value:.1f}", heat_step(value))
    return el(
        "g",
        [
            el("title", f"{row}, {column}: {'no data' if value is None else text}"),
            el(
                "rect",
                x=x + 1,
                y=y + 1,
                width=w - 2,
                height=h - 2,
                fill=NO_DATA if value is None else HEAT[step],
            ),
            el(
                "text",
                text,
                x=x + w / 2,
                y=y + 18,
                text_anchor="middle",
                fill=INK if value is None else HEAT_TEXT[step],
            ),
        ],
        class_="chart-heat-cell",
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
    heads = [h[:1] + [truncate(" ".join(h[1:]), 18)] if h[1:] else h for h in heads]
    top = 10 + 14 * max(len(h) for h in heads)
    parts = []
    for j, (column, lines) in enumerate(zip(columns, heads, strict=True)):
        cx = label_w + j * cell_w + cell_w / 2
        spans = [el("tspan", t, x=cx, dy=14 if k else 0) for k, t in enumerate(lines)]
        parts.append(
            el(
                "text",
                [el("title", column), *spans],
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
            el("title", row),
            el("text", truncate(row, 24), x=label_w - 10, y=y + 18, text_anchor="end"),
        ]
        markup += [
            _heat_cell(row, col, cells.get((i, j)), label_w + j * cell_w, y, cell_w, cell_h)
            for j, col in enumerate(columns)
        ]
        parts.append(el("g", markup, class_="chart-heat-row"))
    bottom = top + len(rows) * cell_h
    items = [(swatch(c), r) for c, r in zip(HEAT, _heat_ranges(HEAT_MAX), strict=True)]
    legend, legend_w, _ = draw_legend([*items, (swatch(NO_DATA), "– no data")], bottom + 12)
    width = round(max(label_w + len(columns) * cell_w + 8, legend_w))
    desc = (
        f"{len(rows)} skills by {len(columns)} columns: "
        f"{', '.join(map(str, columns))}. Each cell prints its value from 0 to "
        f"{HEAT_MAX:g}; darker means a larger gap; – means no data."
    )
    return svg_document(id_prefix, title, desc, width, bottom + 40, [*parts, legend])
