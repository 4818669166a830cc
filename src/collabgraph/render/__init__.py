"""Render networks for people: offline interactive HTML pages and growth charts.

:func:`render_ego` (one institution's neighbourhood, alliances as hubs), :func:`render_whole`
(the network with a year slider), :func:`render_communities` (institutions coloured and grouped
by community) and :func:`render_overview` (one node per community or country, for networks too
big to draw one by one) each write one self-contained page.

Examples
--------
>>> from collabgraph.render import render_html, growth_chart
>>> callable(render_html) and callable(growth_chart)
True
"""

from collabgraph.render.charts import growth_chart
from collabgraph.render.html import (
    PHYSICS_LIMIT,
    WHOLE_VIEW_LIMIT,
    ego_graph,
    render_communities,
    render_ego,
    render_html,
    render_overview,
    render_whole,
)

__all__ = [
    "render_html",
    "render_ego",
    "render_whole",
    "render_communities",
    "render_overview",
    "ego_graph",
    "growth_chart",
    "PHYSICS_LIMIT",
    "WHOLE_VIEW_LIMIT",
]
