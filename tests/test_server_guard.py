"""What the endpoint refuses and what it limits: no outbound fetch, a time limit, a size limit, load.

The server here runs with a 1-second time limit and a 1000-row result limit.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest

from collabgraph.server import start_server

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
QUICK = "SELECT ?n WHERE { cgr:ukm skos:altLabel ?n }"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def server():
    with start_server(sources="seeds", timeout=1, max_rows=1000) as running:
        yield running


def query(server, text: str, **params):
    return server.request(params={"query": text, **params})


def refused(answer, *words: str) -> None:
    assert answer.status == 403, (answer.status, answer.text)
    assert all(w in answer.text for w in words), answer.text


@pytest.mark.parametrize(
    "pattern",
    [
        "SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o }",
        "SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o }",
        "OPTIONAL { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "?s ?p ?o FILTER EXISTS { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "{ SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } } }",
        "BIND(<http://127.0.0.1:9/sparql> AS ?endpoint) SERVICE ?endpoint { ?s ?p ?o }",
    ],
    ids=["plain", "silent", "optional", "exists", "subquery", "variable"],
)
def test_service_is_refused_wherever_it_hides(server, pattern):
    refused(query(server, f"SELECT * WHERE {{ {pattern} }}"), "SERVICE is not allowed")


def test_service_with_a_file_iri_does_not_read_the_file(server, tmp_path):
    secret = tmp_path / "secret.nt"
    secret.write_text('<urn:s> <urn:p> "do-not-leak-7f3a" .\n', encoding="utf-8")
    answer = query(server, f"SELECT * WHERE {{ SERVICE <{secret.as_uri()}> {{ ?s ?p ?o }} }}")
    refused(answer, "SERVICE is not allowed")
    assert "do-not-leak" not in answer.text


def test_load_in_a_query_is_refused(server):
    refused(query(server, "LOAD <http://127.0.0.1:9/data.ttl>"), "SPARQL Update (LOAD)", "read-only")


def test_load_as_an_update_is_refused(server):
    answer = server.request(method="POST", body="update=LOAD%20%3Cfile%3A%2F%2F%2Fetc%2Fpasswd%3E", headers=FORM)
    refused(answer, "read-only")


def test_from_is_refused(server):
    refused(query(server, "SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }"), "FROM")


def test_from_named_is_refused(server):
    refused(query(server, "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }"), "FROM")


def test_from_a_loaded_graph_is_refused_too(server):
    """FROM is refused whatever it names; GRAPH or default-graph-uri choose among loaded graphs."""
    iri = "https://w3id.org/collabgraph/graph/ontology"
    refused(query(server, f"ASK FROM <{iri}> {{ ?s ?p ?o }}"), "default-graph-uri")


def test_network_guard_denies_connections_lookups_and_urls_in_the_process(server):
    host, port = server.url.split("//")[1].rstrip("/").split(":")
    code = f"""
import socket, urllib.request
from collabgraph.server.guard import install_network_guard
install_network_guard()
for attempt in (lambda: socket.socket().connect(({host!r}, {port})), lambda: socket.getaddrinfo("example.org", 80),
                lambda: urllib.request.urlopen("file:///etc/hostname")):
    try:
        attempt()
        print("allowed")
    except PermissionError as exc:
        print("denied", exc)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    lines = done.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["denied"] * 3, done.stdout + done.stderr
    assert "socket.connect" in lines[0] and "socket.getaddrinfo" in lines[1] and "urllib.Request" in lines[2]


def test_a_loopback_server_refuses_a_foreign_host_header(server):
    """DNS rebinding: a page whose name now points at 127.0.0.1 cannot read the endpoint."""
    answer = server.request(params={"query": QUICK}, headers={"Host": "attacker.example"})
    assert answer.status == 400 and "UKM" not in answer.text
    assert server.request(params={"query": QUICK}, headers={"Host": "localhost"}).status == 200


def test_slow_query_is_stopped_at_the_limit_while_a_quick_query_answers(server):
    done: list[str] = []  # which query was answered first
    slow: dict = {}

    def run_slow():
        slow["answer"] = query(server, SLOW)
        done.append("slow")

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.3)  # the slow query is running
    quick = query(server, QUICK)
    done.append("quick")
    thread.join(timeout=60)  # a guard against a hang only
    assert quick.status == 200 and "UKM" in quick.text
    assert done == ["quick", "slow"]  # the quick one did not wait for the slow one to end
    assert slow["answer"].status == 503
    assert "query exceeded the 1 s time limit" in slow["answer"].text


def test_server_keeps_answering_after_its_workers_were_killed(server):
    for _ in range(3):
        assert query(server, SLOW).status == 503
    answers = [query(server, QUICK) for _ in range(10)]
    assert [a.status for a in answers] == [200] * 10


def test_result_size_limit(server):
    answer = query(server, "SELECT * WHERE { ?s ?p ?o }")
    assert answer.status == 400
    assert "the result exceeds the limit of 1000 rows" in answer.text


def test_result_size_limit_allows_exactly_the_limit(server):
    answer = query(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 1000", format="tsv")
    assert answer.status == 200 and len(answer.text.splitlines()) == 1001


def test_result_size_limit_applies_to_construct(server):
    answer = query(server, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert answer.status == 400 and "limit of 1000 triples" in answer.text


def test_eight_concurrent_clients_get_no_errors(server):
    """Eight clients at once send queries in every format, each query once; every answer is a 200."""
    queries = [({"query": QUICK, "format": f}) for f in ("json", "xml", "csv", "tsv")]
    queries += [
        {"query": "CONSTRUCT { cgr:ukm ?p ?o } WHERE { cgr:ukm ?p ?o }", "format": "ttl"},
        {"query": "ASK { ?s a cg:Agreement }"},
        {"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"},
    ]
    statuses: list[int] = []
    lock = threading.Lock()
    each = len(queries)  # every client sends every query once, starting at a different one

    def client(i: int):
        for n in range(i, i + each):
            answer = server.request(params=queries[n % len(queries)])
            with lock:
                statuses.append(answer.status)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)  # a guard against a hang only
    assert len(statuses) == 8 * each, len(statuses)
    assert set(statuses) == {200}, {s: statuses.count(s) for s in set(statuses)}
