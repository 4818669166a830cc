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

Where the code is: :mod:`~collabgraph.server.routes` (:func:`create_app` and the handlers),
:mod:`~collabgraph.server.settings` (:class:`Settings`), :mod:`~collabgraph.server.pages` (templates,
policy, examples), :mod:`~collabgraph.server.describe` (the describe page),
:mod:`~collabgraph.server.assets` (static files); :func:`serve` is here.
"""

from __future__ import annotations

from rdflib import Dataset

from collabgraph.errors import CollabgraphError
from collabgraph.server.assets import asset_version, assets
from collabgraph.server.guard import install_network_guard
from collabgraph.server.pages import DEFAULT_EXAMPLE, examples, page_csp
from collabgraph.server.routes import create_app
from collabgraph.server.settings import Settings

__all__ = ["Settings", "create_app", "serve", "examples", "assets", "asset_version", "page_csp", "DEFAULT_EXAMPLE", "LOOPBACK"]


#: Host names of the loopback interface; the ``Host`` headers a loopback server accepts by default.
LOOPBACK = ("127.0.0.1", "localhost", "::1")


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
