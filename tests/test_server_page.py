"""The query page at ``/`` (YASGUI, served by the endpoint) and the network view, in headless Chromium with the network off.

Chromium loads the page from the real server; the page runs its query against ``/sparql`` and
``--dump-dom`` shows the result. The page states its progress on ``<body>`` (``data-state``
loading, idle, running, done or error; ``data-rows``; ``data-query-type``; ``data-download``, the
media type the result's download button gives; ``data-example``, the shipped query shown;
``data-autocompleters``, those the editor runs).

The network is off: every host but 127.0.0.1 resolves to nothing and every proxied request goes to
a closed port. Chromium's net log records each request the page starts, blocked or not, so
:func:`chromium` fails a test whose page asked anything of another server (the last test shows it
would). Console lines reach stderr through ``--enable-logging=stderr``; a Content Security Policy
violation would show there, so the tests want none. Chromium is required (CI installs it); a
machine without it fails here. That the network view is rendered once and kept is checked
in-process, under Starlette's ``TestClient``.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import uuid
import warnings
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():  # Starlette 1.x asks for httpx2 behind its TestClient; httpx still works
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

from collabgraph.server import Settings, create_app, start_server
from collabgraph.sparql.query import named_queries

CHROMIUM = os.environ.get("COLLABGRAPH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--proxy-server=127.0.0.1:9",
    "--enable-logging=stderr",
    "--v=0",
    "--virtual-time-budget=20000",
    "--dump-dom",
]


@pytest.fixture(scope="module")
def server():
    with start_server(sources="seeds") as running:
        yield running


@dataclass
class Loaded:
    """What Chromium made of a page: the DOM after its scripts ran, console lines, and every URL it requested."""

    dom: str
    console: list[str]
    requests: list[str]

    def body(self) -> dict[str, str]:
        tag = re.search(r"<body[^>]*>", self.dom)
        assert tag, self.dom[:500]
        return {name: unescape(value) for name, value in re.findall(r'data-([\w-]+)="([^"]*)"', tag.group(0))}

    def state(self) -> tuple[str, int]:
        body = self.body()
        return body["state"], int(body["rows"])


def page_requests(netlog: Path, origin: str) -> list[str]:
    """URLs of the requests a page from ``origin`` started (its own navigation included), from a net log.

    A request belongs to the page when the page's origin initiated it, or when it loads a frame of
    the page's site; Chromium's own requests (autofill, updates: no initiator) are left out.
    """
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    site = "{0.scheme}://{0.hostname}".format(urlsplit(origin))
    found = []
    for event in log["events"]:
        params = event.get("params") or {}
        if event["type"] != start or "url" not in params:
            continue
        key = str(params.get("network_isolation_key", "")).split(" ")
        if params.get("initiator") == origin or params.get("request_type") in ("main frame", "sub frame") and key[0] == site:
            found.append(params["url"])
    return found


def chromium(url: str, workdir: Path) -> Loaded:
    """Load ``url`` in headless Chromium with the network off; the page's DOM, console and requests."""
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install it (apt-get install -y chromium) or set "
            "COLLABGRAPH_CHROMIUM; the browser tests need it and do not skip"
        )
    profile = tempfile.mkdtemp(prefix="profile-", dir=workdir)
    netlog = Path(tempfile.mkdtemp(prefix="netlog-", dir=workdir)) / "net.json"
    done = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--log-net-log={netlog}", url],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    return Loaded(done.stdout, console, page_requests(netlog, origin))


def load(server, tmp_path, **params) -> Loaded:
    """The query page with ``params``, checked: nothing requested from elsewhere, no console line."""
    page = chromium(server.url + ("?" + urlencode(params) if params else ""), tmp_path)
    assert page.requests, "the net log recorded no request"
    assert [u for u in page.requests if not u.startswith(server.url)] == [], "the page left the server"
    assert page.console == []
    return page


def table(dom: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows (cell text) of the result table YASR drew."""
    found = re.search(r'<table[^>]*class="[^"]*dataTable[^"]*"[^>]*>(.*?)</table>', dom, re.S)
    assert found, "no result table"
    text = lambda html: unescape(re.sub(r"<[^>]+>", "", html)).strip()  # noqa: E731
    head = [text(th) for th in re.findall(r"<th[^>]*>(.*?)</th>", found.group(1), re.S)]
    body = re.search(r"<tbody>(.*?)</tbody>", found.group(1), re.S).group(1)
    rows = [
        [text(td) for td in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)] for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]
    return head, rows


# --- YASGUI, from this server -------------------------------------------------------------------


def test_page_loads_yasgui_from_this_server(server, tmp_path):
    page = load(server, tmp_path)
    paths = {urlsplit(u).path for u in page.requests}
    assert {"/", "/static/yasgui/yasgui.min.js", "/static/yasgui/yasgui.min.css", "/static/query.js"} <= paths
    assert page.body()["state"] == "idle"
    assert 'class="yasgui' in page.dom and 'class="CodeMirror' in page.dom
    # The endpoint box shows this server's /sparql and cannot be changed.
    assert re.search(r'<input class="autocomplete"[^>]*readonly', page.dom)
    # No autocompleter that asks the network (YASQE's class and property completers call LOV).
    assert page.body()["autocompleters"] == "collabgraphPrefixes variables"


def test_page_runs_a_query_and_its_table_shows_the_rows(server, tmp_path):
    page = load(server, tmp_path, query="SELECT ?label WHERE { cgr:ukm skos:altLabel ?label }", run=1)
    assert page.state() == ("done", 1) and page.body()["query-type"] == "SELECT"
    head, rows = table(page.dom)
    assert head[1:] == ["label"] and [row[1:] for row in rows] == [["UKM"]]
    # cgr: and skos: are predeclared: the editor does not mark them as undefined.
    assert "parseErrorIcon" not in page.dom
    assert "/sparql" in {urlsplit(u).path for u in page.requests}


def test_page_runs_the_default_example(server, tmp_path, ds_seeds):
    from collabgraph.server.app import DEFAULT_EXAMPLE

    expected = len(ds_seeds.query(named_queries()[DEFAULT_EXAMPLE].read_text(encoding="utf-8")))
    page = load(server, tmp_path, run=1)
    assert page.state() == ("done", expected) and expected > 0
    assert page.body()["example"] == DEFAULT_EXAMPLE
    assert len(table(page.dom)[1]) == expected


def test_collabgraph_iri_in_a_result_is_a_link_to_this_server(server, tmp_path):
    page = load(server, tmp_path, query="SELECT ?i WHERE { VALUES ?i { cgr:ukm } }", run=1)
    assert page.state() == ("done", 1)
    links = re.findall(r'<a class="iri collabgraph" href="([^"]+)"[^>]*>([^<]*)</a>', page.dom)
    assert links == [(server.url + "describe?iri=https%3A%2F%2Fw3id.org%2Fcollabgraph%2Fid%2Fukm", "cgr:ukm")]
    described = server.request(unescape(links[0][0])[len(server.url) :])
    assert described.status == 200 and "https://w3id.org/collabgraph/id/ukm" in described.text


def test_page_offers_every_shipped_query_as_an_example(server, tmp_path, ds_seeds):
    page = load(server, tmp_path, example="graph_sizes", run=1)
    picker = re.search(r'<select id="example">(.*?)</select>', page.dom, re.S).group(1)
    assert re.findall(r'<option value="([^"]+)"', picker) == list(named_queries())
    body = page.body()
    assert body["example"] == "graph_sizes" and body["state"] == "done"
    assert int(body["rows"]) == len(ds_seeds.query(named_queries()["graph_sizes"].read_text(encoding="utf-8")))
    assert re.search(r'<span class="tabName"[^>]*>graph_sizes</span>|>graph_sizes<', page.dom)
    assert "Triples and quotes per named graph." in page.dom  # the query's description is shown


def test_construct_result_offers_no_csv_or_tsv_download(server, tmp_path):
    query = "CONSTRUCT { ?m org:member ?i } WHERE { ?m org:member ?i } LIMIT 5"
    page = load(server, tmp_path, query=query, run=1)
    body = page.body()
    assert (body["state"], body["query-type"]) == ("done", "CONSTRUCT") and int(body["rows"]) == 5
    # YASR's download button gives the Turtle the server sent, not a CSV of the triples' table.
    assert body["download"].startswith("text/turtle")
    offered = re.findall(r'<a href="[^"]*" data-format="(\w+)">', page.dom)
    assert offered == ["ttl", "nt", "jsonld", "rdfxml"]
    # The tab's settings offer only graph formats for CONSTRUCT and DESCRIBE.
    graph_accept = re.findall(r"<select>(.*?)</select>", page.dom)[1]
    assert re.findall(r'value="([^"]+)"', graph_accept) == ["text/turtle", "application/n-triples"]


def test_select_result_downloads_as_csv_and_from_the_endpoint_in_every_format(server, tmp_path):
    page = load(server, tmp_path, query="SELECT ?s WHERE { ?s a cg:Institution } LIMIT 3", run=1)
    assert page.body()["download"] == "text/csv"
    assert re.findall(r'<a href="[^"]*" data-format="(\w+)">', page.dom) == ["json", "xml", "csv", "tsv"]


def test_long_results_are_paged(server, tmp_path):
    page = load(server, tmp_path, query="SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 120", run=1)
    assert page.state() == ("done", 120)
    assert len(table(page.dom)[1]) == 50  # one page
    assert "Showing 1 to 50 of 120 entries" in page.dom and 'class="dt-paging' in page.dom


def test_page_shows_the_parsers_error(server, tmp_path):
    page = chromium(server.url + "?" + urlencode({"query": "SELECT ?x WHERE { ?x ?y }", "run": "1"}), tmp_path)
    assert page.body()["state"] == "error"
    assert "SPARQL error at line 1, column 19" in page.dom
    assert "parseErrorIcon" in page.dom  # the editor saw it too
    assert [u for u in page.requests if not u.startswith(server.url)] == []
    # Chromium reports the failed fetch's status on the console; nothing else may appear.
    assert all("400" in line for line in page.console), page.console


def test_network_check_catches_a_page_that_reaches_elsewhere(tmp_path):
    """The net-log check above sees a request to another host, though the network is off."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        '<!DOCTYPE html><p>x</p><img src="http://cdn.example.org/pixel.png">'
        '<script>fetch("https://prefix.cc/popular/all.file.json").catch(() => {})</script>'
    )
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(site), **k)  # noqa: E731
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        page = chromium(f"http://127.0.0.1:{httpd.server_address[1]}/index.html", tmp_path)
    finally:
        httpd.shutdown()
    assert {"http://cdn.example.org/pixel.png", "https://prefix.cc/popular/all.file.json"} <= set(page.requests)


# --- the page over HTTP ---------------------------------------------------------------------------


def test_page_loads_nothing_from_elsewhere(server):
    page = server.request("")
    csp = page.headers["content-security-policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    assert csp == (
        f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; connect-src 'self'; "
        "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )
    assert '<meta http-equiv="Content-Security-Policy"' in page.text
    sources = re.findall(r"<(?:script|link|img|iframe)[^>]+(?:src|href)=\"([^\"]+)\"", page.text)
    assert sorted(s.split("?")[0] for s in sources) == [
        "static/query.js",
        "static/yasgui/yasgui.min.css",
        "static/yasgui/yasgui.min.js",
    ]
    assert all("//" not in s for s in sources)
    # Each script and style element carries the nonce; the JSON configuration is data, not script.
    tags = re.findall(r"<(?:script|style|link)\b[^>]*>", page.text)
    assert all(f'nonce="{nonce}"' in tag for tag in tags if 'type="application/json"' not in tag)


def test_page_escapes_a_query_given_in_the_url(server):
    page = server.request("", params={"query": "</textarea><script>alert(1)</script>"})
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page.text  # the form for browsers without script


def test_network_view_is_rendered_once_and_kept(server):
    first = server.request("network", timeout=180)
    assert first.status == 200 and first.headers["content-type"].startswith("text/html")
    assert b"vis-network" in first.body and b"<script src=" not in first.body
    second = server.request("network")
    assert second.status == 200 and second.body == first.body


def test_network_view_is_kept_after_the_first_render(ds_seeds, monkeypatch):
    """In-process, with a renderer that writes a different page each time it runs: one page
    for every request means the view was rendered once (in a worker) and then served as kept."""
    import collabgraph.render

    def render_html(graph, path, *, title, **options):
        path.write_text(f"<!DOCTYPE html><title>{title}</title><p>{uuid.uuid4()}</p>", encoding="utf-8")
        return path

    monkeypatch.setattr(collabgraph.render, "render_html", render_html)  # the workers fork with it
    with TestClient(create_app(ds_seeds, settings=Settings(workers=1))) as client:
        pages = [client.get("/network") for _ in range(3)]
    assert [p.status_code for p in pages] == [200, 200, 200]
    assert len({p.content for p in pages}) == 1 and b"<p>" in pages[0].content
