"""The Starlette application: the SPARQL endpoint, the query page and the network view.

``/sparql`` answers the SPARQL 1.1 Protocol (and its service description when asked with no
query); every query runs in a :class:`~collabgraph.server.worker.WorkerPool` worker under the time
limit, so the event loop only parses HTTP and waits. ``/`` is the query page: YASGUI, vendored in
``static/yasgui`` and served from ``/static`` by this server, under a nonce-based Content Security
Policy, so it needs no network. ``/describe?iri=`` shows one resource's statements as an escaped HTML
page (where the page's result tables link collabgraph IRIs). ``/network`` is
:func:`collabgraph.render.render_html` of the institution graph, rendered once in a worker and kept.
``/reconcile`` is the W3C Reconciliation Service API for OpenRefine
(:mod:`collabgraph.server.reconciliation`), its index built once in a worker and kept.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import math
import re
import secrets
import tempfile
from collections.abc import Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, fields
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from rdflib import Dataset
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from collabgraph.errors import CollabgraphError
from collabgraph.namespaces import CGR, PREFIXES
from collabgraph.server.guard import install_network_guard
from collabgraph.server.protocol import GRAPH_TYPES, ProtocolError, QueryRequest, negotiate, parse_params, query_request
from collabgraph.server.reconciliation import build_index, reconciliation_routes
from collabgraph.server.results import Reply, answer, error_reply, serialize_graph, service_description
from collabgraph.server.worker import Busy, DeadlineExceeded, SlowLaneFull, WorkerFailed, WorkerPool
from collabgraph.sparql.query import named_queries

__all__ = ["Settings", "create_app", "serve", "examples", "assets", "asset_version", "page_csp", "DEFAULT_EXAMPLE", "LOOPBACK"]

#: Host names of the loopback interface; the ``Host`` headers a loopback server accepts by default.
LOOPBACK = ("127.0.0.1", "localhost", "::1")
#: The example the page opens with: a competency question that needs no binding.
DEFAULT_EXAMPLE = "institutions_in_alliances"


@dataclass(frozen=True)
class Settings:
    """How the endpoint limits and presents queries.

    Attributes
    ----------
    timeout : float
        Seconds a query may run before its worker is killed and the client gets a 503.
    max_rows : int
        Most rows (SELECT) or triples (CONSTRUCT, DESCRIBE) in a result; more is a 400.
    workers : int or None
        Worker processes kept for queries that have not proven slow (default: one per CPU, 2 to 8).
    slow_after : float
        Seconds after which a running query counts as slow: it moves to the slow lane and a fresh
        worker takes its place, so quick queries never queue behind it.
    slow_queries : int
        Slow queries allowed at once; one that turns slow while this many run is stopped (503
        with ``Retry-After``).
    queue_timeout : float
        Seconds a query may wait for a free worker before a 503 with ``Retry-After``.
    max_request_bytes : int
        Largest request body accepted (413 beyond).
    render_timeout : float
        Seconds allowed to render the network view the first time.
    title : str
        Shown on the query page and the network view.
    allowed_hosts : tuple of str
        ``Host`` header values accepted (others get a 400), against DNS rebinding; empty accepts
        any. :func:`serve` sets the loopback names when it listens on loopback.
    cors_origins : tuple of str
        Web origins whose pages may query the endpoint (``"*"`` for any), for browser-based
        clients such as YASGUI served elsewhere; empty sends no CORS headers.

    Examples
    --------
    >>> Settings(timeout=2).timeout, Settings().max_rows
    (2, 10000)
    >>> Settings(timeout=0)
    Traceback (most recent call last):
    ...
    collabgraph.errors.CollabgraphError: timeout must be positive, not 0
    """

    timeout: float = 10.0
    max_rows: int = 10_000
    workers: int | None = None
    slow_after: float = 0.5
    slow_queries: int = 2
    queue_timeout: float = 5.0
    max_request_bytes: int = 1_000_000
    render_timeout: float = 120.0
    title: str = "collabgraph SPARQL endpoint"
    allowed_hosts: tuple[str, ...] = ()
    cors_origins: tuple[str, ...] = ()

    def __post_init__(self):
        for name in ("timeout", "max_rows", "max_request_bytes", "render_timeout", "slow_after", "queue_timeout"):
            if not getattr(self, name) > 0:
                raise CollabgraphError(f"{name} must be positive, not {getattr(self, name)}")
        if self.workers is not None and self.workers < 1:
            raise CollabgraphError(f"workers must be at least 1, not {self.workers}")
        if self.slow_queries < 0:
            raise CollabgraphError(f"slow_queries must be 0 or more, not {self.slow_queries}")

    @classmethod
    def from_options(cls, **options) -> Settings:
        """Settings from keyword options, naming an unknown one in the error.

        Examples
        --------
        >>> Settings.from_options(timeout=1.5, max_rows=100).max_rows
        100
        >>> Settings.from_options(timout=1)
        Traceback (most recent call last):
        ...
        collabgraph.errors.CollabgraphError: unknown server setting 'timout'; known: timeout, max_rows, ...
        """
        known = [f.name for f in fields(cls)]
        for name in options:
            if name not in known:
                raise CollabgraphError(f"unknown server setting {name!r}; known: {', '.join(known)}")
        return cls(**options)


@lru_cache(maxsize=1)
def _templates() -> Environment:
    return Environment(
        loader=PackageLoader("collabgraph.server", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def examples() -> list[dict[str, str]]:
    """The shipped competency queries for the page: name, description (the leading comments) and text.

    Examples
    --------
    >>> found = {e["name"]: e for e in examples()}
    >>> found["graph_sizes"]["description"]
    'Triples and quotes per named graph.'
    """
    found = []
    for name, path in named_queries().items():
        text = path.read_text(encoding="utf-8")
        comments = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            comments.append(line.lstrip("# ").strip())
        found.append({"name": name, "description": " ".join(comments), "text": text})
    return found


def _script_json(value: Any) -> Markup:
    """JSON safe inside a ``<script>`` element (no ``</script>``, no HTML comment openers)."""
    text = json.dumps(value, ensure_ascii=False)
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


def page_csp(nonce: str) -> str:
    """The Content Security Policy of the HTML pages: nothing but this server, scripts and styles by nonce.

    YASGUI needs no ``'unsafe-eval'`` (its one ``eval`` is a JSON polyfill browsers never reach) and
    no ``'unsafe-inline'``: its editor and tables set styles through the CSSOM, which CSP does not
    govern, and the ``<style>`` elements its column resizer adds get the page's nonce from the page
    script. The one inline ``style=`` attribute it writes (the underline in the syntax-error tooltip)
    is dropped. ``connect-src 'self'`` keeps queries on this server (no CORS proxy, no prefix.cc, no
    LOV); ``img-src data:`` is CodeMirror's drag image. The HTTP header adds
    ``frame-ancestors 'none'``, which a ``<meta>`` policy cannot carry.

    Examples
    --------
    >>> page_csp("abc").split("; ")[:3]
    ["default-src 'none'", "script-src 'nonce-abc'", "style-src 'nonce-abc'"]
    >>> "unsafe" in page_csp("abc")
    False
    """
    return (
        f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; connect-src 'self'; "
        "img-src 'self' data:; form-action 'self'; base-uri 'none'"
    )


#: Media types of the files under ``static/`` by suffix; anything else is sent as plain text.
_ASSET_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


@dataclass(frozen=True)
class _Asset:
    media_type: str
    body: bytes
    gzipped: bytes
    etag: str


@lru_cache(maxsize=1)
def assets() -> dict[str, _Asset]:
    """The files under the package's ``static/`` folder (YASGUI and the page script), by relative path.

    Read once, with a gzip copy and an ETag each; :func:`create_app` serves them at ``/static/``.

    Examples
    --------
    >>> found = assets()
    >>> found["yasgui/yasgui.min.js"].media_type, "yasgui/LICENSE" in found
    ('text/javascript; charset=utf-8', True)
    """
    found: dict[str, _Asset] = {}

    def walk(folder, prefix: str) -> None:
        for item in sorted(folder.iterdir(), key=lambda i: i.name):
            if item.name.startswith(".") or item.name == "__pycache__":
                continue
            if item.is_dir():
                walk(item, prefix + item.name + "/")
                continue
            body = item.read_bytes()
            kind = _ASSET_TYPES.get(Path(item.name).suffix, "text/plain; charset=utf-8")
            found[prefix + item.name] = _Asset(
                kind, body, gzip.compress(body, compresslevel=6, mtime=0), '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
            )

    walk(files("collabgraph.server") / "static", "")
    return found


@lru_cache(maxsize=1)
def asset_version() -> str:
    """A digest of every static file: the ``?v=`` the page adds to its asset URLs, so they may be cached for good.

    Examples
    --------
    >>> len(asset_version()), asset_version() == asset_version()
    (16, True)
    """
    digest = hashlib.sha256()
    for name, asset in sorted(assets().items()):
        digest.update(name.encode() + b"\0" + asset.etag.encode())
    return digest.hexdigest()[:16]


def _asset_response(request: Request) -> Response:
    asset = assets().get(request.path_params["path"])
    if asset is None:
        return _response(error_reply(404, "no such file"))
    cache = "public, max-age=31536000, immutable" if request.query_params.get("v") == asset_version() else "no-cache"
    headers = {"ETag": asset.etag, "Cache-Control": cache, "Vary": "Accept-Encoding", "X-Content-Type-Options": "nosniff"}
    if asset.etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    accepted = [e.split(";")[0].strip().lower() for e in request.headers.get("accept-encoding", "").split(",")]
    if "gzip" in accepted:
        return Response(asset.gzipped, media_type=asset.media_type, headers={**headers, "Content-Encoding": "gzip"})
    return Response(asset.body, media_type=asset.media_type, headers=headers)


#: An IRI the describe page accepts: absolute, and nothing that could end an ``<IRI>`` in a query.
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|\\^`]*")
_LABELS = (str(PREFIXES["skos"]["prefLabel"]), str(PREFIXES["rdfs"]["label"]), str(PREFIXES["schema"]["name"]))


def _describe_query(iri: str, limit: int) -> str:
    return (
        f'SELECT ?direction ?p ?o WHERE {{ {{ <{iri}> ?p ?o BIND("out" AS ?direction) }} '
        f'UNION {{ ?o ?p <{iri}> BIND("in" AS ?direction) }} }} ORDER BY ?direction ?p ?o LIMIT {limit}'
    )


def _short(iri: str) -> str:
    for prefix, ns in sorted(PREFIXES.items(), key=lambda item: -len(str(item[1]))):
        if iri.startswith(str(ns)) and len(iri) > len(str(ns)):
            return f"{prefix}:{iri[len(str(ns)) :]}"
    return f"<{iri}>"


def _term(term: dict[str, str]) -> dict[str, str]:
    """A SPARQL JSON term as the describe page shows it: text, a link if any, a tag for literals."""
    value = term.get("value", "")
    if term.get("type") == "uri":
        if value.startswith(str(CGR)):
            return {
                "text": _short(value),
                "href": "describe?iri=" + quote(value, safe=""),
                "title": value,
                "tag": "",
                "external": False,
            }
        external = value if value.lower().startswith(("http://", "https://")) else ""
        return {"text": _short(value), "href": external, "title": value, "tag": "", "external": bool(external)}
    if term.get("type") == "bnode":
        return {"text": "_:" + value, "href": "", "title": "", "tag": "", "external": False}
    tag = "@" + term["xml:lang"] if term.get("xml:lang") else _short(term["datatype"]) if term.get("datatype") else ""
    return {"text": value, "href": "", "title": "", "tag": tag, "external": False}


def _response(reply: Reply, **headers: str) -> Response:
    return Response(
        reply.body,
        status_code=reply.status,
        media_type=reply.media_type,
        headers={"X-Content-Type-Options": "nosniff", **headers},
    )


def _network_html(ds: Dataset, title: str) -> bytes:
    """The institution network as one offline HTML page (runs in a worker)."""
    from collabgraph.network.project import institution_graph
    from collabgraph.render import render_html

    with tempfile.TemporaryDirectory() as tmp:
        path = render_html(institution_graph(ds), Path(tmp) / "network.html", title=f"{title}: network", time_slider=True)
        return path.read_bytes()


def _handler(ds: Dataset, known: frozenset[str], settings: Settings) -> Callable[[tuple], Any]:
    def handle(job: tuple) -> Any:
        kind, request = job
        if kind == "query":
            return answer(ds, request, known=known, max_rows=settings.max_rows)
        if kind == "network":
            return _network_html(ds, settings.title)
        if kind == "reconciliation":
            return build_index(ds)
        raise ValueError(f"unknown job {kind!r}")

    return handle


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ProtocolError(413, f"the request body is larger than {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProtocolError(413, f"the request body is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(ds: Dataset, *, settings: Settings | None = None) -> Starlette:
    """The endpoint's ASGI application over ``ds`` (read-only; queries run in forked workers).

    The workers are forked when the application starts (its lifespan) and stopped when it shuts
    down, so ``ds`` must be loaded before and not changed after.

    Parameters
    ----------
    ds : Dataset
        From :func:`collabgraph.loading.load.load`; its named graphs are what ``default-graph-uri`` and
        ``named-graph-uri`` may choose.
    settings : Settings, optional
        Limits and title; default :class:`Settings()`.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> app = create_app(load(sources="seeds"), settings=Settings(timeout=5))
    >>> sorted(route.path for route in app.routes)
    ['/', '/describe', '/network', '/reconcile', '/reconcile/preview', '/sparql', '/static/{path:path}']
    """
    settings = settings or Settings()
    graphs = {str(g.identifier): len(g) for g in ds.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID}
    triples = len(ds)
    pool = WorkerPool(
        _handler(ds, frozenset(graphs), settings),
        size=settings.workers,
        slow_after=settings.slow_after,
        slow_lane=settings.slow_queries,
    )
    shown = examples()
    asset_version()  # reads and compresses the static files now, not on the first request
    network: dict[str, bytes] = {}
    network_lock = asyncio.Lock()

    async def sparql(request: Request) -> Response:
        try:
            url_query = request.scope.get("query_string", b"").decode("utf-8")
        except UnicodeDecodeError:
            return _response(error_reply(400, "the URL's query string is not UTF-8"))
        try:
            body = await _body(request, settings.max_request_bytes) if request.method == "POST" else b""
            job = query_request(
                request.method, url_query, request.headers.get("content-type"), body, request.headers.get("accept")
            )
            if job is None:
                return _service(request, url_query)
        except ProtocolError as exc:
            return _response(error_reply(exc.status, str(exc)), Vary="Accept")
        try:
            reply = await pool.call(("query", job), timeout=settings.timeout, queue_timeout=settings.queue_timeout)
        except DeadlineExceeded as exc:
            return _response(error_reply(503, str(exc)))
        except SlowLaneFull as exc:  # the slow queries running now end within the time limit
            return _response(error_reply(503, str(exc)), **{"Retry-After": str(math.ceil(settings.timeout))})
        except Busy as exc:
            return _response(error_reply(503, str(exc)), **{"Retry-After": "1"})
        except WorkerFailed as exc:
            return _response(error_reply(500, str(exc)))
        return _response(reply, Vary="Accept")

    def _service(request: Request, url_query: str) -> Response:
        formats = tuple(v for n, v in parse_params(url_query) if n == "format" and v)
        fmt = negotiate("DESCRIBE", QueryRequest("", accept=request.headers.get("accept") or "*/*", formats=formats))
        endpoint = str(request.url.replace(query=""))
        body = serialize_graph(service_description(endpoint, graphs, triples=triples), fmt)
        return _response(Reply(200, f"{GRAPH_TYPES[fmt]}; charset=utf-8", body), Vary="Accept")

    def _html(template: str, status: int = 200, **context: Any) -> Response:
        nonce = secrets.token_urlsafe(16)
        html = _templates().get_template(template).render(title=settings.title, nonce=nonce, csp=page_csp(nonce), **context)
        return HTMLResponse(
            html,
            status_code=status,
            headers={
                "Content-Security-Policy": page_csp(nonce) + "; frame-ancestors 'none'",
                "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "no-referrer",
                "Cache-Control": "no-store",
            },
        )

    async def page(request: Request) -> Response:
        params = dict(parse_params(request.scope.get("query_string", b"").decode("utf-8", "replace")))
        default = next((e for e in shown if e["name"] == DEFAULT_EXAMPLE), shown[0] if shown else None)
        chosen = next((e for e in shown if e["name"] == params.get("example")), default)
        config = {
            "endpoint": "sparql",
            "describe": "describe",
            "idNamespace": str(CGR),
            "examples": shown,
            "defaultExample": default["name"] if default else "",
            "prefixes": {p: str(ns) for p, ns in PREFIXES.items()},
        }
        return _html(
            "query.html.j2",
            config_json=_script_json(config),
            examples=shown,
            version=asset_version(),
            query=params.get("query") or (chosen["text"] if chosen else ""),
            timeout=settings.timeout,
            max_rows=settings.max_rows,
        )

    async def describe(request: Request) -> Response:
        try:
            params = dict(parse_params(request.scope.get("query_string", b"").decode("utf-8")))
        except (UnicodeDecodeError, ProtocolError):
            params = {}
        iri = params.get("iri", "").strip()
        if not iri or len(iri) > 4000 or not _IRI.fullmatch(iri):
            return _html(
                "describe.html.j2",
                status=400,
                iri=iri,
                label="",
                outgoing=[],
                incoming=[],
                limit=0,
                error="Give the IRI of a resource: /describe?iri=https://w3id.org/collabgraph/id/…",
            )
        limit = min(settings.max_rows, 2000)
        try:
            reply = await pool.call(
                ("query", QueryRequest(_describe_query(iri, limit), formats=("json",))),
                timeout=settings.timeout,
                queue_timeout=settings.queue_timeout,
            )
        except (DeadlineExceeded, SlowLaneFull, Busy, WorkerFailed) as exc:
            return _html("describe.html.j2", status=503, iri=iri, label="", outgoing=[], incoming=[], limit=0, error=str(exc))
        if reply.status != 200:
            return _html(
                "describe.html.j2",
                status=reply.status,
                iri=iri,
                label="",
                outgoing=[],
                incoming=[],
                limit=0,
                error=reply.body.decode("utf-8", "replace"),
            )
        rows = json.loads(reply.body)["results"]["bindings"]
        outgoing = [(_term(r["p"]), _term(r["o"])) for r in rows if r["direction"]["value"] == "out"]
        incoming = [(_term(r["o"]), _term(r["p"])) for r in rows if r["direction"]["value"] == "in"]
        labels = sorted(
            (_LABELS.index(r["p"]["value"]), r["o"].get("xml:lang", "") not in ("en", ""), r["o"]["value"])
            for r in rows
            if r["direction"]["value"] == "out" and r["p"]["value"] in _LABELS and r["o"].get("type") == "literal"
        )
        return _html(
            "describe.html.j2",
            status=200 if rows else 404,
            iri=iri,
            label=labels[0][2] if labels else "",
            outgoing=outgoing,
            incoming=incoming,
            limit=limit if len(rows) >= limit else 0,
            error="",
            query_link="./?" + urlencode({"query": f"DESCRIBE <{iri}>", "run": "1"}),
        )

    async def network_view(request: Request) -> Response:
        async with network_lock:
            if "html" not in network:
                try:
                    network["html"] = await pool.call(("network", None), timeout=settings.render_timeout)
                except (DeadlineExceeded, Busy, WorkerFailed) as exc:
                    return _response(error_reply(503, f"the network view could not be rendered: {exc}"))
        return HTMLResponse(network["html"], headers={"X-Content-Type-Options": "nosniff"})

    @asynccontextmanager
    async def lifespan(app: Starlette):
        await pool.start()
        try:
            yield
        finally:
            await pool.close()

    middleware = []
    if settings.allowed_hosts:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=list(settings.allowed_hosts)))
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Accept", "Content-Type"],
            )
        )
    reconciliation = reconciliation_routes(
        ds,
        lambda: pool.call(("reconciliation", None), timeout=settings.render_timeout),
        lambda request: _body(request, settings.max_request_bytes),
    )
    return Starlette(
        routes=[
            Route("/", page),
            Route("/sparql", sparql, methods=["GET", "POST"]),
            Route("/describe", describe),
            Route("/static/{path:path}", _asset_response),
            Route("/network", network_view),
            *reconciliation,
        ],
        middleware=middleware,
        lifespan=lifespan,
    )


def serve(
    ds: Dataset, host: str = "127.0.0.1", port: int = 8000, *, log_level: str = "info", banner: str | None = None, **settings
) -> None:
    """Serve ``ds`` over HTTP with uvicorn until interrupted: the endpoint at ``/sparql``, the page at ``/``.

    The process is denied network access first
    (:func:`~collabgraph.server.guard.install_network_guard`; only the listening address may be
    resolved), so call it in a process of its own, such as ``collabgraph serve``. On loopback only
    requests whose ``Host`` is a loopback name are answered, unless ``allowed_hosts`` says otherwise.

    Parameters
    ----------
    ds : Dataset
        The loaded dataset.
    host, port
        Where to listen; loopback by default.
    log_level : str
        uvicorn's log level.
    banner : str, optional
        A line printed on stderr once the port is bound (never for a port that is in use).
    **settings
        Fields of :class:`Settings` (``timeout``, ``max_rows``, ``workers``…).

    Raises
    ------
    CollabgraphError
        An unknown or invalid setting, or the port cannot be listened on (``port 8000 is in
        use``), before anything is announced.

    Examples
    --------
    In a subprocess, as :func:`collabgraph.server.background.start_server` runs it:

    >>> from collabgraph.server.background import start_server
    >>> import urllib.request
    >>> with start_server(sources="seeds", timeout=5) as server:
    ...     answer = urllib.request.urlopen(server.endpoint + "?query=ASK%7B%7D&format=json").read()
    >>> answer
    b'{"head": {}, "boolean": true}'
    """
    import errno
    import socket
    import sys

    import uvicorn

    if host in LOOPBACK and "allowed_hosts" not in settings:
        settings["allowed_hosts"] = LOOPBACK
    app = create_app(ds, settings=Settings.from_options(**settings))
    # Bound here and handed to uvicorn, so a busy port is one line, before any banner, and no
    # other process can take the port between a check and the bind.
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise CollabgraphError(f"port {port} is in use") from None
        raise CollabgraphError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    install_network_guard(allow_hosts={host})
    if banner:
        print(banner, file=sys.stderr, flush=True)
    uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level=log_level)).run(sockets=[sock])
