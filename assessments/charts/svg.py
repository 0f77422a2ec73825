"""The pieces every chart is built from: escaped elements, the document, legends, markers."""

import re

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

FONT = "system-ui, sans-serif"
INK, MUTED, GRID, ZEBRA = "#1a1a1a", "#595959", "#d0d0d0", "#f5f5f5"
BAR, GAP_INK, GAP_FILL = "#2b6cb0", "#b34700", "#f6c6a0"
# ColorBrewer OrRd, light to dark, last two darkened so their text keeps >= 4.5:1.
HEAT = ("#fef0d9", "#fdcc8a", "#fc8d59", "#d7301f", "#7f0000")
HEAT_TEXT = (INK, INK, INK, "#ffffff", "#ffffff")
NO_DATA = "#e8e8e8"
HEAT_MAX = 25.0
ID_PATTERN = re.compile(r"[A-Za-z][\w-]*\Z")


def fmt(value):
    """Print floats with at most two decimals so coordinates stay short."""
    return f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else value


def el(tag: str, content=None, **attrs) -> SafeString:
    """One SVG element (class_ -> class, stroke_width -> stroke-width); empty: <x/>."""
    pairs = ((k.rstrip("_").replace("_", "-"), fmt(v)) for k, v in attrs.items())
    attributes = format_html_join("", ' {}="{}"', pairs)
    if content is None:
        return format_html("<{}{}/>", tag, attributes)
    return format_html("<{0}{1}>{2}</{0}>", tag, attributes, content)


def join(parts) -> SafeString:
    """Concatenate fragments, escaping any that are not already safe."""
    return format_html_join("", "{}", ((p,) for p in parts))


def truncate(text, limit: int) -> str:
    """Shorten text to limit characters, ending in an ellipsis when cut."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def svg_document(prefix: str, title, desc, width, height, body) -> SafeString:
    """Wrap body in the accessible root element."""
    if not ID_PATTERN.match(prefix):  # it becomes ids and a space-separated aria-labelledby
        raise ValueError(f"id_prefix must look like an HTML id, got {prefix!r}")
    t, d = f"{prefix}-title", f"{prefix}-desc"
    return el(
        "svg",
        join([el("title", title, id=t), el("desc", desc, id=d), body]),
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


def draw_legend(items, y) -> tuple[SafeString, float]:
    """Lay (swatch, label) pairs out in one row; each swatch is drawn in a 16x16 box."""
    parts, x = [], 8.0
    for swatch, label in items:
        body = join([swatch, el("text", label, x=22, y=12)])
        parts.append(el("g", body, transform=f"translate({x:g} {y:g})"))
        x += 22 + 7 * len(label) + 14  # 7 a glyph over-estimates: items never touch
    return el("g", join(parts), class_="legend"), x


def swatch(fill, stroke=GRID) -> SafeString:
    return el("rect", width=16, height=16, fill=fill, stroke=stroke)


def diamond(cx, cy, r=6) -> SafeString:
    """Counselor marker: a white diamond with a dark outline, visible on any bar."""
    points = f"{cx:g},{cy - r:g} {cx + r:g},{cy:g} {cx:g},{cy + r:g} {cx - r:g},{cy:g}"
    return el(
        "polygon", points=points, fill="#ffffff", stroke=INK, stroke_width=2, class_="validated"
    )


def hatch(pattern_id: str) -> SafeString:
    """Diagonal hatching for gap bars, so a gap does not rely on colour alone."""
    stripes = join(
        [
            el("rect", width=6, height=6, fill=GAP_FILL),
            el("line", x1=0, y1=0, x2=0, y2=6, stroke=GAP_INK, stroke_width=3),
        ]
    )
    pattern = el(
        "pattern",
        stripes,
        id=pattern_id,
        width=6,
        height=6,
        patternUnits="userSpaceOnUse",
        patternTransform="rotate(45)",
    )
    return el("defs", pattern)


def check_range(label: str, value, low, high) -> None:
    if not low <= value <= high:  # out-of-range data would silently draw off the plot
        raise ValueError(f"{label} must be {low}..{high}, got {value}")
