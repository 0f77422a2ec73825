"""Readiness over time, one point per submitted result."""

import math

from django.utils.safestring import SafeString

from .svg import BAR, GRID, MUTED, check_range, el, svg_document, truncate


def _shown(n: int, step: int) -> set[int]:
    """Indices to label when only every step-th fits; the last one always shows."""
    return {i for i in range(0, n, step) if n - 1 - i >= step} | {n - 1}


def history_chart(points, *, id_prefix="history", title="Readiness over time") -> SafeString:
    """Line chart of readiness (0..100 %) over time; "" for fewer than two points."""
    points = [(str(label), float(value)) for label, value in points]
    if len(points) < 2:
        return SafeString("")
    for label, value in points:
        check_range(f"value for {label}", value, 0, 100)
    left, right, top, bottom = 48, 616, 24, 196
    step = (right - left - 40) / (len(points) - 1)  # 20 spare each side: centred labels
    xy = [
        (left + 20 + i * step, bottom - v / 100 * (bottom - top)) for i, (_, v) in enumerate(points)
    ]
    parts = []
    for pct in (0, 25, 50, 75, 100):
        y = bottom - pct / 100 * (bottom - top)
        parts += [
            el("line", x1=left, y1=y, x2=right, y2=y, stroke=GRID),
            el("text", f"{pct}%", x=left - 8, y=y + 4, text_anchor="end", font_size=11, fill=MUTED),
        ]
    parts.append(
        el(
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
            el(
                "circle",
                [el("title", f"{label}: {text}")],
                cx=x,
                cy=y,
                r=4.5,
                fill="#ffffff",
                stroke=BAR,
                stroke_width=2,
                class_="chart-point",
            )
        )
        neighbours = [points[k][1] for k in (i - 1, i + 1) if 0 <= k < len(points)]
        # Label a dip below its point, clear of the line (not near 0: dates are there).
        below = value >= 15 and all(value < n for n in neighbours)
        if i in values:
            parts.append(
                el(
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
                el(
                    "text",
                    truncate(label, 14),
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
    return svg_document(id_prefix, title, desc, 640, 240, parts)
