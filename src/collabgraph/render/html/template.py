"""The page template and what it inlines: one self-contained HTML file per view.

``templates/network.html.j2`` is rendered by a Jinja2 environment that autoescapes every value;
the payload goes in through ``tojson``, which escapes ``<``, ``>``, ``&`` and ``'``, inside a
``<script type="application/json">`` block. vis-network's JavaScript and CSS are inlined from the
copy pyvis ships (checked to hold no closing tag), so the page fetches nothing. :func:`_write`
renders a page and writes it atomically.
"""

from __future__ import annotations

import functools
import re
from importlib.resources import files
from pathlib import Path

import networkx as nx
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from collabgraph.files.atomic import atomic_write_text
from collabgraph.render.html.styles import KIND_COLORS, OTHER_KIND_COLOR

VIS_LIB = ("templates", "lib", "vis-9.1.2")


@functools.lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS from pyvis's package data, checked safe to inline."""
    lib = files("pyvis").joinpath(*VIS_LIB)
    # The source-map comment would point DevTools at a file the page does not ship.
    js = lib.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    js = re.sub(r"\s*//# sourceMappingURL=\S+\s*$", "\n", js)
    css = lib.joinpath("vis-network.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():
        raise RuntimeError("vis-network assets contain a closing tag and cannot be inlined")
    return js, css


@functools.lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("collabgraph.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _cut(graph: nx.Graph) -> str:
    """The time cut in words, from the graph attributes institution_graph sets."""
    g = graph.graph
    parts = []
    if g.get("as_of"):
        parts.append(f"as of {g['as_of']}")
    if g.get("since") or g.get("until"):
        parts.append(f"started {g.get('since') or '…'} to {g.get('until') or '…'}")
    if g.get("include_planned"):
        parts.append("planned ties included")
    return "; ".join(parts)


def _write(
    graph: nx.Graph,
    path: Path | str,
    *,
    title: str,
    page: dict,
    size_by: str | None,
    time_slider: bool,
    noun: tuple[str, str] = ("institution", "institutions"),
    note: str | None = None,
) -> Path:
    js, css = _vis_assets()
    size_title = {"institutions": "number of institutions", None: "degree (number of partners)"}.get(
        size_by, size_by.replace("_", " ") if size_by else ""
    )
    text = (
        _environment()
        .get_template("network.html.j2")
        .render(
            title=title,
            data=page["data"],
            vis_js=Markup(js),
            vis_css=Markup(css),
            nodes=page["nodes"],
            links=page["links"],
            ties=page["ties"],
            undated=page["undated"],
            noun=noun[1],
            note=note,
            cut=_cut(graph),
            center=page["center_label"],
            size_title=size_title,
            colorings=page["colorings"],
            edge_legend=page["edge_legend"],
            line_legend=page["line_legend"],
            has_hubs=page["has_hubs"],
            hub_count=page["hub_count"],
            hub_kinds=page["hub_kinds"],
            hub_colors={k: KIND_COLORS.get(k, OTHER_KIND_COLOR) for k in page["hub_kinds"]},
            time_slider=time_slider,
            year_min=page["year_min"],
            year_max=page["year_max"],
        )
    )
    return atomic_write_text(path, text)
