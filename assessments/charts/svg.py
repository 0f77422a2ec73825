"""The pieces every chart is built from: escaped elements, the document, legends, markers.

Elements are plain strings of markup. Text and attribute values are escaped once, where they
enter an element; a list of children is markup from el() and goes in as it is. Only the
finished <svg> document is marked safe.
"""

import re
from html import escape

from django.utils.safestring import SafeString, mark_safe

FONT = "system-ui, sans-serif"
INK, MUTED, GRID, ZEBRA = "#1a1a1a", "#595959", "#d0d0d0", "#f5f5f5"
BAR, GAP_INK, GAP_FILL = "#2b6cb0", "#b34700", "#f6c6a0"
# ColorBrewer OrRd, light to dark, last two darkened so their text keeps >= 4.5:1.
HEAT = ("#fef0d9", "#fdcc8a", "#fc8d59", "#d7301f", "#7f0000")
HEAT_TEXT = (INK, INK, INK, "#ffffff", "#ffffff")
NO_DATA = "#e8e8e8"
HEAT_MAX = 25.0
LEGEND_LINE = 22  # the height of one row of legend items
ID_PATTERN = re.compile(r"[A-Za-z][\w-]*\Z")


def fmt(value) -> str:
    """An attribute value: floats with at most two decimals (short coordinates), text escaped."""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return str(value)  # digits need no escaping
    return escape(str(value))  # quote=True: also safe inside a double-quoted attribute


_names = {}  # keyword -> attribute name: class_ -> class, stroke_width -> stroke-width


def _name(keyword: str) -> str:
    name = _names.get(keyword)
    if name is None:
        name = _names[keyword] = keyword.rstrip("_").replace("_", "-")
    return name


def el(tag: str, content=None, **attrs) -> str:
    """One SVG element: content is text (escaped) or a list of el() children; none: <x/>."""
    attributes = "".join([f' {_name(k)}="{fmt(v)}"' for k, v in attrs.items()])
    if content is None:
        return f"<{tag}{attributes}/>"
    body = "".join(content) if isinstance(content, list) else escape(str(content))
    return f"<{tag}{attributes}>{body}</{tag}>"


def truncate(text, limit: int) -> str:
    """Shorten text to limit characters, ending in an ellipsis when cut."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def svg_document(prefix: str, title, desc, width, height, body: list) -> SafeString:
    """Wrap the body's elements in the accessible root element: the finished, safe chart."""
    if not ID_PATTERN.match(prefix):  # it becomes ids and a space-separated aria-labelledby
        raise ValueError(f"id_prefix must look like an HTML id, got {prefix!r}")
    t, d = f"{prefix}-title", f"{prefix}-desc"
    svg = el(
        "svg",
        [el("title", title, id=t), el("desc", desc, id=d), *body],
        xmlns="http://www.w3.org/2000/svg",
        class_="chart",
        role="img",
        aria_labelledby=f"{t} {d}",
        viewBox=f"0 0 {width} {height}",
        width=width,  # its natural size, in CSS px; the page's CSS may scale it
        height=height,
        preserveAspectRatio="xMinYMin meet",
        font_family=FONT,
        font_size=12,
        fill=INK,
    )
    return mark_safe(svg)  # noqa: S308 - every text and attribute value was escaped by el()


def draw_legend(items, y, max_width=None) -> tuple[str, float, float]:
    """Lay (swatch, label) pairs out in rows of at most max_width (one row if None); each
    swatch is drawn in a 16x16 box. Returns the legend, its width and its height."""
    parts, x, line, widest = [], 8.0, 0, 0.0
    for swatch, label in items:
        width = 22 + 7 * len(label) + 14  # 7 a glyph over-estimates: items never touch
        if max_width and x > 8 and x + width > max_width:
            x, line = 8.0, line + 1
        body = [swatch, el("text", label, x=22, y=12)]
        parts.append(el("g", body, transform=f"translate({x:g} {y + line * LEGEND_LINE:g})"))
        x += width
        widest = max(widest, x)
    return el("g", parts, class_="chart-legend"), widest, (line + 1) * LEGEND_LINE


def swatch(fill, stroke=GRID) -> str:
    return el("rect", width=16, height=16, fill=fill, stroke=stroke)


def diamond(cx, cy, r=6) -> str:
    """Counselor marker: a white diamond with a dark outline, visible on any bar."""
    points = f"{cx:g},{cy - r:g} {cx + r:g},{cy:g} {cx:g},{cy + r:g} {cx - r:g},{cy:g}"
    return el(
        "polygon",
        points=points,
        fill="#ffffff",
        stroke=INK,
        stroke_width=2,
        class_="chart-validated",
    )


def hatch(pattern_id: str) -> str:
    """Diagonal hatching for gap bars, so a gap does not rely on colour alone."""
    stripes = [
        el("rect", width=6, height=6, fill=GAP_FILL),
        el("line", x1=0, y1=0, x2=0, y2=6, stroke=GAP_INK, stroke_width=3),
    ]
    pattern = el(
        "pattern",
        stripes,
        id=pattern_id,
        width=6,
        height=6,
        patternUnits="userSpaceOnUse",
        patternTransform="rotate(45)",
    )
    return el("defs", [pattern])


def check_range(label: str, value, low, high) -> None:
    if not low <= value <= high:  # out-of-range data would silently draw off the plot
        raise ValueError(f"{label} must be {low}..{high}, got {value}")
