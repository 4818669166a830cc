"""Valid but awkward queries get answers, and slow queries never stall quick ones.

The server here has 2 workers, a 3-second time limit, slow queries moved aside after 0.5 s and
room for 2 of them at once.
"""

from __future__ import annotations

import threading
import time
import xml.dom.minidom

import pytest
from rdflib import Graph

from collabgraph.server import start_server

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def server():
    with start_server(sources="seeds", timeout=3, workers=2, slow_after=0.5, slow_queries=2) as running:
        yield running


def query(server, text: str, **params):
    return server.request(params={"query": text, **params})


def test_construct_where_short_form_answers_its_pattern(server):
    answer = query(server, "CONSTRUCT WHERE { ?s a cg:Alliance } LIMIT 1", format="nt")
    assert answer.status == 200, answer.text
    assert len(Graph().parse(data=answer.text, format="nt")) == 1


def test_describe_star_describes_every_variable_of_the_pattern(server):
    answer = query(server, "DESCRIBE * WHERE { ?a skos:altLabel 'UKM' }", format="nt")
    assert answer.status == 200, answer.text
    assert "<https://w3id.org/collabgraph/id/ukm>" in answer.text


@pytest.mark.parametrize(
    "text",
    [
        'SELECT ?x { BIND("bell\\u0007 nul-ish\\u0001 form\\u000C" AS ?x) }',
        'ASK { FILTER("\\u0002" != "") }',
    ],
    ids=["select", "ask"],
)
def test_xml_results_with_control_characters_are_well_formed(server, text):
    answer = query(server, text, format="xml")
    assert answer.status == 200, answer.text
    xml.dom.minidom.parseString(answer.body)


def test_rdfxml_with_control_characters_is_well_formed(server):
    answer = query(server, 'CONSTRUCT { <urn:a> <urn:b> "x\\u0002y" } WHERE {}', format="rdfxml")
    assert answer.status == 200, answer.text
    xml.dom.minidom.parseString(answer.body)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * {" + "{" * 3000 + "}" * 3000 + "}",
        "SELECT * { FILTER(" + "(" * 3000 + "1" + ")" * 3000 + ") }",
        "SELECT * { " + "OPTIONAL { " * 400 + "?s ?p ?o " + "}" * 400 + "}",
    ],
    ids=["groups", "expression", "optional"],
)
def test_a_deeply_nested_query_gets_a_short_400(server, text):
    answer = server.request(method="POST", body=text, headers={"Content-Type": "application/sparql-query"})
    assert answer.status == 400, answer.text
    assert "nested too deeply" in answer.text and "recursion" not in answer.text
    assert len(answer.text) < 200


def _fire(server, results: list, text: str = SLOW) -> threading.Thread:
    def send():
        results.append(query(server, text))

    thread = threading.Thread(target=send)
    thread.start()
    return thread


def test_two_slow_queries_do_not_stall_a_quick_one(server):
    slow: list = []
    threads = [_fire(server, slow) for _ in range(2)]
    time.sleep(0.2)  # both slow queries hold both workers
    quick = query(server, "ASK {}", format="json")
    ended_before_quick = len(slow)
    for thread in threads:
        thread.join(timeout=60)  # a guard against a hang only
    assert quick.status == 200 and b"true" in quick.body
    assert ended_before_quick == 0  # the quick query was answered while both slow ones still ran
    assert [a.status for a in slow] == [503, 503]  # each stopped at the 3 s time limit


def test_a_third_slow_query_is_refused_with_retry_after_while_quick_ones_answer(server):
    slow: list = []
    threads = [_fire(server, slow) for _ in range(2)]
    time.sleep(0.7)  # both are in the slow lane now
    third = query(server, SLOW)
    quick = [query(server, "ASK {}") for _ in range(5)]
    for thread in threads:
        thread.join(timeout=30)
    assert third.status == 503 and "already running 2 slow queries" in third.text, third.text
    assert third.headers.get("retry-after") == "3"
    assert [a.status for a in quick] == [200] * 5
