"""YASGUI vendored in the package and served by the endpoint, and the ``/describe`` page its tables link to.

The browser side (the page loads YASGUI from this server with the network off, runs queries, links
IRIs, pages long results) is in ``test_server_page.py``; here is what HTTP and the files show.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from importlib.resources import files
from urllib.parse import quote

import pytest

from collabgraph.server import start_server
from collabgraph.server.app import asset_version

STATIC = files("collabgraph.server") / "static"
YASGUI = STATIC / "yasgui"
UKM = "https://w3id.org/collabgraph/id/ukm"


@pytest.fixture(scope="module")
def server():
    with start_server(sources="seeds") as running:
        yield running


# --- the vendored files ---------------------------------------------------------------------------


def test_yasgui_is_vendored_with_its_licence_and_version():
    version = (YASGUI / "VERSION").read_text().strip()
    readme = (YASGUI / "README.md").read_text()
    assert re.fullmatch(r"\d+\.\d+\.\d+", version) and f"**{version}**" in readme
    assert f"@zazuko/yasgui/-/yasgui-{version}.tgz" in readme
    assert (YASGUI / "LICENSE").read_text().startswith("The MIT License")
    third = (YASGUI / "THIRD-PARTY-LICENSES.txt").read_text()
    assert all(name in third for name in ("codemirror", "jquery", "datatables.net", "dompurify", "n3"))


def test_vendored_files_are_the_ones_the_readme_records():
    """Byte for byte the npm tarball's build: each file's size and sha256 are in the README."""
    readme = (YASGUI / "README.md").read_text()
    for name in ("yasgui.min.js", "yasgui.min.css"):
        body = (YASGUI / name).read_bytes()
        assert f"| `{name}` | {len(body)} | `{hashlib.sha256(body).hexdigest()}` |" in readme


def test_vendored_yasgui_reaches_no_cdn():
    """The bundle and its CSS load nothing themselves: no remote script, style sheet or font."""
    css = (YASGUI / "yasgui.min.css").read_text()
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", css) and "@import" not in css
    page_script = (STATIC / "query.js").read_text()
    assert not re.search(r"https?://", page_script.split("*/", 1)[1])


# --- served by the endpoint -------------------------------------------------------------------------


def test_static_files_are_served_with_their_types_and_cached_for_good(server):
    v = asset_version()
    script = server.request("static/yasgui/yasgui.min.js", params={"v": v})
    assert script.status == 200 and script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert script.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert script.headers["x-content-type-options"] == "nosniff"
    assert script.body == (YASGUI / "yasgui.min.js").read_bytes()
    style = server.request("static/yasgui/yasgui.min.css", params={"v": v})
    assert style.headers["content-type"] == "text/css; charset=utf-8"
    licence = server.request("static/yasgui/LICENSE")
    assert licence.headers["content-type"].startswith("text/plain") and b"MIT" in licence.body


def test_static_files_without_the_current_version_are_revalidated(server):
    stale = server.request("static/query.js", params={"v": "old"})
    assert stale.status == 200 and stale.headers["cache-control"] == "no-cache"
    again = server.request("static/query.js", headers={"If-None-Match": stale.headers["etag"]})
    assert again.status == 304 and again.body == b""


def test_static_files_are_gzipped_when_the_client_accepts_it(server):
    packed = server.request("static/yasgui/yasgui.min.js", headers={"Accept-Encoding": "gzip, br"})
    assert packed.headers["content-encoding"] == "gzip" and packed.headers["vary"] == "Accept-Encoding"
    assert gzip.decompress(packed.body) == (YASGUI / "yasgui.min.js").read_bytes()
    assert len(packed.body) < len(gzip.decompress(packed.body)) / 2


@pytest.mark.parametrize(
    "path",
    ["static/nothing.js", "static/../app.py", "static/%2e%2e/app.py", "static/yasgui/../../app.py", "static/", "static/yasgui"],
)
def test_only_the_static_files_are_served(server, path):
    assert server.request(path).status == 404


def test_page_asks_for_the_current_asset_version(server):
    page = server.request("")
    assert re.findall(r'(?:src|href)="static/[^"?]+\?v=(\w+)"', page.text) == [asset_version()] * 6


# --- /describe: what a collabgraph IRI in a result opens ---------------------------------------------


def test_describe_page_shows_the_statements_about_an_institution(server):
    page = server.request("describe", params={"iri": UKM})
    assert page.status == 200 and page.headers["content-type"].startswith("text/html")
    assert "script-src 'nonce-" in page.headers["content-security-policy"] and "<script" not in page.text
    assert re.search(r'<h2 id="label">[^<]+</h2>', page.text)
    assert ">skos:altLabel<" in page.text and "<td>UKM</td>" in page.text
    # Statements pointing to it, and links to other collabgraph resources, stay on this server.
    assert 'id="incoming"' in page.text
    assert re.search(r'<a href="describe\?iri=https%3A%2F%2Fw3id.org%2Fcollabgraph%2Fid%2F[^"]+"', page.text)
    link = re.search(r'<a id="query-link" href="([^"]+)"', page.text).group(1)
    assert link.startswith("./?query=DESCRIBE+%3C" + quote(UKM, safe=""))


def test_describe_page_escapes_what_it_is_given(server):
    page = server.request("describe", params={"iri": 'urn:x"><script>alert(1)</script>'})
    assert page.status == 400 and "<script>alert(1)" not in page.text
    assert "&lt;script&gt;" in page.text


@pytest.mark.parametrize("iri", ["", "not an iri", "ukm", "urn:a> <urn:b", "urn:a}"])
def test_describe_page_refuses_what_is_not_an_iri(server, iri):
    assert server.request("describe", params={"iri": iri}).status == 400


def test_describe_page_of_an_iri_nothing_mentions_is_404(server):
    page = server.request("describe", params={"iri": "https://w3id.org/collabgraph/id/no-such-thing"})
    assert page.status == 404 and "Nothing in the dataset mentions this IRI." in page.text
