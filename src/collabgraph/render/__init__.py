"""Render networks for people: an offline interactive HTML page and growth charts.

Examples
--------
>>> from collabgraph.render import render_html, growth_chart
>>> callable(render_html) and callable(growth_chart)
True
"""

from .charts import growth_chart
from .html import PHYSICS_LIMIT, WHOLE_VIEW_LIMIT, ego_graph, render_ego, render_html, render_whole

__all__ = ["render_html", "render_ego", "render_whole", "ego_graph", "growth_chart", "PHYSICS_LIMIT",
           "WHOLE_VIEW_LIMIT"]
