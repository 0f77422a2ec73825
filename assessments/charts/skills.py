"""Self-rating against the required level, one row per skill."""

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


# skill_chart geometry: name column, then 72 units per level, then the "gap N" column.
_X0, _UNIT, _ROW_H, _HEAD, _WIDTH = 184, 72, 30, 42, 640


def _skill_row(i, name, level, required, validated, hatch_url) -> str:
    """One <g class="row">: name, bar, required marker, counselor diamond, gap tag."""
    check_range("level", level, 0, MAX_LEVEL)
    check_range("required", required, 1, MAX_LEVEL)
    top, gap = _HEAD + i * _ROW_H, max(0, required - level)
    summary = (
        f"{name}: you {level} ({LEVEL_NAMES[level]}), required {required} ({LEVEL_NAMES[required]})"
    )
    zebra = el("rect", x=0, y=top, width=_WIDTH, height=_ROW_H, fill=ZEBRA)
    parts = [zebra] if i % 2 else []  # alternate shading guides the eye across the row
    parts.append(el("text", truncate(name, 24), x=_X0 - 10, y=top + 21, text_anchor="end"))
    if level:  # level 0 draws no bar rather than a zero-width sliver
        parts.append(
            el(
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
        el(
            "line",
            x1=rx,
            y1=top + 3,
            x2=rx,
            y2=top + _ROW_H - 1,
            stroke=INK,
            stroke_width=4,
            class_="required",
        ),
        el(
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
        check_range("validated", validated, 0, MAX_LEVEL)
        summary += f", counselor {validated} ({LEVEL_NAMES[validated]})"
        parts.append(diamond(_X0 + validated * _UNIT, top + 18))
    if gap:
        summary += f", gap {gap}"
        parts.append(
            el(
                "text",
                f"gap {gap}",
                x=_X0 + MAX_LEVEL * _UNIT + 14,
                y=top + 22,
                font_weight="bold",
                fill=GAP_INK,
                class_="gap-tag",
            )
        )
    return el("g", [el("title", summary), *parts], class_="row")


def skill_chart(
    rows, *, id_prefix="skills", title="Your level against the required level"
) -> SafeString:
    """Bars of each skill's level with required and counselor markers; "" if no rows."""
    rows = [_row_values(r) for r in rows]
    if not rows:
        return SafeString("")
    bottom, hatch_url = _HEAD + _ROW_H * len(rows), f"url(#{id_prefix}-gap)"
    parts = [hatch(f"{id_prefix}-gap")]
    for level, level_name in enumerate(LEVEL_NAMES):  # axis: number, name, gridline
        x = _X0 + level * _UNIT
        parts += [
            el("text", level, x=x, y=14, text_anchor="middle", font_weight="bold"),
            el("text", level_name, x=x, y=28, text_anchor="middle", font_size=10, fill=MUTED),
            el("line", x1=x, y1=_HEAD - 6, x2=x, y2=bottom, stroke=GRID),
        ]
    parts += [_skill_row(i, *row, hatch_url) for i, row in enumerate(rows)]
    gaps = [f"{n} (gap {req - lvl})" for n, lvl, req, _ in rows if lvl < req]
    validated = any(v is not None for *_, v in rows)
    items = [(swatch(BAR, BAR), "You")]
    items += [(swatch(hatch_url, GAP_INK), "You, below required")] if gaps else []
    items.append((el("line", x1=8, y1=0, x2=8, y2=16, stroke=INK, stroke_width=4), "Required"))
    items += [(diamond(8, 8), "Counselor")] if validated else []
    legend, _ = draw_legend(items, bottom + 12)
    desc = (
        f"{len(rows)} skills on a scale of 0 (None) to 5 (Expert). "
        + (
            f"{len(gaps)} below the required level: {', '.join(gaps)}."
            if gaps
            else "All meet the required level."
        )
        + (" A diamond marks the counselor's level." if validated else "")
    )
    return svg_document(id_prefix, title, desc, _WIDTH, bottom + 40, [*parts, legend])
