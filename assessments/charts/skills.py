"""Self-rating against the required level, one row per skill."""

from dataclasses import dataclass

from django.utils.safestring import SafeString

from ..gaps import LEVEL_NAMES, MAX_LEVEL
from .svg import (
    BAR,
    GAP_INK,
    GRID,
    INK,
    MUTED,
    ZEBRA,
    check_range,
    diamond,
    draw_legend,
    el,
    hatch,
    svg_document,
    swatch,
    truncate,
)


def _row_values(row) -> tuple[str, int, int, int | None]:
    """Read (name, level, required, validated) from an object or a plain tuple."""
    if hasattr(row, "name"):
        return row.name, row.level, row.required, getattr(row, "validated", None)
    name, level, required, *rest = row
    return name, level, required, (rest[0] if rest else None)


@dataclass(frozen=True)
class Layout:
    """Where skill_chart draws: the level scale starts at x0, `unit` apart per level."""

    width: int
    x0: int
    unit: int
    row_h: int  # one skill
    head: int  # the axis above the first skill
    bar_top: int  # within a skill's row
    name_x: int
    name_y: int
    name_anchor: str
    name_limit: int  # characters before the name is cut short (the title keeps it whole)
    level_names: bool  # "Beginner" etc. on the axis and beside the required marker


# Wide: the name in a column of its own left of the bars. Narrow (phones): the name on a line
# above its bar and numbers alone on the axis, drawn at about its own size on a 375 px screen,
# so no text is shrunk below 11 px.
WIDE = Layout(640, 184, 72, 30, 42, 10, 174, 21, "end", 24, True)
NARROW = Layout(320, 12, 50, 44, 22, 20, 8, 15, "start", 40, False)


def _skill_row(i, name, level, required, validated, hatch_url, at: Layout) -> str:
    """One <g class="chart-skill">: name, bar, required marker, counselor diamond, gap tag."""
    check_range("level", level, 0, MAX_LEVEL)
    check_range("required", required, 1, MAX_LEVEL)
    top, gap = at.head + i * at.row_h, max(0, required - level)
    summary = (
        f"{name}: you {level} ({LEVEL_NAMES[level]}), required {required} ({LEVEL_NAMES[required]})"
    )
    zebra = el("rect", x=0, y=top, width=at.width, height=at.row_h, fill=ZEBRA)
    parts = [zebra] if i % 2 else []  # alternate shading guides the eye across the row
    name_text = truncate(name, at.name_limit)
    parts.append(el("text", name_text, x=at.name_x, y=top + at.name_y, text_anchor=at.name_anchor))
    bar_top = top + at.bar_top
    if level:  # level 0 draws no bar rather than a zero-width sliver
        parts.append(
            el(
                "rect",
                x=at.x0,
                y=bar_top,
                width=level * at.unit,
                height=16,
                fill=hatch_url if gap else BAR,
                stroke=GAP_INK if gap else BAR,
                class_="chart-bar chart-gap" if gap else "chart-bar",
            )
        )
    rx = at.x0 + required * at.unit
    parts.append(
        el(
            "line",
            x1=rx,
            y1=bar_top - 7,
            x2=rx,
            y2=bar_top + 19,
            stroke=INK,
            stroke_width=4,
            class_="chart-required",
        )
    )
    if at.level_names:
        parts.append(
            el(
                "text",
                f"req {required}",
                x=rx - 5,
                y=top + 9,
                text_anchor="end",
                font_size=11,
                fill=MUTED,
            )
        )
    if validated is not None:
        check_range("validated", validated, 0, MAX_LEVEL)
        summary += f", counselor {validated} ({LEVEL_NAMES[validated]})"
        parts.append(diamond(at.x0 + validated * at.unit, bar_top + 8))
    if gap:
        summary += f", gap {gap}"
        parts.append(
            el(
                "text",
                f"gap {gap}",
                x=at.x0 + MAX_LEVEL * at.unit + 12,
                y=bar_top + 12,
                font_weight="bold",
                fill=GAP_INK,
                class_="chart-gap-tag",
            )
        )
    return el("g", [el("title", summary), *parts], class_="chart-skill")


def skill_chart(
    rows,
    *,
    id_prefix="skills",
    title="Your level against the required level",
    narrow=False,
) -> SafeString:
    """Bars of each skill's level with required and counselor markers; "" if no rows.
    `narrow` draws the phone layout (NARROW) instead of the wide one."""
    at = NARROW if narrow else WIDE
    rows = [_row_values(r) for r in rows]
    if not rows:
        return SafeString("")
    bottom, hatch_url = at.head + at.row_h * len(rows), f"url(#{id_prefix}-gap)"
    parts = [hatch(f"{id_prefix}-gap")]
    for level, level_name in enumerate(LEVEL_NAMES):  # axis: number, name, gridline
        x = at.x0 + level * at.unit
        parts.append(el("text", level, x=x, y=14, text_anchor="middle", font_weight="bold"))
        if at.level_names:
            parts.append(
                el("text", level_name, x=x, y=28, text_anchor="middle", font_size=11, fill=MUTED)
            )
        parts.append(el("line", x1=x, y1=at.head - 6, x2=x, y2=bottom, stroke=GRID))
    parts += [_skill_row(i, *row, hatch_url, at) for i, row in enumerate(rows)]
    gaps = [f"{n} (gap {req - lvl})" for n, lvl, req, _ in rows if lvl < req]
    validated = any(v is not None for *_, v in rows)
    items = [(swatch(BAR, BAR), "You")]
    items += [(swatch(hatch_url, GAP_INK), "You, below required")] if gaps else []
    items.append((el("line", x1=8, y1=0, x2=8, y2=16, stroke=INK, stroke_width=4), "Required"))
    items += [(diamond(8, 8), "Counselor")] if validated else []
    legend, _, legend_h = draw_legend(items, bottom + 12, max_width=at.width)
    desc = (
        f"{len(rows)} skills on a scale of 0 (None) to 5 (Expert). "
        + (
            f"{len(gaps)} below the required level: {', '.join(gaps)}."
            if gaps
            else "All meet the required level."
        )
        + (" A diamond marks the counselor's level." if validated else "")
    )
    height = bottom + 18 + legend_h
    return svg_document(id_prefix, title, desc, at.width, height, [*parts, legend])
