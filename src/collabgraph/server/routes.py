"""The application's routes: ``/sparql``, ``/``, ``/describe``, ``/static/``, ``/network`` and ``/reconcile``.

:func:`create_app` builds the Starlette application over a loaded dataset: the worker pool that
runs every query (and renders the network view and builds the reconciliation index, once each),
the handlers that read requests under the size limit, negotiate the answer's format and map the
pool's refusals to HTTP statuses (503 with ``Retry-After`` when busy), and the host and CORS
middleware.
"""

from __future__ import annotations

import asyncio
import json
import math
import secrets
import tempfile
from collections.abc import Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from rdflib import Dataset
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from collabgraph.namespaces import CGR, PREFIXES
from collabgraph.server.assets import asset_version, assets
from collabgraph.server.describe import _IRI, _LABELS, _describe_query, _term
from collabgraph.server.pages import DEFAULT_EXAMPLE, _script_json, _templates, examples, page_csp
from collabgraph.server.protocol import GRAPH_TYPES, ProtocolError, QueryRequest, negotiate, parse_params, query_request
from collabgraph.server.reconciliation import build_index, reconciliation_routes
from collabgraph.server.results import Reply, answer, error_reply, serialize_graph, service_description
from collabgraph.server.settings import Settings
from collabgraph.server.worker import Busy, DeadlineExceeded, SlowLaneFull, WorkerFailed, WorkerPool

__all__ = ["create_app"]


def _response(reply: Reply, **headers: str) -> Response:
    return Response(
        reply.body,
        status_code=reply.status,
        media_type=reply.media_type,
        headers={"X-Content-Type-Options": "nosniff", **headers},
    )


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
