"""The HTTP side: ``/reconcile`` and ``/reconcile/preview``, their request shapes, JSONP and CORS.

:func:`reconciliation_routes` gives the two Starlette routes. ``/reconcile`` reads queries from
the URL, a form or a JSON body, answers the manifest at once and a batch once the index is built
(in a worker, on first use, then kept; a failure is a 503 with ``Retry-After``); every JSON answer
may be wrapped for JSONP and carries ``Access-Control-Allow-Origin: *``.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from rdflib import Dataset
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from collabgraph.errors import CollabgraphError
from collabgraph.server.protocol import ProtocolError, media_type, parse_params
from collabgraph.server.reconciliation.batch import _bad, check_callback, manifest, parse_batch
from collabgraph.server.reconciliation.index import Index, institution_types
from collabgraph.server.reconciliation.preview import _templates, preview_html
from collabgraph.server.reconciliation.scoring import answer_batch

__all__ = ["reconciliation_routes"]


_HEADERS = {"X-Content-Type-Options": "nosniff", "Access-Control-Allow-Origin": "*"}


def _json(value: Any, *, status: int = 200, callback: str | None = None, **headers: str) -> Response:
    if callback:  # the leading comment keeps the body from being read as anything but script
        body = f"/**/{callback}({json.dumps(value, ensure_ascii=True)});"
        return Response(body, status, media_type="application/javascript; charset=utf-8", headers={**_HEADERS, **headers})
    return Response(
        json.dumps(value, ensure_ascii=False),
        status,
        media_type="application/json; charset=utf-8",
        headers={**_HEADERS, **headers},
    )


def _error(status: int, message: str, **headers: str) -> Response:
    return _json({"error": " ".join(str(message).split())}, status=status, **headers)


def _params(request: Request) -> list[tuple[str, str]]:
    try:
        text = request.scope.get("query_string", b"").decode("utf-8")
    except UnicodeDecodeError:
        raise _bad("the URL's query string is not UTF-8") from None
    return parse_params(text)


def _single(params: list[tuple[str, str]], name: str) -> str | None:
    found = [v for n, v in params if n == name]
    if len(found) > 1:
        raise _bad(f"give {name} once")
    return found[0] if found else None


class _Service:
    """The routes' handlers; the index, built on first use by ``load`` and kept."""

    def __init__(self, ds: Dataset, load: Callable[[], Awaitable[Index]], read_body: Callable[[Request], Awaitable[bytes]]):
        import asyncio

        self.ds, self.load, self.read_body = ds, load, read_body
        self.index: Index | None = None
        self.types: dict[str, str] | None = None
        self.lock = asyncio.Lock()
        self.warming: set[asyncio.Task] = set()

    async def ready(self) -> Index:
        async with self.lock:
            if self.index is None:
                self.index = await self.load()
        return self.index

    def warm(self) -> None:
        """Start building the index now (a client that asked for the manifest queries next)."""
        import asyncio

        async def build() -> None:
            try:
                await self.ready()
            except CollabgraphError:  # the next request tries again and reports it
                pass

        if self.index is None and not self.warming:
            task = asyncio.get_running_loop().create_task(build())
            self.warming.add(task)
            task.add_done_callback(self.warming.discard)

    async def _queries(self, request: Request, params: list[tuple[str, str]]) -> Any:
        """The ``queries`` of the request (JSON text or the decoded object), or None for none."""
        found = _single(params, "queries")
        if request.method != "POST":
            return found
        body = await self.read_body(request)
        kind, _ = media_type(request.headers.get("content-type"))
        if not body.strip():
            return found
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise _bad("the request body is not UTF-8") from None
        if kind == "application/json":
            try:
                decoded = json.loads(text)
            except (ValueError, RecursionError):
                raise _bad("the request body is not valid JSON") from None
            if not isinstance(decoded, dict) or "queries" not in decoded:
                raise _bad('a JSON body must be an object {"queries": {...}}')
            if found is not None:
                raise _bad("give queries once")
            return decoded["queries"]
        if kind in ("application/x-www-form-urlencoded", ""):
            form = _single(parse_params(text), "queries")
            if form is not None and found is not None:
                raise _bad("give queries once")
            return form if form is not None else found
        raise _bad("send queries as application/x-www-form-urlencoded (a queries field) or application/json")

    async def reconcile(self, request: Request) -> Response:
        if request.method == "OPTIONS":  # a CORS preflight (JSON bodies need one)
            return Response(
                status_code=204,
                headers={
                    **_HEADERS,
                    "Access-Control-Allow-Methods": "GET, POST",
                    "Access-Control-Allow-Headers": "Content-Type",
                    "Access-Control-Max-Age": "600",
                },
            )
        try:
            params = _params(request)
            callback = _single(params, "callback")
            callback = check_callback(callback) if callback is not None else None
            queries = await self._queries(request, params)
            if queries is None and request.method == "POST":
                raise _bad("no queries given")
            batch = parse_batch(queries) if queries is not None else None
        except ProtocolError as exc:
            return _error(exc.status, str(exc))
        if batch is None:  # the manifest needs only the class hierarchy: no wait for the index
            if self.types is None:
                self.types = institution_types(self.ds)
            self.warm()
            return _json(manifest(self.types, str(request.base_url)), callback=callback)
        try:
            index = await self.ready()
        except CollabgraphError as exc:
            return _error(503, f"the reconciliation index could not be built: {exc}", **{"Retry-After": "5"})
        from starlette.concurrency import run_in_threadpool

        return _json(await run_in_threadpool(answer_batch, index, batch), callback=callback)

    async def preview(self, request: Request) -> Response:
        try:
            iri = _single(_params(request), "id")
            if not iri or not iri.strip():
                raise _bad("give the institution's IRI as id")
        except ProtocolError as exc:
            return _error(exc.status, str(exc))
        try:
            index = await self.ready()
        except CollabgraphError as exc:
            return _error(503, f"the reconciliation index could not be built: {exc}", **{"Retry-After": "5"})
        nonce = secrets.token_urlsafe(16)
        page = preview_html(index, iri.strip(), nonce)
        status = 200
        if page is None:
            status = 404
            page = _templates()[1].render(iri=iri)
        # Shown in the client's <iframe>: no frame-ancestors limit, nothing to load, no script.
        return Response(
            page,
            status,
            media_type="text/html; charset=utf-8",
            headers={
                **_HEADERS,
                "Referrer-Policy": "no-referrer",
                "Content-Security-Policy": f"default-src 'none'; style-src 'nonce-{nonce}'; base-uri 'none'; form-action 'none'",
            },
        )


def reconciliation_routes(
    ds: Dataset, load: Callable[[], Awaitable[Index]], read_body: Callable[[Request], Awaitable[bytes]]
) -> list[Route]:
    """The routes ``/reconcile`` and ``/reconcile/preview`` for an application.

    Parameters
    ----------
    ds : Dataset
        The served dataset; the manifest reads its class hierarchy (:func:`institution_types`).
    load : async callable
        Returns the :class:`Index` of ``ds`` (the server builds it in a worker with
        :func:`build_index`); awaited once, on the first query or preview (or in the background
        once the manifest was asked for), and kept. A
        :class:`~collabgraph.errors.CollabgraphError` it raises is a 503, and the next request
        tries again.
    read_body : async callable
        Reads a request's body under the server's size limit, raising
        :class:`~collabgraph.server.protocol.ProtocolError` (413) beyond it.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> from collabgraph.server.reconciliation import build_index
    >>> ds = load(sources="seeds")
    >>> async def ready(): return build_index(ds)
    >>> async def body(request): return await request.body()
    >>> [r.path for r in reconciliation_routes(ds, ready, body)]
    ['/reconcile', '/reconcile/preview']
    """
    service = _Service(ds, load, read_body)
    return [
        Route("/reconcile", service.reconcile, methods=["GET", "POST", "OPTIONS"]),
        Route("/reconcile/preview", service.preview, methods=["GET"]),
    ]
