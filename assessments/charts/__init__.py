"""Server-rendered SVG charts: no JavaScript, no style attributes, every text escaped.

Colour is never the only signal: gaps are hatched and say "gap N"; cells print values.
"""

from .heatmap import heat_step, heatmap
from .history import history_chart
from .skills import skill_chart
from .svg import HEAT, HEAT_MAX, HEAT_TEXT

__all__ = ["HEAT", "HEAT_MAX", "HEAT_TEXT", "heat_step", "heatmap", "history_chart", "skill_chart"]
