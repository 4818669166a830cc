"""SPARQLWrapper, as a user of the endpoint would run it, gets the same answers as rdflib in process.

Every result format the protocol names: SELECT as JSON, XML, CSV and TSV, ASK as JSON, CONSTRUCT
as Turtle and JSON-LD; by GET (SPARQLWrapper's default) and by POST.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.query import Result
from SPARQLWrapper import CSV, JSON, JSONLD, POST, TSV, TURTLE, XML, SPARQLWrapper

from collabgraph.server import start_server
from collabgraph.sparql.query import query_text

MEMBERS = query_text("alliance_members")
CONSTRUCT = """PREFIX org: <http://www.w3.org/ns/org#>
CONSTRUCT { ?alliance org:hasMember ?member } WHERE { ?m org:member ?member ; org:organization ?alliance }"""
TRICKY = """SELECT ?x WHERE { VALUES ?x { "tab\\there" "line\\nbreak" "quote \\" and \\\\ backslash"
  "Universität Münster"@de 3 "2024-07"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> <urn:x> } }"""


@pytest.fixture(scope="module")
def server():
    with start_server(sources="seeds") as running:
        yield running


def client(server, fmt: str, query: str, method: str | None = None) -> SPARQLWrapper:
    sparql = SPARQLWrapper(server.endpoint, returnFormat=fmt)
    sparql.setQuery(query)
    if method:
        sparql.setMethod(method)
    return sparql


def local_rows(ds, query: str) -> set[tuple]:
    result = ds.query(query)
    return {tuple(row) for row in result}


def test_sparqlwrapper_select_as_json(server, ds_seeds):
    data = client(server, JSON, MEMBERS).queryAndConvert()
    rows = {(b["alliance"]["value"], b["member"]["value"]) for b in data["results"]["bindings"]}
    assert data["head"]["vars"] == ["alliance", "member"]
    assert rows == {(str(a), str(m)) for a, m in local_rows(ds_seeds, MEMBERS)} and rows


def test_sparqlwrapper_select_as_json_by_post(server, ds_seeds):
    data = client(server, JSON, MEMBERS, POST).queryAndConvert()
    assert len(data["results"]["bindings"]) == len(local_rows(ds_seeds, MEMBERS))


def test_sparqlwrapper_select_as_xml(server, ds_seeds):
    document = client(server, XML, MEMBERS).queryAndConvert()
    parsed = Result.parse(io.BytesIO(document.toxml("utf-8")), format="xml")
    assert {tuple(row) for row in parsed} == local_rows(ds_seeds, MEMBERS)


def test_sparqlwrapper_select_as_csv(server, ds_seeds):
    text = client(server, CSV, MEMBERS).queryAndConvert().decode("utf-8")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header == ["alliance", "member"]
    assert {tuple(r) for r in rows} == {(str(a), str(m)) for a, m in local_rows(ds_seeds, MEMBERS)}


def test_sparqlwrapper_select_as_tsv(server, ds_seeds):
    text = client(server, TSV, MEMBERS).queryAndConvert().decode("utf-8")
    assert text.splitlines()[0] == "?alliance\t?member"
    parsed = Result.parse(io.StringIO(text), format="tsv")
    assert {tuple(row) for row in parsed} == local_rows(ds_seeds, MEMBERS)


def test_tsv_keeps_language_tags_datatypes_and_escapes(server):
    text = client(server, TSV, TRICKY).queryAndConvert().decode("utf-8")
    lines = text.rstrip("\n").split("\n")
    assert len(lines) == 8 and all("\t" not in line for line in lines)  # one column: no raw tab
    values = {row[0] for row in Result.parse(io.StringIO(text), format="tsv")}
    assert values == {
        Literal("tab\there"),
        Literal("line\nbreak"),
        Literal('quote " and \\ backslash'),
        Literal("Universität Münster", lang="de"),
        Literal(3),
        Literal("2024-07", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYearMonth")),
        URIRef("urn:x"),
    }


def test_sparqlwrapper_ask_as_json(server):
    query = "ASK { cgr:ukm skos:altLabel 'UKM' }"
    assert client(server, JSON, query).queryAndConvert() == {"head": {}, "boolean": True}


def test_sparqlwrapper_construct_as_turtle(server, ds_seeds):
    body = client(server, TURTLE, CONSTRUCT).queryAndConvert()
    received = Graph().parse(data=body.decode("utf-8"), format="turtle")
    assert len(received) > 0 and isomorphic(received, ds_seeds.query(CONSTRUCT).graph)


def test_sparqlwrapper_construct_as_json_ld(server, ds_seeds):
    sparql = client(server, JSONLD, CONSTRUCT)
    response = sparql.query().response
    assert response.headers["Content-Type"].startswith("application/ld+json")
    nodes = json.loads(response.read())
    members = {(n["@id"], m["@id"]) for n in nodes for m in n.get("http://www.w3.org/ns/org#hasMember", [])}
    assert members == {(str(a), str(m)) for a, _, m in ds_seeds.query(CONSTRUCT).graph}
