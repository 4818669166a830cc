"""Offline interactive HTML of a collaboration network: one self-contained page per view.

The page comes from ``templates/network.html.j2`` (Jinja2, autoescaped), with vis-network's
JavaScript and CSS inlined from the copy pyvis ships, so it opens from ``file://`` with networking
off and a Content-Security-Policy that forbids every fetch. The data travel as JSON in a
``<script type="application/json">`` block (``<``, ``>`` and ``&`` escaped); the page's script
builds every label, tooltip, legend entry and side-panel line with ``textContent`` or draws it on
the canvas, so a label or a quote is always text, never markup.

What a page offers:

- **labels by importance**: drawn by the page itself, most important first (the centre, then
  alliance and agreement hubs, then institutions by the size metric and degree); a label is
  drawn only where it overlaps no other label and no other node, so more appear as you zoom;
- **a search box** that finds an institution (or an alliance) by name and focuses it;
- **a side panel**: click a node or a link for every tie behind it (kind, date, status,
  sources, the verbatim quote, selectable and copyable, and its English gloss); hovering
  shows a short tooltip;
- **colour toggles** (type or community) with a legend that says what colour means; links are
  coloured by the kind of their main tie; the line says how sure the time is: dashed for an
  undated tie, dotted for an ended one, dash-dot for a planned one;
- **hub view** (ego views): an alliance or a multilateral agreement is a node its members link
  to, bilateral ties stay direct links; a toggle switches to the projected view (members
  linked directly);
- **a year slider** (``time_slider``): each tie shows in the years it holds by
  :func:`collabgraph.questions.timeline.span`, so the slider at a year shows what ``--as-of YEAR`` shows;
  on an ego view the institutions are those within ``depth`` links of the centre in that year.

Where the code is:

- :mod:`~collabgraph.render.html.views`: :func:`render_html`, :func:`render_whole`,
  :func:`render_communities`; :mod:`~collabgraph.render.html.overview`: :func:`render_overview`;
  :mod:`~collabgraph.render.html.ego`: :func:`ego_graph`, :func:`render_ego`;
- :mod:`~collabgraph.render.html.page`: the JSON payload a page carries;
- :mod:`~collabgraph.render.html.styles`: colours, sizes, labels, line styles, legends;
- :mod:`~collabgraph.render.html.ties`: the ties behind each link, hubs;
- :mod:`~collabgraph.render.html.layout`: positions when the browser does not lay out the page
  (its limits, such as :data:`PHYSICS_LIMIT`, are read there);
- :mod:`~collabgraph.render.html.template`: the template, the inlined vis-network, the write.
"""

from collabgraph.render.html.ego import ego_graph, render_ego
from collabgraph.render.html.layout import PHYSICS_EDGE_LIMIT, PHYSICS_LIMIT, live_physics
from collabgraph.render.html.overview import render_overview
from collabgraph.render.html.styles import (
    ENDED_DASHES,
    KIND_COLORS,
    LABEL_CHARS,
    PLANNED_DASHES,
    TYPE_COLORS,
    UNDATED_DASHES,
    community_colors,
)
from collabgraph.render.html.ties import is_hub_tie
from collabgraph.render.html.views import WHOLE_VIEW_LIMIT, render_communities, render_html, render_whole

__all__ = [
    "render_html",
    "render_ego",
    "render_whole",
    "render_communities",
    "render_overview",
    "ego_graph",
    "live_physics",
    "community_colors",
    "is_hub_tie",
    "PHYSICS_LIMIT",
    "PHYSICS_EDGE_LIMIT",
    "WHOLE_VIEW_LIMIT",
    "TYPE_COLORS",
    "KIND_COLORS",
    "PLANNED_DASHES",
    "ENDED_DASHES",
    "UNDATED_DASHES",
    "LABEL_CHARS",
]
