"""The query page at ``/`` and the network view at ``/network``, served by the real server.

Headless Chromium loads the page from the server, the page runs its query against ``/sparql``,
and ``--dump-dom`` shows the result rows. The page states its progress on ``<body>``
(``data-state`` idle, running, done or error; ``data-rows``). Console lines reach stderr through
``--enable-logging=stderr``; a Content Security Policy violation would show there, so the tests
want none. Chromium is required (CI installs it); a machine without it fails here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from collabgraph.query import named_queries
from collabgraph.server import start_server

CHROMIUM = os.environ.get("COLLABGRAPH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
         "--enable-logging=stderr", "--v=0", "--virtual-time-budget=20000", "--dump-dom"]


@pytest.fixture(scope="module")
def server():
    with start_server(sources="seeds") as running:
        yield running


def chromium(url: str, workdir: Path) -> tuple[str, list[str]]:
    """The DOM of ``url`` after headless Chromium ran its scripts, and the console lines."""
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install it (apt-get install -y chromium) or set "
                    "COLLABGRAPH_CHROMIUM; the browser tests need it and do not skip")
    profile = tempfile.mkdtemp(prefix="profile-", dir=workdir)
    done = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", url], capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    return done.stdout, console


def body_state(dom: str) -> tuple[str, int]:
    body = re.search(r"<body[^>]*>", dom)
    assert body, dom[:500]
    state = re.search(r'data-state="(\w+)"', body.group(0)).group(1)
    return state, int(re.search(r'data-rows="(\d+)"', body.group(0)).group(1))


def test_page_runs_a_query_and_shows_the_rows(server, tmp_path):
    query = "SELECT ?label WHERE { cgr:ukm skos:altLabel ?label }"
    dom, console = chromium(server.url + "?" + urlencode({"query": query, "run": "1"}), tmp_path)
    assert body_state(dom) == ("done", 1)
    assert re.search(r"<th>label</th>", dom) and re.search(r"<td>UKM(<span[^>]*>[^<]*</span>)?</td>", dom)
    assert console == []


def test_page_runs_the_default_example(server, tmp_path, ds_seeds):
    from collabgraph.server.app import DEFAULT_EXAMPLE

    expected = len(ds_seeds.query(named_queries()[DEFAULT_EXAMPLE].read_text(encoding="utf-8")))
    dom, console = chromium(server.url + "?run=1", tmp_path)
    assert body_state(dom) == ("done", expected) and expected > 0
    assert dom.count("<tr>") == expected + 1 and console == []


def test_page_shows_the_parsers_error(server, tmp_path):
    dom, console = chromium(server.url + "?" + urlencode({"query": "SELECT ?x WHERE { ?x ?y }", "run": "1"}),
                            tmp_path)
    assert body_state(dom)[0] == "error"
    assert "Error 400" in dom and "SPARQL error at line 1, column 19" in dom
    # Chromium reports the failed fetch's status on the console; nothing else may appear.
    assert all("400" in line for line in console), console


def test_page_offers_every_shipped_query(server):
    page = server.request("")
    assert page.status == 200
    options = re.findall(r'<option value="([^"]+)"', page.text)
    assert options == list(named_queries())


def test_page_loads_nothing_from_elsewhere(server):
    page = server.request("")
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "connect-src 'self'" in csp and "unsafe-inline" not in csp
    assert '<meta http-equiv="Content-Security-Policy"' in page.text
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page.text)
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    assert page.text.count(f'nonce="{nonce}"') == 2  # the one script and the one style


def test_page_escapes_a_query_given_in_the_url(server):
    page = server.request("", params={"query": "</textarea><script>alert(1)</script>"})
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_network_view_is_rendered_once_and_kept(server):
    first = server.request("network", timeout=180)
    assert first.status == 200 and first.headers["content-type"].startswith("text/html")
    assert b"vis-network" in first.body and b"<script src=" not in first.body
    started = time.monotonic()
    second = server.request("network")
    assert second.body == first.body and time.monotonic() - started < 1.0
