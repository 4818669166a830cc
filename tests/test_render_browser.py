"""The pages render in headless Chromium from file:// with networking off, and do what a user does.

The page sets ``data-drawn-nodes``, ``data-drawn-edges`` and ``data-drawn-labels`` on ``<body>`` in
vis-network's ``afterDrawing`` event and ``data-ready`` once laid out; ``--dump-dom`` reads them
back after a virtual-time budget. To act as a user, a test copies the page and adds a *driver*
script before ``</body>``: once the page is ready it clicks the canvas (pointer events at a
node's position), types into the search box, moves the slider or flips a toggle, waits, and
writes what the page then shows (DOM, the vis-network DataSets, canvas pixels, the label boxes
the page drew) as JSON into ``<pre id="test-result">``. Console messages reach stderr through
``--enable-logging=stderr`` as ``…:CONSOLE…`` lines; the page logs nothing of its own, so any
such line is a failure. Chromium is required: CI installs it, and a machine without it fails
here rather than skipping silently.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import networkx as nx
import pytest
from PIL import Image

from collabgraph.network.communities import communities
from collabgraph.network.project import history_view, institution_graph, institution_graphs
from collabgraph.render import render_ego, render_html
from collabgraph.render.html import render_communities, render_overview

CHROMIUM = os.environ.get("COLLABGRAPH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
OFFLINE = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9",
    "--enable-logging=stderr",
    "--v=0",
    "--window-size=1200,900",
    "--virtual-time-budget=30000",
]
UM = "https://w3id.org/collabgraph/id/maastricht-university"
XSS = "<img src=x onerror=alert(1)>"

# Runs after the page's own script: waits for data-ready, then the test's steps (each after a pause).
DRIVER = """<script>
(function () {
  "use strict";
  function finish(out) {
    var pre = document.createElement("pre");
    pre.id = "test-result";
    pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  }
  function whenReady(fn) {
    if (document.body.getAttribute("data-ready") === "1") { setTimeout(fn, 200); }
    else { setTimeout(function () { whenReady(fn); }, 50); }
  }
  whenReady(function () {
    var out = {}, steps = [], cg = window.collabgraph, net = cg.network;
    function later(fn, ms) { steps.push([fn, ms === undefined ? 500 : ms]); }
    function run() {
      if (!steps.length) { finish(out); return; }
      var step = steps.shift();
      setTimeout(function () {
        try { step[0](); } catch (err) { out.error = String(err && err.stack || err); }
        run();
      }, step[1]);
    }
    function dom(id) { return net.canvasToDOM(net.getPositions([id])[id]); }
    function click(point) {
      var canvas = document.querySelector("#network canvas"), r = canvas.getBoundingClientRect();
      var o = {bubbles: true, cancelable: true, clientX: r.left + point.x, clientY: r.top + point.y,
               pointerId: 1, pointerType: "mouse", isPrimary: true, button: 0, buttons: 1};
      canvas.dispatchEvent(new PointerEvent("pointerdown", o));
      o.buttons = 0;
      canvas.dispatchEvent(new PointerEvent("pointerup", o));
    }
    function texts(selector) {
      return Array.prototype.map.call(document.querySelectorAll(selector), function (x) { return x.textContent; });
    }
    function legendShown() { return texts("#legend section:not([hidden])"); }
    function visible() {
      return cg.visibleNodes().map(function (id) { return cg.payload.nodes[id]; });
    }
    var copy = null;
    function snapshot() {  // one readback of the drawn canvas, then pixels from the copy
      var canvas = document.querySelector("#network canvas");
      var c = document.createElement("canvas");
      c.width = canvas.width;
      c.height = canvas.height;
      var ctx = c.getContext("2d", {willReadFrequently: true});
      ctx.drawImage(canvas, 0, 0);
      copy = {ctx: ctx, ratio: canvas.width / canvas.clientWidth};
    }
    function pixel(point) {
      var d = copy.ctx.getImageData(Math.round(point.x * copy.ratio), Math.round(point.y * copy.ratio), 1, 1).data;
      return [d[0], d[1], d[2]];
    }
    try {
      %s
    } catch (err) { out.error = String(err && err.stack || err); }
    run();
  });
}());
</script>"""
# Runs before anything else: an alert would mean a label or quote ran as markup.
ALERT_TRAP = "<script>window.__alerted = 0; window.alert = function () { window.__alerted += 1; };</script>"


def chromium(url: str, workdir: Path, *action: str) -> tuple[str, list[str]]:
    """Run headless Chromium offline on ``url``; return stdout and the console lines on stderr."""
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install it (apt-get install -y chromium) or set "
            "COLLABGRAPH_CHROMIUM; the browser tests need it and do not skip"
        )
    profile = tempfile.mkdtemp(prefix="profile-", dir=workdir)
    done = subprocess.run(
        [CHROMIUM, *OFFLINE, f"--user-data-dir={profile}", *action, url], capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    return done.stdout, console


def drive(page: Path, steps: str, workdir: Path, fragment: str = "", screenshot: Path | None = None) -> dict:
    """Open a copy of ``page`` with the driver running ``steps`` (JavaScript); return its ``out``."""
    text = page.read_text(encoding="utf-8")
    assert text.count("</body>") == 1
    text = text.replace("<head>", "<head>" + ALERT_TRAP, 1).replace("</body>", DRIVER % steps + "\n</body>")
    copy = Path(tempfile.mkdtemp(prefix="driven-", dir=workdir)) / page.name
    copy.write_text(text, encoding="utf-8")
    if screenshot is not None:
        chromium(copy.as_uri() + fragment, workdir, f"--screenshot={screenshot}")
    dom, console = chromium(copy.as_uri() + fragment, workdir, "--dump-dom")
    found = re.search(r'<pre id="test-result">(.*?)</pre>', dom, re.S)
    assert found, dom[-3000:]
    out = json.loads(html.unescape(found.group(1)))
    assert "error" not in out, out["error"]
    assert console == [], console
    return out


def drawn(dom: str) -> tuple[int, int]:
    """The node and edge counts the page reported after vis-network drew."""
    body = re.search(r"<body[^>]*>", dom)
    assert body, dom[:500]
    nodes = re.search(r'data-drawn-nodes="(\d+)"', body.group(0))
    edges = re.search(r'data-drawn-edges="(\d+)"', body.group(0))
    return int(nodes.group(1)), int(edges.group(1))


def page_data(page: Path) -> dict:
    block = re.search('id="graph-data">(.*?)</script>', page.read_text(encoding="utf-8"), re.S).group(1)
    return json.loads(block)


def assert_screenshot_shows_a_network(png: Path) -> None:
    assert png.is_file() and png.stat().st_size > 20_000
    with Image.open(png) as image:
        assert image.size == (1200, 900)
        pixels = image.convert("RGB")
        canvas = pixels.crop((300, 120, 1200, 900))  # right of the legend, below the header
        colours = canvas.getcolors(maxcolors=1_000_000)
    inked = sum(n for n, rgb in colours if sum(rgb) < 700)
    assert len(colours) > 50 and inked > 0.01 * canvas.width * canvas.height


def intersecting(boxes: list[dict]) -> list[tuple]:
    return [
        (a["text"], b["text"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]
    ]


@pytest.fixture(scope="module")
def graphs(ds_all) -> tuple[nx.Graph, nx.Graph]:
    """Today's network (with communities) and its history, as ``build`` makes them."""
    history, now = institution_graphs(ds_all, {"history": True}, {})
    nx.set_node_attributes(now, communities(now).membership(), "community")
    return now, history_view(ds_all, now, history=history)


@pytest.fixture(scope="module")
def curated(graphs) -> nx.Graph:
    return graphs[0]


@pytest.fixture(scope="module")
def pages(graphs, tmp_path_factory) -> dict[str, Path]:
    now, history = graphs
    out = tmp_path_factory.mktemp("pages")
    return {
        "network": render_html(now, out / "network.html", title="Curated network"),
        "slider": render_html(now, out / "slider.html", title="Curated network over time", time_slider=True),
        "ego": render_ego(now, "Maastricht University", out / "ego.html"),
        "ego-history": render_ego(now, "Maastricht University", out / "ego-history.html", history=history),
        "communities": render_communities(now, out / "communities.html", title="The network by community"),
    }


# Drawn offline, without console errors ---------------------------------------------------------


def test_curated_network_draws_every_node_offline_without_console_errors(curated, pages, tmp_path):
    dom, console = chromium(pages["network"].as_uri(), tmp_path, "--dump-dom")
    assert drawn(dom) == (curated.number_of_nodes(), curated.number_of_edges())
    assert 'data-ready="1"' in dom and console == []


def test_curated_network_screenshot_shows_the_network(pages, tmp_path):
    png = tmp_path / "network.png"
    chromium(pages["network"].as_uri(), tmp_path, f"--screenshot={png}")
    assert_screenshot_shows_a_network(png)


def test_time_slider_page_draws_everything_at_the_last_year(curated, pages, tmp_path):
    dom, console = chromium(pages["slider"].as_uri(), tmp_path, "--dump-dom")
    assert drawn(dom) == (curated.number_of_nodes(), curated.number_of_edges())
    assert 'id="year"' in dom and console == []


def test_time_slider_page_shows_only_ties_started_by_the_year(curated, pages, tmp_path):
    dated = [(a, b) for a, b, start in curated.edges(data="start") if start and int(start[:4]) <= 2015]
    dom, console = chromium(pages["slider"].as_uri() + "#year=2015&undated=0", tmp_path, "--dump-dom")
    assert drawn(dom) == (len({n for pair in dated for n in pair}), len(dated))
    assert 0 < len(dated) < curated.number_of_edges() and console == []


def test_time_slider_screenshot_shows_the_network(pages, tmp_path):
    png = tmp_path / "slider.png"
    chromium(pages["slider"].as_uri() + "#year=2020", tmp_path, f"--screenshot={png}")
    assert_screenshot_shows_a_network(png)


def test_precomputed_layout_page_draws_without_physics(tmp_path):
    g = nx.les_miserables_graph()
    page = render_html(g, tmp_path / "static.html", title="Les Misérables", physics=False)
    dom, console = chromium(page.as_uri(), tmp_path, "--dump-dom")
    assert drawn(dom) == (g.number_of_nodes(), g.number_of_edges()) and console == []


def test_console_check_catches_an_uncaught_error(tmp_path):
    """The console check is not vacuous: a page that throws is reported."""
    broken = tmp_path / "broken.html"
    broken.write_text("<!DOCTYPE html><body><script>notDefinedAnywhere();</script></body>", encoding="utf-8")
    _, console = chromium(broken.as_uri(), tmp_path, "--dump-dom")
    assert any("Uncaught ReferenceError" in line for line in console)


# The communities page -------------------------------------------------------------------------


def test_communities_page_colours_each_community_apart_on_the_canvas(curated, pages, tmp_path):
    """Read back what was drawn: every node's fill in the DataSet and the canvas pixel at its
    centre; one colour per community, no two communities alike; the type toggle recolours."""
    out = drive(
        pages["communities"],
        """
      function sample() {
        snapshot();
        return visible().map(function (n) {
          return {iri: n.iri, community: n.community, fill: net.body.data.nodes.get(n.id).color.background,
                  pixel: pixel(dom(n.id)), radius: n.size * net.getScale()};
        });
      }
      out.community = sample();
      out.legend = legendShown();
      out.header = document.querySelector(".counts").textContent;
      document.querySelector('input[name="color"][value="type"]').click();
      later(function () {
        out.type = sample();
        out.legendAfter = legendShown();
      });
    """,
        tmp_path,
    )
    fills: dict = {}
    for n in out["community"]:
        fills.setdefault(n["community"], set()).add(n["fill"])
    assert len(fills) == len({d["community"] for _, d in curated.nodes(data=True)}) > 5
    assert all(len(f) == 1 for f in fills.values())  # one colour per community
    assert len({f.pop() for f in fills.values()}) == len(fills)  # and no two alike

    def rgb(hex_: str) -> tuple:
        return tuple(int(hex_[i : i + 2], 16) for i in (1, 3, 5))

    painted = [n for n in out["community"] if n["radius"] >= 3]
    matching = [n for n in painted if max(abs(a - b) for a, b in zip(rgb(n["fill"]), n["pixel"], strict=True)) <= 40]
    assert len(painted) > 20 and len(matching) >= 0.8 * len(painted)  # the canvas shows those colours
    assert "Colour: community" in out["legend"][0] and "community 0:" in out["legend"][0]
    assert "unknown" not in out["legend"][0] and " of " not in out["header"].split("institutions")[0]
    types = {n["iri"]: n["fill"] for n in out["type"]}
    for iri, d in curated.nodes(data=True):
        if iri in types and d["type"] == "university":
            assert types[iri] == "#1f77b4"
    assert "Colour: type of institution" in out["legendAfter"][0]


def test_communities_page_labels_its_communities_without_overlap_or_clipping(pages, tmp_path):
    out = drive(
        pages["communities"],
        """
      out.boxes = cg.labelBoxes();
      out.width = document.getElementById("network").clientWidth;
      out.height = document.getElementById("network").clientHeight;
    """,
        tmp_path,
    )
    boxes = out["boxes"]
    assert intersecting(boxes) == []
    assert all(
        0 <= b["x"] and b["x"] + b["w"] <= out["width"] and 0 <= b["y"] and b["y"] + b["h"] <= out["height"] for b in boxes
    )  # inside the canvas: nothing cut at the edge
    texts = [b["text"] for b in boxes]
    assert "community 0 (" in " ".join(texts) and sum(t.startswith("community ") for t in texts) >= 5


def test_communities_screenshot_shows_the_network(pages, tmp_path):
    png = tmp_path / "communities.png"
    chromium(pages["communities"].as_uri(), tmp_path, f"--screenshot={png}")
    assert_screenshot_shows_a_network(png)


def test_overview_of_a_big_network_draws_one_node_per_community_each_its_own_colour(tmp_path):
    g = nx.connected_caveman_graph(40, 8)  # 320 institutions in 40 tight groups
    nx.set_node_attributes(g, {n: f"Institution {n}" for n in g}, "label")
    nx.set_node_attributes(g, {n: n // 8 for n in g}, "community")
    for _, _, d in g.edges(data=True):
        d.update(weight=1.0, start="2020", undated=False, planned=False, ties=[])
    page = render_communities(g, tmp_path / "communities.html", title="Big", limit=100)
    out = drive(
        page,
        """
      out.fills = visible().map(function (n) { return net.body.data.nodes.get(n.id).color.background; });
      out.header = document.querySelector(".counts").textContent.replace(/\\s+/g, " ");
      document.getElementById("search").value = "Institution 97";
      document.getElementById("search").dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true}));
      later(function () {
        out.selected = net.getSelectedNodes();
        out.status = document.getElementById("search-status").textContent;
        out.panel = document.querySelector("#panel h2").textContent;
      });
    """,
        tmp_path,
    )
    assert len(out["fills"]) == 40 == len(set(out["fills"]))
    assert out["header"].strip().startswith("40 communities")
    assert out["panel"].startswith("community 12") and out["status"].startswith("in community 12")


# Ego views: hubs, projected toggle, slider ------------------------------------------------------


def test_ego_view_draws_alliances_as_hubs_and_the_toggle_projects_them_away(curated, pages, tmp_path):
    ego = nx.ego_graph(curated, UM)
    data = page_data(pages["ego"])
    out = drive(
        pages["ego"],
        """
      out.hubs = visible().filter(function (n) { return n.hub; }).map(function (n) { return n.label; });
      out.institutions = visible().filter(function (n) { return !n.hub; }).length;
      out.edges = cg.visibleEdges().length;
      out.centreLinks = cg.visibleEdges().map(function (id) { return cg.payload.edges[id]; })
        .filter(function (e) { return e.from === cg.payload.center || e.to === cg.payload.center; })
        .map(function (e) {
          var o = cg.payload.nodes[e.from === cg.payload.center ? e.to : e.from];
          return [o.label, Boolean(o.hub)];
        });
      out.drawn = [document.body.getAttribute("data-drawn-nodes"), document.body.getAttribute("data-drawn-edges")];
      document.querySelector('input[name="view"][value="projected"]').click();
      later(function () {
        out.projectedHubs = visible().filter(function (n) { return n.hub; }).length;
        out.projectedInstitutions = visible().length;
        out.projectedEdges = cg.visibleEdges().length;
        out.view = document.body.getAttribute("data-view");
        document.querySelector('input[name="view"][value="hubs"]').click();
      });
      later(function () { out.back = visible().filter(function (n) { return n.hub; }).length; });
    """,
        tmp_path,
    )
    assert {
        "Worldwide Universities Network",
        "Young European Research Universities Network",
        "Young Universities for the Future of Europe",
    } <= set(out["hubs"])
    assert out["institutions"] == ego.number_of_nodes()
    bilateral = [label for label, hub in out["centreLinks"] if not hub]
    assert {"University of California, Irvine", "University of York", "United Nations University"} <= set(bilateral)
    assert len(out["centreLinks"]) < 15  # no longer a hairball: hubs and bilateral partners
    assert out["edges"] == sum(e["view"] != "projected" for e in data["edges"]) < ego.number_of_edges()
    assert out["drawn"] == [str(out["institutions"] + len(out["hubs"])), str(out["edges"])]
    assert out["projectedHubs"] == 0 and out["view"] == "projected"
    assert (out["projectedInstitutions"], out["projectedEdges"]) == (ego.number_of_nodes(), ego.number_of_edges())
    assert out["back"] == len(out["hubs"])


def test_ego_slider_shows_exactly_the_neighbourhood_as_of_each_year(ds_all, pages, tmp_path):
    """With the history, the slider at a year shows the ego view of the network as of that
    year (the rule of collabgraph.questions.timeline); fewer ties in earlier years; in both views."""
    years = [2008, 2012, 2016, 2020, 2024]
    out = drive(
        pages["ego-history"],
        """
      var slider = document.getElementById("year"), years = YEARS;
      out.years = {};
      function record(view) {
        return {nodes: visible().filter(function (n) { return !n.hub; }).map(function (n) { return n.iri; }).sort(),
                hubs: visible().filter(function (n) { return n.hub; }).length, edges: cg.visibleEdges().length,
                label: document.getElementById("year-label").textContent};
      }
      years.forEach(function (y) {
        later(function () {
          slider.value = String(y);
          slider.dispatchEvent(new Event("input", {bubbles: true}));
        }, 50);
        later(function () { out.years[y] = record(); cg.setView("projected"); }, 50);
        later(function () { out.years[y].projected = record(); cg.setView("hubs"); }, 50);
      });
    """.replace("YEARS", json.dumps(years)),
        tmp_path,
    )
    edges = []
    for year in years:
        cut = institution_graph(ds_all, as_of=str(year))
        expected = sorted(nx.ego_graph(cut, UM)) if UM in cut else [UM]
        shown = out["years"][str(year)]
        assert shown["nodes"] == expected, year
        assert shown["projected"]["nodes"] == expected
        ego = cut.subgraph(expected)
        assert shown["projected"]["edges"] == ego.number_of_edges(), year
        assert shown["label"] == str(year)
        edges.append(shown["edges"])
    assert edges[0] < edges[-1]  # the slider changes the visible ties


def test_ego_screenshot_shows_the_hub_view(pages, tmp_path):
    png = tmp_path / "ego.png"
    chromium(pages["ego"].as_uri(), tmp_path, f"--screenshot={png}")
    assert_screenshot_shows_a_network(png)


# Labels ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["ego", "network", "slider"])
def test_labels_do_not_overlap_at_the_starting_zoom_and_more_appear_when_zooming(pages, name, tmp_path):
    out = drive(
        pages[name],
        """
      out.boxes = cg.labelBoxes();
      out.width = document.getElementById("network").clientWidth;
      out.height = document.getElementById("network").clientHeight;
      out.order = cg.payload.order.filter(function (id) { return cg.visibleNodes().indexOf(id) >= 0; });
      out.visible = cg.visibleNodes().length;
      var labelled = out.boxes.map(function (b) { return b.id; });
      out.bare = out.order.filter(function (id) { return labelled.indexOf(id) < 0; });
      out.zoomed = [];
      [2, 4, 8, 16].forEach(function (factor) {  // zoom in on an unlabelled node, step by step
        later(function () {
          var id = out.bare[0], p = net.getPositions([id])[id];
          if (out.zoomed.some(function (b) { return b.id === id; })) { return; }
          net.moveTo({position: p, scale: out.scale * factor, animation: false});
          net.redraw();
        });
        later(function () { out.zoomed = cg.labelBoxes(); out.factor = factor; out.overlaps = out.overlaps || []; }, 100);
      });
      out.scale = net.getScale();
    """,
        tmp_path,
    )
    boxes = out["boxes"]
    assert intersecting(boxes) == [], intersecting(boxes)[:5]
    assert all(
        0 <= b["x"] and b["x"] + b["w"] <= out["width"] and 0 <= b["y"] and b["y"] + b["h"] <= out["height"] for b in boxes
    )
    labelled = {b["id"] for b in boxes}
    assert len(boxes) >= 15
    assert out["order"][0] in labelled  # the most important node (the centre) is labelled
    assert sum(i in labelled for i in out["order"][:8]) >= 5  # importance first
    assert intersecting(out["zoomed"]) == []
    assert out["bare"]  # not every label fits at the starting zoom ...
    assert out["bare"][0] in {b["id"] for b in out["zoomed"]}, (out["factor"], out["zoomed"])  # ... zooming shows it


# The side panel and the search box ---------------------------------------------------------------


def test_clicking_a_node_opens_the_panel_with_every_tie_and_its_quote(graphs, pages, tmp_path):
    now, _ = graphs
    york = next(n for n, d in now.nodes(data=True) if d["label"] == "University of York")
    tie = next(t for t in now.edges[UM, york]["ties"] if t["kind"] == "strategic_partnership")
    out = drive(
        pages["ego"],
        """
      var york = cg.payload.nodes.filter(function (n) { return n.label === "University of York"; })[0];
      click(dom(york.id));
      later(function () {
        var panel = document.getElementById("panel");
        out.hidden = panel.hidden;
        out.selected = net.getSelectedNodes();
        out.york = york.id;
        out.heading = panel.querySelector("h2").textContent;
        out.quotes = texts("#panel .quote");
        out.select = getComputedStyle(panel.querySelector(".quote")).userSelect;
        out.copy = panel.querySelectorAll("button.copy").length;
        out.text = panel.textContent;
        var range = document.createRange();
        range.selectNodeContents(panel.querySelector(".quote"));
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
        out.selection = String(window.getSelection());
        panel.querySelector("button.copy").click();
      });
      later(function () { out.copied = document.querySelector("#panel button.copy").textContent; });
    """,
        tmp_path,
    )
    assert out["hidden"] is False and out["selected"] == [out["york"]]
    assert out["heading"] == "University of York"
    assert tie["quote"] and tie["quote"] in out["quotes"]
    assert out["select"] in ("text", "auto") and out["copy"] == len(out["quotes"])
    assert out["selection"] in out["quotes"]  # the quote selects as text, ready to copy
    assert out["copied"] in ("copied", "select the quote and copy it")  # and the button answers
    for text in ("strategic partnership", tie["date"] or "undated", tie["status"], tie["sources"][0]):
        assert text in out["text"]


def test_clicking_a_link_opens_its_ties_with_quote_and_english_gloss(pages, tmp_path):
    """A click on a link whose tie has a Dutch quote: the panel shows the link's ties, the quote
    verbatim and its English gloss."""
    data = page_data(pages["ego"])
    out = drive(
        pages["ego"],
        """
      // Of the links shown whose ties carry a gloss, the one with a point farthest from every
      // other link and node; a click there.
      function gap(c, u, v) {
        var dx = v.x - u.x, dy = v.y - u.y, l = dx * dx + dy * dy;
        var t = l ? Math.max(0, Math.min(1, ((c.x - u.x) * dx + (c.y - u.y) * dy) / l)) : 0;
        return Math.hypot(c.x - u.x - t * dx, c.y - u.y - t * dy);
      }
      var best = null, W = document.getElementById("network").clientWidth, H = document.getElementById("network").clientHeight;
      cg.visibleEdges().forEach(function (eid) {
        var edge = cg.payload.edges[eid];
        if (!edge.ties.some(function (i) { return cg.payload.ties[i].gloss; })) { return; }
        var p = dom(edge.from), q = dom(edge.to);
        for (var t = 0.1; t <= 0.9; t += 0.02) {
          var c = {x: p.x + (q.x - p.x) * t, y: p.y + (q.y - p.y) * t}, clear = Infinity;
          if (c.x < 380 || c.x > W - 10 || c.y < 10 || c.y > H - 10) { continue; }  // not under the legend
          cg.visibleEdges().forEach(function (id) {
            var e = cg.payload.edges[id];
            if (id !== eid) { clear = Math.min(clear, gap(c, dom(e.from), dom(e.to))); }
          });
          cg.visibleNodes().forEach(function (id) {
            clear = Math.min(clear, Math.hypot(c.x - dom(id).x, c.y - dom(id).y) - cg.payload.nodes[id].size * net.getScale());
          });
          if (!best || clear > best.clear) { best = {point: c, clear: clear, edge: eid}; }
        }
      });
      out.clear = best.clear;
      out.edge = best.edge;
      click(best.point);
      later(function () {
        out.selectedEdges = net.getSelectedEdges();
        out.hidden = document.getElementById("panel").hidden;
        out.heading = document.querySelector("#panel h2").textContent;
        out.quotes = texts("#panel .quote");
        out.glosses = texts("#panel .gloss");
      });
    """,
        tmp_path,
    )
    assert out["clear"] > 5 and out["selectedEdges"] == [out["edge"]] and out["hidden"] is False
    edge = data["edges"][out["edge"]]
    a, b = data["nodes"][edge["from"]]["label"], data["nodes"][edge["to"]]["label"]
    assert out["heading"] in (f"{a} \u2014 {b}", f"{a} in {b}")
    ties = [data["ties"][i] for i in edge["ties"]]
    assert {t["quote"] for t in ties if t["quote"]} == set(out["quotes"])
    assert {f"In English: {t['gloss']}" for t in ties if t["gloss"]} == set(out["glosses"]) != set()


def test_hovering_shows_a_tooltip_for_a_glance(pages, tmp_path):
    out = drive(
        pages["ego"],
        """
      var york = cg.payload.nodes.filter(function (n) { return n.label === "University of York"; })[0];
      var p = dom(york.id), canvas = document.querySelector("#network canvas"), r = canvas.getBoundingClientRect();
      var at = {bubbles: true, clientX: r.left + p.x, clientY: r.top + p.y, pointerType: "mouse"};
      canvas.dispatchEvent(new PointerEvent("pointermove", at));
      canvas.dispatchEvent(new MouseEvent("mousemove", at));
      later(function () {
        var tip = document.querySelector("div.vis-tooltip");
        out.tip = tip ? tip.textContent : null;
        out.visible = tip ? tip.style.visibility : null;
        out.panelHidden = document.getElementById("panel").hidden;
      }, 800);
    """,
        tmp_path,
    )
    assert out["tip"] and out["tip"].startswith("University of York") and "Click for every tie" in out["tip"]
    assert out["visible"] == "visible" and out["panelHidden"] is True


def test_search_box_focuses_an_institution(pages, tmp_path):
    out = drive(
        pages["network"],
        """
      var search = document.getElementById("search");
      out.options = document.querySelectorAll("#search-list option").length;
      search.value = "maastricht univ";
      search.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true}));
      later(function () {
        var id = net.getSelectedNodes()[0];
        out.label = cg.payload.nodes[id].label;
        out.node = dom(id);
        out.width = document.getElementById("network").clientWidth;
        out.height = document.getElementById("network").clientHeight;
        out.scale = net.getScale();
        out.heading = document.querySelector("#panel h2").textContent;
        search.value = "no such place";
        search.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true}));
      }, 1000);
      later(function () { out.status = document.getElementById("search-status").textContent; });
    """,
        tmp_path,
    )
    assert out["options"] == len(page_data(pages["network"])["nodes"])
    assert out["label"] == out["heading"] == "Maastricht University"
    assert abs(out["node"]["x"] - out["width"] / 2) < 5 and abs(out["node"]["y"] - out["height"] / 2) < 5  # centred
    assert out["scale"] >= 1.2
    assert out["status"] == "nothing called \u201cno such place\u201d here"


# Escaping --------------------------------------------------------------------------------------


def test_a_hostile_label_and_quote_show_as_text_everywhere(tmp_path):
    g = nx.Graph(include_planned=False)
    g.add_node("x", label=XSS, type="university", country="NL", community=0)
    g.add_node("y", label="Plain University", type="university", country="DE", community=0)
    g.add_node("z", label="Third", type="hospital", country="BE", community=1)
    tie = {
        "via": "https://example.org/mou",
        "kind": "mou",
        "label": XSS,
        "date": "2019",
        "end": None,
        "status": "signed",
        "curation": None,
        "sources": ("s.txt",),
        "quote": f"quote {XSS} </script>",
        "gloss": XSS,
        "parties": 2,
        "undated": False,
        "planned": False,
    }
    g.add_edge("x", "y", weight=1.0, count=1, ties=[tie], start="2019", undated=False, planned=False, kinds=["mou"])
    g.add_edge(
        "y",
        "z",
        weight=1.0,
        count=1,
        ties=[{**tie, "via": "v2", "label": "Other"}],
        start="2019",
        undated=False,
        planned=False,
        kinds=["mou"],
    )
    page = render_communities(g, tmp_path / "hostile.html", title=XSS)
    out = drive(
        page,
        """
      var x = cg.payload.nodes.filter(function (n) { return n.iri === "x"; })[0];
      click(dom(x.id));
      later(function () {
        var search = document.getElementById("search");
        search.value = "<img";
        search.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true}));
      });
      later(function () {
        out.images = document.querySelectorAll("img").length;
        out.alerted = window.__alerted;
        out.heading = document.querySelector("#panel h2").textContent;
        out.quote = document.querySelector("#panel .quote").textContent;
        out.gloss = document.querySelector("#panel .gloss").textContent;
        out.title = document.querySelector("h1").textContent;
        out.labels = cg.labelBoxes().map(function (b) { return b.text; });
        out.legend = document.getElementById("legend").textContent;
      });
    """,
        tmp_path,
    )
    assert out["images"] == 0 and out["alerted"] == 0
    assert out["heading"] == XSS and out["title"] == XSS
    assert out["quote"] == f"quote {XSS} </script>" and out["gloss"] == f"In English: {XSS}"
    assert XSS in out["labels"] and XSS in out["legend"]


# Big graphs -------------------------------------------------------------------------------------


def test_overview_page_of_thousands_opens_and_draws(tmp_path):
    """The overview the 10,000-institution graph gets (one node per community) opens and draws."""
    g = nx.relaxed_caveman_graph(150, 40, 0.05, seed=3)  # 6,000 institutions
    nx.set_node_attributes(g, {n: f"Institution {n}" for n in g}, "label")
    nx.set_node_attributes(g, {n: n // 40 for n in g}, "community")
    for _, _, d in g.edges(data=True):
        d.update(weight=1.0, start="2015", undated=False, planned=False, ties=[])
    page = render_overview(g, tmp_path / "overview.html", title="Big")
    dom, console = chromium(page.as_uri(), tmp_path, "--dump-dom")
    nodes, _ = drawn(dom)
    assert nodes == 150 and 'data-ready="1"' in dom and console == []
