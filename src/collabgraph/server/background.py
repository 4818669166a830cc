"""Start the endpoint in a subprocess on a free loopback port: for notebooks, tests and benchmarks.

The subprocess loads the data itself and calls :func:`collabgraph.server.serve`, so the caller's
process keeps its network access and its event loop.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from collabgraph.errors import CollabgraphError

__all__ = ["RunningServer", "Answer", "start_server", "free_port"]

_CODE = """\
import json, sys
from collabgraph.loading.load import load
from collabgraph.server import serve
options = json.loads(sys.argv[1])
serve(load(**options["load"]), options["host"], options["port"], log_level="warning", **options["settings"])
"""


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on at ``host`` right now.

    Examples
    --------
    >>> 0 < free_port() < 65536
    True
    """
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Answer:
    """An HTTP response as received: status, headers (names lower-cased) and body."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        """The body decoded as UTF-8."""
        return self.body.decode("utf-8")


@dataclass
class RunningServer:
    """A server subprocess: its base ``url`` (ending in ``/``) and SPARQL ``endpoint``; stop it with :meth:`stop`."""

    process: subprocess.Popen
    url: str
    log: Path = field(repr=False)

    @property
    def endpoint(self) -> str:
        """The SPARQL endpoint's URL."""
        return self.url + "sparql"

    def request(
        self,
        path: str = "sparql",
        *,
        method: str = "GET",
        params=(),
        body: bytes | str | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 60.0,
    ) -> Answer:
        """Send one HTTP request exactly as given (no header added) and return the :class:`Answer`.

        ``params`` (a mapping or pairs, repeated names allowed; a ``str`` is used as it is) make the
        URL's query string;
        ``body`` is sent as is (``str`` as UTF-8). Error statuses are returned, not raised.
        """
        query = params if isinstance(params, str) else urlencode(params, doseq=True)
        target = "/" + path + ("?" + query if query else "")
        host, port = self.url.split("//", 1)[1].rstrip("/").rsplit(":", 1)
        connection = http.client.HTTPConnection(host.strip("[]"), int(port), timeout=timeout)
        try:
            data = body.encode("utf-8") if isinstance(body, str) else body
            connection.request(method, target, body=data, headers=headers or {})
            response = connection.getresponse()
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            connection.close()

    def stop(self) -> None:
        """Terminate the server (its workers go with it) and wait for it."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.unlink(missing_ok=True)

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start_server(
    *,
    sources: str = "all",
    data: tuple[str, ...] = (),
    curated: bool = True,
    reason: bool = True,
    host: str = "127.0.0.1",
    port: int | None = None,
    ready_timeout: float = 120.0,
    **settings,
) -> RunningServer:
    """Load the data and serve it in a subprocess; return once the endpoint answers.

    Parameters
    ----------
    sources, data, curated, reason
        Passed to :func:`collabgraph.loading.load.load` in the subprocess.
    host, port
        Where to listen; default a free port on loopback.
    ready_timeout : float
        Seconds to wait for the first answer.
    **settings
        :class:`~collabgraph.server.app.Settings` fields (``timeout``, ``max_rows``…).

    Raises
    ------
    CollabgraphError
        The server exited or did not answer in time (the message ends with its log).

    Examples
    --------
    >>> import urllib.request
    >>> with start_server(sources="seeds") as server:
    ...     page = urllib.request.urlopen(server.url).read()
    ...     answer = server.request(params={"query": "SELECT (1 AS ?one) {}", "format": "csv"})
    >>> b"<textarea" in page, answer.status, answer.text
    (True, 200, 'one\\r\\n1\\r\\n')
    """
    port = port or free_port(host)
    netloc = f"[{host}]" if ":" in host else host
    options = {
        "load": {"sources": sources, "data": [str(d) for d in data], "curated": curated, "reason": reason},
        "host": host,
        "port": port,
        "settings": settings,
    }
    fd, log = tempfile.mkstemp(prefix="collabgraph-server-", suffix=".log")
    with os.fdopen(fd, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", _CODE, json.dumps(options)], stdin=subprocess.DEVNULL, stdout=out, stderr=out
        )
    server = RunningServer(process, f"http://{netloc}:{port}/", Path(log))
    deadline = time.monotonic() + ready_timeout
    while True:
        if process.poll() is not None or time.monotonic() > deadline:
            text = Path(log).read_text(encoding="utf-8", errors="replace")[-2000:]
            server.stop()
            raise CollabgraphError(f"the server did not start (exit code {process.returncode}): {text}")
        try:
            with urllib.request.urlopen(server.endpoint, timeout=2):
                return server
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
