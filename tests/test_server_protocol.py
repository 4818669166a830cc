"""The W3C SPARQL 1.1 Protocol test cases, against the real server over HTTP.

One test per case of the W3C protocol manifest (``sparql11/protocol``), named after it. The
manifest's dataset cases use the collabgraph named graphs instead of the ``data1.rdf`` …
``data3.rdf`` files, since the endpoint chooses among its loaded graphs and never fetches one.
The update cases are ported as refusals: the endpoint is read-only.

Not ported, with the reason:

- ``update_dataset_default_graph``, ``update_dataset_default_graphs``, ``update_dataset_named_graphs``,
  ``update_dataset_full``, ``update_base_uri``: they check the effect of an update, and this
  endpoint refuses every update (``update_post_form``/``update_post_direct`` check that refusal).
"""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, URIRef

from collabgraph.server import start_server

A = "https://w3id.org/collabgraph/graph/seed/000_b86e7fc7cd7be3f7"
B = "https://w3id.org/collabgraph/graph/seed/004_e6e09fa7cb1010b6"
C = "https://w3id.org/collabgraph/graph/seed/003_adfda63692af55e4"
ONLY_IN_A = "https://w3id.org/collabgraph/id/universitas-tanjungpura"
ONLY_IN_B = "https://w3id.org/collabgraph/id/post-general-director-vinmec"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DIRECT = {"Content-Type": "application/sparql-query"}
RESULT_TYPES = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values")
RDF_TYPES = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml")


@pytest.fixture(scope="module")
def server():
    with start_server(sources="seeds", cors_origins=["*"]) as running:
        yield running


def count(ds, *iris) -> int:
    """Triples in the RDF merge of the named graphs ``iris`` of the local copy of the dataset."""
    return len(set().union(*(set(ds.graph(URIRef(i))) for i in iris)))


def ask(answer) -> bool:
    assert answer.status == 200, answer.text
    assert answer.headers["content-type"].startswith("application/sparql-results+json")
    return json.loads(answer.body)["boolean"]


def number(answer) -> int:
    assert answer.status == 200, answer.text
    return int(json.loads(answer.body)["results"]["bindings"][0]["n"]["value"])


def kind(answer) -> str:
    return answer.headers["content-type"].split(";")[0]


COUNT = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"


# --- positive cases ---------------------------------------------------------------------------


def test_query_get(server):
    assert ask(server.request(params={"query": "ASK {}"})) is True


def test_query_post_form(server):
    assert ask(server.request(method="POST", body="query=ASK%20%7B%7D", headers=FORM)) is True


def test_query_post_direct(server):
    assert ask(server.request(method="POST", body="ASK {}", headers=DIRECT)) is True


def test_query_dataset_default_graph(server, ds_seeds):
    """The protocol's default-graph-uri makes that graph the whole default graph."""
    params = {"default-graph-uri": A}
    assert number(server.request(method="POST", params=params, body=COUNT, headers=DIRECT)) == count(ds_seeds, A)
    query = f"ASK {{ <{ONLY_IN_B}> ?p ?o }}"
    assert ask(server.request(method="POST", params=params, body=query, headers=DIRECT)) is False


def test_query_dataset_default_graphs_get(server, ds_seeds):
    params = [("query", COUNT), ("default-graph-uri", A), ("default-graph-uri", B)]
    assert number(server.request(params=params)) == count(ds_seeds, A, B)


def test_query_dataset_default_graphs_post(server, ds_seeds):
    params = [("default-graph-uri", A), ("default-graph-uri", B)]
    query = f"ASK {{ <{ONLY_IN_A}> ?p ?o . <{ONLY_IN_B}> ?q ?r }}"
    assert ask(server.request(method="POST", params=params, body=query, headers=DIRECT)) is True
    assert number(server.request(method="POST", params=params, body=COUNT, headers=DIRECT)) == count(ds_seeds, A, B)


def named(answer) -> set[str]:
    assert answer.status == 200, answer.text
    return {b["g"]["value"] for b in json.loads(answer.body)["results"]["bindings"]}


def test_query_dataset_named_graphs_post(server):
    params = [("named-graph-uri", A), ("named-graph-uri", B)]
    query = "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }"
    assert named(server.request(method="POST", params=params, body=query, headers=DIRECT)) == {A, B}


def test_query_dataset_named_graphs_get(server):
    params = [("query", "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }"), ("named-graph-uri", A), ("named-graph-uri", B)]
    assert named(server.request(params=params)) == {A, B}


def test_query_dataset_full(server, ds_seeds):
    """default-graph-uri and named-graph-uri together: each part of the dataset is what was named."""
    params = [("default-graph-uri", C), ("named-graph-uri", A), ("named-graph-uri", B)]
    query = "SELECT ?g (COUNT(*) AS ?n) { { ?s ?p ?o BIND('default' AS ?g) } UNION { GRAPH ?g { ?s ?p ?o } } } GROUP BY ?g"
    answer = server.request(method="POST", params=params, body=query, headers=DIRECT)
    assert answer.status == 200, answer.text
    sizes = {b["g"]["value"]: int(b["n"]["value"]) for b in json.loads(answer.body)["results"]["bindings"]}
    assert sizes == {"default": count(ds_seeds, C), A: count(ds_seeds, A), B: count(ds_seeds, B)}


def test_query_multiple_dataset(server):
    """The protocol's dataset replaces the query's FROM, which is dropped unread."""
    query = f"ASK FROM <{A}> {{ <{ONLY_IN_A}> ?p ?o }}"
    answer = server.request(method="POST", params={"default-graph-uri": B}, body=query, headers=DIRECT)
    assert ask(answer) is False


def test_query_dataset_unknown_graph_is_empty_never_fetched(server):
    params = {"query": COUNT, "default-graph-uri": "http://127.0.0.1:9/never-fetched.ttl"}
    assert number(server.request(params=params)) == 0


def test_query_content_type_select(server):
    answer = server.request(method="POST", body="SELECT (1 AS ?value) {}", headers=DIRECT)
    assert answer.status == 200 and kind(answer) in RESULT_TYPES


def test_query_content_type_ask(server):
    answer = server.request(method="POST", body="ASK {}", headers=DIRECT)
    assert answer.status == 200 and kind(answer) in RESULT_TYPES[:2]


def test_query_content_type_describe(server):
    answer = server.request(method="POST", body="DESCRIBE <http://example.org/>", headers=DIRECT)
    assert answer.status == 200 and kind(answer) in RDF_TYPES


def test_query_content_type_construct(server):
    answer = server.request(method="POST", body="CONSTRUCT { <urn:s> <urn:p> 1 } WHERE {}", headers=DIRECT)
    assert answer.status == 200 and kind(answer) in RDF_TYPES
    assert len(Graph().parse(data=answer.text, format="turtle")) == 1


# --- negative cases: each must be a 4xx -------------------------------------------------------


def rejected(answer, status: int, *words: str) -> None:
    assert answer.status == status, (answer.status, answer.text)
    assert all(w in answer.text for w in words), answer.text


def test_bad_query_method(server):
    answer = server.request(method="PUT", params={"query": "ASK {}"}, body="")
    rejected(answer, 405)
    assert set(answer.headers["allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


def test_bad_multiple_queries(server):
    answer = server.request(params=[("query", "ASK {}"), ("query", "SELECT * {}")])
    rejected(answer, 400, "2 queries")


def test_bad_query_wrong_media_type(server):
    answer = server.request(method="POST", body="ASK {}", headers={"Content-Type": "text/plain"})
    rejected(answer, 415, "text/plain")


def test_bad_query_missing_form_type(server):
    rejected(server.request(method="POST", body="query=ASK%20%7B%7D"), 415, "Content-Type")


def test_bad_query_missing_direct_type(server):
    rejected(server.request(method="POST", body="ASK {}"), 415, "Content-Type")


def test_bad_query_non_utf8(server):
    answer = server.request(
        method="POST", body="ASK {}".encode("utf-16"), headers={"Content-Type": "application/sparql-query; charset=UTF-16"}
    )
    rejected(answer, 415, "UTF-8")


def test_bad_query_non_utf8_bytes(server):
    answer = server.request(method="POST", body=b'ASK { ?s ?p "caf\xe9" }', headers=DIRECT)
    rejected(answer, 400, "not UTF-8")


def test_bad_query_non_utf8_percent_encoding(server):
    rejected(server.request(params="query=ASK%20%7B%E9%7D"), 400, "not UTF-8")


def test_bad_query_syntax(server):
    rejected(server.request(params={"query": "ASK {"}), 400, "SPARQL error at line 1, column")


def test_bad_query_syntax_reports_the_line(server):
    answer = server.request(method="POST", body="SELECT ?x\nWHERE {\n  ?x ?y\n}", headers=DIRECT)
    rejected(answer, 400, "at line 3, column 3")


def test_bad_update_get(server):
    rejected(server.request(params={"update": "CLEAR ALL"}), 403, "read-only")


def test_bad_multiple_updates(server):
    answer = server.request(method="POST", body="update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", headers=FORM)
    rejected(answer, 403, "read-only")


def test_bad_update_wrong_media_type(server):
    rejected(server.request(method="POST", body="CLEAR NAMED", headers={"Content-Type": "text/plain"}), 415)


def test_bad_update_missing_form_type(server):
    rejected(server.request(method="POST", body="update=CLEAR%20NAMED"), 415)


def test_bad_update_non_utf8(server):
    answer = server.request(
        method="POST", body="CLEAR NAMED".encode("utf-16"), headers={"Content-Type": "application/sparql-update; charset=UTF-16"}
    )
    rejected(answer, 403, "read-only")


def test_bad_update_syntax(server):
    rejected(server.request(method="POST", body="update=CLEAR%20XYZ", headers=FORM), 403, "read-only")


def test_bad_update_dataset_conflict(server):
    body = (
        "using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople&update=WITH%20%3Chttp%3A%2F%2Fexample%2Fa%3E%20"
        "DELETE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D"
    )
    rejected(server.request(method="POST", body=body, headers=FORM), 403, "read-only")


def test_update_post_form_is_refused(server):
    rejected(server.request(method="POST", body="update=CLEAR%20ALL", headers=FORM), 403, "read-only")


def test_update_post_direct_is_refused(server):
    answer = server.request(method="POST", body="CLEAR ALL", headers={"Content-Type": "application/sparql-update"})
    rejected(answer, 403, "read-only")


def test_update_via_query_endpoint_is_refused(server, ds_seeds):
    answer = server.request(method="POST", body="query=DROP%20ALL", headers=FORM)
    rejected(answer, 403, "SPARQL Update (DROP)", "read-only")
    assert number(server.request(params={"query": COUNT})) == len(ds_seeds)


# --- service description ----------------------------------------------------------------------

SD = "http://www.w3.org/ns/sparql-service-description#"


def test_service_description_at_the_endpoint_url(server, ds_seeds):
    answer = server.request(headers={"Accept": "text/turtle"})
    assert answer.status == 200 and kind(answer) == "text/turtle"
    g = Graph().parse(data=answer.text, format="turtle")
    endpoint = URIRef(server.endpoint)
    assert (endpoint, URIRef(SD + "endpoint"), endpoint) in g
    assert URIRef(SD + "SPARQL11Query") in set(g.objects(endpoint, URIRef(SD + "supportedLanguage")))
    formats = {str(o).rsplit("/", 1)[1] for o in g.objects(endpoint, URIRef(SD + "resultFormat"))}
    assert {
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
    } <= formats
    names = {str(o) for o in g.objects(None, URIRef(SD + "name"))}
    assert names == {str(x.identifier) for x in ds_seeds.graphs() if len(x)}


def test_service_description_in_json_ld(server):
    answer = server.request(params={"format": "jsonld"})
    assert kind(answer) == "application/ld+json"
    nodes = json.loads(answer.body)
    assert any(SD + "Service" in node.get("@type", []) for node in nodes)


# --- browsers on other origins (YASGUI, say) --------------------------------------------------


def test_cors_preflight_and_answer_when_origins_are_allowed(server):
    origin = {"Origin": "https://yasgui.example"}
    preflight = server.request(
        method="OPTIONS",
        headers={**origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"},
    )
    assert preflight.status == 200 and "POST" in preflight.headers["access-control-allow-methods"]
    answer = server.request(params={"query": "ASK {}"}, headers=origin)
    assert answer.headers["access-control-allow-origin"] == "*"


# --- content negotiation: 406, and format= over Accept ------------------------------------------

SELECT_ONE = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"
CONSTRUCT_ONE = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1"
#: What browsers send when they open a URL, and what fetch() sends by default.
BROWSER_ACCEPT = {
    "chromium": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
    "application/signed-exchange;v=b3;q=0.7",
    "firefox": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "safari": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "fetch": "*/*",
}


@pytest.mark.parametrize("accept", ["text/html", "image/png", "application/json;q=0", "text/turtle"])
def test_select_with_an_unsupported_accept_is_406(server, accept):
    answer = server.request(params={"query": SELECT_ONE}, headers={"Accept": accept})
    assert answer.status == 406 and kind(answer) == "text/plain"
    assert "application/sparql-results+json" in answer.text and "format=" in answer.text


def test_ask_and_construct_with_an_accept_they_do_not_come_in_are_406(server):
    assert server.request(params={"query": "ASK {}"}, headers={"Accept": "text/csv"}).status == 406
    assert server.request(params={"query": CONSTRUCT_ONE}, headers={"Accept": "text/csv"}).status == 406
    assert server.request(params={"query": CONSTRUCT_ONE}, headers={"Accept": "application/sparql-results+json"}).status == 406


def test_service_description_with_an_unsupported_accept_is_406(server):
    answer = server.request(headers={"Accept": "image/png"})
    assert answer.status == 406 and "text/turtle" in answer.text


def test_no_accept_or_any_type_answers_in_the_first_format(server):
    assert kind(server.request(params={"query": SELECT_ONE})) == "application/sparql-results+json"
    assert kind(server.request(params={"query": SELECT_ONE}, headers={"Accept": "*/*"})) == "application/sparql-results+json"
    assert kind(server.request(params={"query": CONSTRUCT_ONE}, headers={"Accept": "*/*"})) == "text/turtle"
    assert (
        kind(server.request(params={"query": SELECT_ONE}, headers={"Accept": "application/*"}))
        == "application/sparql-results+json"
    )


@pytest.mark.parametrize("browser", sorted(BROWSER_ACCEPT))
def test_browsers_usual_accept_headers_are_answered(server, browser):
    accept = {"Accept": BROWSER_ACCEPT[browser]}
    for query in (SELECT_ONE, "ASK {}", CONSTRUCT_ONE):
        answer = server.request(params={"query": query}, headers=accept)
        assert answer.status == 200, (query, answer.text)
    assert server.request(headers=accept).status == 200  # the service description


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("srj", "application/sparql-results+json"),
        ("srx", "application/sparql-results+xml"),
        ("json", "application/sparql-results+json"),
        ("xml", "application/sparql-results+xml"),
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
        ("application/sparql-results+json", "application/sparql-results+json"),
    ],
)
def test_format_parameter_overrides_accept_for_select(server, fmt, expected):
    answer = server.request(params={"query": SELECT_ONE, "format": fmt}, headers={"Accept": "text/html"})
    assert answer.status == 200 and kind(answer) == expected


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("ttl", "text/turtle"),
        ("turtle", "text/turtle"),
        ("nt", "application/n-triples"),
        ("jsonld", "application/ld+json"),
        ("json", "application/ld+json"),
        ("xml", "application/rdf+xml"),
    ],
)
def test_format_parameter_overrides_accept_for_construct(server, fmt, expected):
    answer = server.request(params={"query": CONSTRUCT_ONE, "format": fmt}, headers={"Accept": "image/png"})
    assert answer.status == 200 and kind(answer) == expected


def test_srj_and_srx_by_post_form(server):
    for fmt, expected in (("srj", "application/sparql-results+json"), ("srx", "application/sparql-results+xml")):
        answer = server.request(method="POST", body=f"query=ASK%20%7B%7D&format={fmt}", headers=FORM)
        assert answer.status == 200 and kind(answer) == expected


def test_a_format_the_result_does_not_come_in_is_406(server):
    answer = server.request(params={"query": SELECT_ONE, "format": "ttl"})
    assert answer.status == 406 and "format=ttl does not apply to SELECT results" in answer.text
