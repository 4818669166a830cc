"""The endpoint's settings: time and size limits, workers, the slow lane, hosts and origins, the title.

:class:`Settings` checks each value when it is made; :meth:`Settings.from_options` names an
unknown option in its error, so a typo on the command line is one clear line.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from collabgraph.errors import CollabgraphError

__all__ = ["Settings"]


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
        any. :func:`~collabgraph.server.app.serve` sets the loopback names when it listens on loopback.
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
