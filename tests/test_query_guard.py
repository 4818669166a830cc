"""One query guard on every path: the CLI, the API, named query files and the endpoint fetch nothing.

A loopback listener fails the test if anything connects to it, and an audit hook records every
``open`` of a secret file, so a refusal that still reached out (or read the file) is caught, not
only a missing message.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading

import pytest

from collabgraph.errors import QueryError
from collabgraph.loading.load import load
from collabgraph.server import start_server
from collabgraph.sparql.guard import Refused
from collabgraph.sparql.query import run, run_named

_OPENED: list[str] = []
_WATCHED: set[str] = set()


def _record_opens(event: str, args: tuple) -> None:
    if event == "open" and _WATCHED and args and str(args[0]) in _WATCHED:
        _OPENED.append(str(args[0]))


sys.addaudithook(_record_opens)  # hooks cannot be removed; this one only looks at watched paths


class Listener:
    """A loopback TCP listener that records every connection made to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture
def listener():
    running = Listener()
    yield running
    running.close()
    assert running.connections == 0, "a refused query still connected to the listener"


@pytest.fixture
def secret(tmp_path):
    path = tmp_path / "secret.nt"
    path.write_text('<urn:s> <urn:p> "do-not-leak-7f3a" .\n', encoding="utf-8")
    _OPENED.clear()
    _WATCHED.add(str(path))
    yield path
    _WATCHED.discard(str(path))
    assert not _OPENED, f"a refused query opened {_OPENED}"


@pytest.fixture(scope="module")
def ds():
    return load(sources="seeds")


def hostile(kind: str, port: int, secret) -> tuple[str, str]:
    """A hostile query of ``kind`` and the words its refusal must contain."""
    return {
        "service-http": (f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}", "SERVICE is not allowed"),
        "service-file": (f"SELECT * {{ SERVICE <{secret.as_uri()}> {{ ?s ?p ?o }} }}", "SERVICE is not allowed"),
        "from-http": (f"SELECT * FROM <http://127.0.0.1:{port}/g> {{ ?s ?p ?o }}", "FROM and FROM NAMED"),
        "from-file": (f"SELECT * FROM <{secret.as_uri()}> {{ ?s ?p ?o }}", "FROM and FROM NAMED"),
        "from-named": (f"SELECT * FROM NAMED <{secret.as_uri()}> {{ GRAPH ?g {{ ?s ?p ?o }} }}", "FROM and FROM NAMED"),
        "load": (f"LOAD <http://127.0.0.1:{port}/data.ttl>", "SPARQL Update (LOAD)"),
        "insert": ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "SPARQL Update (INSERT DATA)"),
    }[kind]


KINDS = ["service-http", "service-file", "from-http", "from-file", "from-named", "load", "insert"]


@pytest.mark.parametrize("kind", KINDS)
def test_run_refuses_what_would_fetch_open_or_change(ds, listener, secret, kind):
    text, words = hostile(kind, listener.port, secret)
    with pytest.raises(Refused, match=words.replace("(", r"\(").replace(")", r"\)")):
        run(ds, text)


@pytest.mark.parametrize("kind", ["service-http", "from-file", "load"])
def test_api_query_refuses_what_would_fetch_open_or_change(listener, secret, kind):
    from collabgraph import load as load_kg

    text, words = hostile(kind, listener.port, secret)
    with pytest.raises(Refused, match=words.split(" (")[0]):
        load_kg(sources="seeds").query(text)


@pytest.mark.parametrize("kind", ["service-http", "service-file", "from-named"])
def test_run_named_refuses_a_hostile_query_file(ds, listener, secret, tmp_path, kind):
    text, words = hostile(kind, listener.port, secret)
    path = tmp_path / "hostile.rq"
    path.write_text("# a user's query file\n" + text + "\n", encoding="utf-8")
    with pytest.raises(Refused, match=words):
        run_named(ds, str(path))


_CLI = """\
import sys
watched = sys.argv[1]
def hook(event, args):
    if event == "open" and args and str(args[0]) == watched:
        sys.stderr.write("OPENED " + watched + "\\n")
sys.addaudithook(hook)
from collabgraph.cli.commands import main
sys.argv = ["collabgraph", "query", "--sources", "seeds", sys.argv[2]]
main()
"""


@pytest.mark.parametrize("kind", ["service-http", "service-file", "from-file", "load"])
def test_cli_query_refuses_in_one_line_with_exit_code_2(listener, secret, kind):
    text, words = hostile(kind, listener.port, secret)
    done = subprocess.run([sys.executable, "-c", _CLI, str(secret), text], capture_output=True, text=True, timeout=300)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines() == [done.stderr.strip()], done.stderr  # one line, no traceback
    assert words in done.stderr and "OPENED" not in done.stderr and "Traceback" not in done.stderr


def test_a_refused_update_is_told_apart_from_a_syntax_error(ds):
    with pytest.raises(QueryError, match="line 1, column"):
        run(ds, "SELEC * { ?s ?p ?o }")
    with pytest.raises(Refused, match=r"SPARQL Update \(CLEAR\)"):
        run(ds, "# a comment first\nCLEAR ALL")


def test_a_deeply_nested_query_is_a_short_query_error(ds):
    with pytest.raises(QueryError, match="nested too deeply") as raised:
        run(ds, "SELECT * {" + "{" * 3000 + "}" * 3000 + "}")
    assert len(str(raised.value)) < 120


@pytest.fixture(scope="module")
def server():
    with start_server(sources="seeds", timeout=2) as running:
        yield running


@pytest.mark.parametrize("kind", KINDS)
def test_endpoint_refuses_what_would_fetch_open_or_change(server, listener, secret, kind):
    text, words = hostile(kind, listener.port, secret)
    answer = server.request(params={"query": text})
    assert answer.status == 403, answer.text
    assert words in answer.text and "do-not-leak" not in answer.text
