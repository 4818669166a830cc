"""The page renders in headless Chromium from file:// with networking off, without console errors.

The page sets ``data-drawn-nodes`` and ``data-drawn-edges`` on ``<body>`` in vis-network's
``afterDrawing`` event; ``--dump-dom`` reads them back after a virtual-time budget. Console messages
reach stderr through ``--enable-logging=stderr`` as ``…:CONSOLE…`` lines; the page logs nothing of
its own, so any such line is a failure. Chromium is required: CI installs it, and a machine
without it fails here rather than skipping silently.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import networkx as nx
import pytest
from PIL import Image

from collabgraph.network.project import institution_graph
from collabgraph.render import render_ego, render_html

CHROMIUM = os.environ.get("COLLABGRAPH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
OFFLINE = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
    "--enable-logging=stderr", "--v=0", "--window-size=1200,900", "--virtual-time-budget=30000",
]


def chromium(url: str, workdir: Path, *action: str) -> tuple[str, list[str]]:
    """Run headless Chromium offline on ``url``; return stdout and the console lines on stderr."""
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install it (apt-get install -y chromium) or set "
                    "COLLABGRAPH_CHROMIUM; the browser tests need it and do not skip")
    profile = tempfile.mkdtemp(prefix="profile-", dir=workdir)
    done = subprocess.run([CHROMIUM, *OFFLINE, f"--user-data-dir={profile}", *action, url],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    return done.stdout, console


def drawn(dom: str) -> tuple[int, int]:
    """The node and edge counts the page reported after vis-network drew."""
    body = re.search(r"<body[^>]*>", dom)
    assert body, dom[:500]
    nodes = re.search(r'data-drawn-nodes="(\d+)"', body.group(0))
    edges = re.search(r'data-drawn-edges="(\d+)"', body.group(0))
    return int(nodes.group(1)), int(edges.group(1))


def assert_screenshot_shows_a_network(png: Path) -> None:
    assert png.is_file() and png.stat().st_size > 20_000
    with Image.open(png) as image:
        assert image.size == (1200, 900)
        pixels = image.convert("RGB")
        canvas = pixels.crop((300, 120, 1200, 900))  # right of the legend, below the header
        colours = canvas.getcolors(maxcolors=1_000_000)
    inked = sum(n for n, rgb in colours if sum(rgb) < 700)
    assert len(colours) > 50 and inked > 0.01 * canvas.width * canvas.height


@pytest.fixture(scope="module")
def curated(ds_all) -> nx.Graph:
    return institution_graph(ds_all)


@pytest.fixture(scope="module")
def pages(curated, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pages")
    return {
        "network": render_html(curated, out / "network.html", title="Curated network"),
        "slider": render_html(curated, out / "slider.html", title="Curated network over time", time_slider=True),
        "ego": render_ego(curated, "Maastricht University", out / "ego.html"),
    }


def test_curated_network_draws_every_node_offline_without_console_errors(curated, pages, tmp_path):
    dom, console = chromium(pages["network"].as_uri(), tmp_path, "--dump-dom")
    assert drawn(dom) == (curated.number_of_nodes(), curated.number_of_edges())
    assert console == []


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


def test_ego_page_draws_the_neighbourhood(curated, pages, tmp_path):
    centre = "https://w3id.org/collabgraph/id/maastricht-university"
    ego = nx.ego_graph(curated, centre)
    dom, console = chromium(pages["ego"].as_uri(), tmp_path, "--dump-dom")
    assert drawn(dom) == (ego.number_of_nodes(), ego.number_of_edges()) and console == []


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
