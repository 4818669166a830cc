"""Answer one query: the protocol's dataset, evaluation, the size limit and every result format.

rdflib writes SPARQL JSON, XML and CSV results and the RDF formats; TSV is written here, as the
W3C *SPARQL 1.1 Query Results CSV and TSV Formats* define it: a header of ``?var`` names, IRIs in
``<>``, literals in N-Triples syntax with their language tag or datatype, blank nodes as ``_:label``,
an unbound value as an empty field.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import cast

from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result, ResultRow
from rdflib.term import Identifier, Variable

from collabgraph.errors import QueryError
from collabgraph.namespaces import PREFIXES
from collabgraph.server.protocol import GRAPH_TYPES, RESULT_TYPES, ProtocolError, QueryRequest, negotiate
from collabgraph.sparql.guard import TOO_DEEP, Refused, check_query, parse_query

__all__ = [
    "Reply",
    "answer",
    "error_reply",
    "dataset_view",
    "tsv",
    "tsv_term",
    "service_description",
    "serialize_graph",
    "xml_safe",
]

_KINDS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
_RDFLIB_GRAPH_FORMATS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
VOID = Namespace("http://rdfs.org/ns/void#")


@dataclass(frozen=True)
class Reply:
    """An HTTP answer: status, media type and body."""

    status: int
    media_type: str
    body: bytes


def error_reply(status: int, message: str) -> Reply:
    """A plain-text error answer.

    Examples
    --------
    >>> error_reply(400, "bad").body
    b'bad\\n'
    """
    return Reply(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


def dataset_view(ds: Dataset, known: Iterable[str], default_graphs: Sequence[str], named_graphs: Sequence[str]) -> Dataset:
    """The dataset a protocol request names: a default graph merged from ``default_graphs``, and
    ``named_graphs`` as named graphs. IRIs not in ``known`` (the loaded graphs) give empty graphs;
    nothing is ever fetched.

    Examples
    --------
    >>> ds = Dataset()
    >>> _ = ds.graph(URIRef("urn:g1")).add((URIRef("urn:s"), RDF.type, URIRef("urn:T")))
    >>> view = dataset_view(ds, {"urn:g1"}, ["urn:g1", "http://example.org/unknown"], ["urn:g1"])
    >>> len(view.graph(DATASET_DEFAULT_GRAPH_ID)), len(view.graph(URIRef("urn:g1")))
    (1, 1)
    """
    known = set(known)
    view = Dataset(default_union=False)
    default = view.graph(DATASET_DEFAULT_GRAPH_ID)
    for iri in dict.fromkeys(default_graphs):
        if iri in known:
            default += ds.graph(URIRef(iri))
    for iri in dict.fromkeys(named_graphs):
        named = view.graph(URIRef(iri))
        if iri in known:
            named += ds.graph(URIRef(iri))
    return view


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def tsv_term(term) -> str:
    """One RDF term as a TSV field (N-Triples syntax); ``None`` (unbound) is the empty field.

    Examples
    --------
    >>> tsv_term(URIRef("https://w3id.org/collabgraph/id/ukm"))
    '<https://w3id.org/collabgraph/id/ukm>'
    >>> tsv_term(Literal("Universität\\tMünster", lang="de"))
    '"Universität\\\\tMünster"@de'
    >>> tsv_term(Literal(3)), tsv_term(Literal("x")), tsv_term(None)
    ('"3"^^<http://www.w3.org/2001/XMLSchema#integer>', '"x"', '')
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return "<" + "".join(c if c not in '<>"{}|^`\\ ' else f"\\u{ord(c):04X}" for c in term) + ">"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = f'"{_escape(str(term))}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype and term.datatype != XSD_STRING:
            return f"{text}^^{tsv_term(term.datatype)}"
        return text
    return f'"{_escape(str(term))}"'


def tsv(variables: Sequence[str], rows: Iterable[Mapping]) -> bytes:
    """SELECT results as ``text/tab-separated-values``.

    Examples
    --------
    >>> tsv(["s", "n"], [{"s": URIRef("urn:a"), "n": Literal(1)}, {"s": URIRef("urn:b")}]).decode()
    '?s\\t?n\\n<urn:a>\\t"1"^^<http://www.w3.org/2001/XMLSchema#integer>\\n<urn:b>\\t\\n'
    """
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join(tsv_term(row.get(v)) for v in variables) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def serialize_graph(graph: Graph, fmt: str) -> bytes:
    """A graph in one of :data:`~collabgraph.server.protocol.GRAPH_TYPES`, collabgraph prefixes bound.

    Examples
    --------
    >>> g = Graph()
    >>> _ = g.add((URIRef("https://w3id.org/collabgraph/id/ukm"), RDF.type, URIRef("urn:T")))
    >>> serialize_graph(g, "nt").decode().strip()
    '<https://w3id.org/collabgraph/id/ukm> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:T> .'
    """
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, replace=True)
    return graph.serialize(format=_RDFLIB_GRAPH_FORMATS[fmt], encoding="utf-8")


#: Characters XML 1.0 does not allow in a document, even escaped (controls, surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(term):
    """``term`` with each character XML 1.0 forbids replaced by U+FFFD, so an XML result parses.

    Examples
    --------
    >>> xml_safe(Literal("bell\x07 and tab\t", lang="en"))
    rdflib.term.Literal('bell\ufffd and tab\t', lang='en')
    >>> xml_safe(URIRef("urn:a")), xml_safe(None)
    (rdflib.term.URIRef('urn:a'), None)
    """
    if term is None or not _NOT_XML.search(term):
        return term
    text = _NOT_XML.sub("\ufffd", str(term))
    if isinstance(term, Literal):
        return Literal(text, lang=term.language, datatype=None if term.language else term.datatype)
    return type(term)(text)


def _xml_safe_graph(graph: Graph) -> Graph:
    """``graph`` itself when every term is XML-safe, else a copy with :func:`xml_safe` terms."""
    if not any(_NOT_XML.search(str(t)) for triple in graph for t in triple):
        return graph
    safe = Graph()
    for triple in graph:
        safe.add(tuple(xml_safe(t) for t in triple))
    return safe


def _without_dataset_clause(query: Query) -> Query:
    """A copy of ``query`` whose FROM/FROM NAMED are dropped (the protocol's dataset replaces them)."""
    algebra = CompValue(query.algebra.name, **query.algebra)
    algebra["datasetClause"] = None
    return Query(query.prologue, algebra)


def _too_many(max_rows: int, what: str) -> Reply:
    return error_reply(400, f"the result exceeds the limit of {max_rows} {what}; add LIMIT or narrow the query")


def answer(ds: Dataset, request: QueryRequest, *, known: Iterable[str] = (), max_rows: int = 10_000) -> Reply:
    """Parse, check, run and serialise one query; every failure becomes an error :class:`Reply`.

    Parameters
    ----------
    ds : Dataset
        The loaded dataset (its default graph the union of its named graphs).
    request : QueryRequest
        The query, the protocol's dataset and the accepted formats.
    known : iterable of str
        IRIs of the named graphs of ``ds`` that ``default-graph-uri``/``named-graph-uri`` may pick.
    max_rows : int
        Largest number of rows (SELECT) or triples (CONSTRUCT, DESCRIBE) returned; more is a 400.

    Returns
    -------
    Reply
        200 with the results; 400 for a syntax error (with line and column), a failed evaluation or
        too many rows; 403 for an update, ``SERVICE`` or ``FROM``; 406 for an unavailable format.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> ds = load(sources="seeds")
    >>> reply = answer(ds, QueryRequest("SELECT ?n WHERE { cgr:ukm skos:altLabel ?n }", formats=("tsv",)))
    >>> reply.status, reply.media_type, reply.body.decode().splitlines()[:2]
    (200, 'text/tab-separated-values; charset=utf-8', ['?n', '"UKM"'])
    >>> answer(ds, QueryRequest("SELECT * { ?s ?p ?o }"), max_rows=10).body
    b'the result exceeds the limit of 10 rows; add LIMIT or narrow the query\\n'
    """
    try:
        query = parse_query(request.query)
        check_query(query, protocol_dataset=request.has_dataset)
        kind = _KINDS[query.algebra.name]
        fmt = negotiate(kind, request)
    except Refused as exc:
        return error_reply(403, str(exc))
    except QueryError as exc:
        return error_reply(400, str(exc))
    except ProtocolError as exc:
        return error_reply(exc.status, str(exc))
    target = ds
    if request.has_dataset:
        target = dataset_view(ds, known, request.default_graphs, request.named_graphs)
        query = _without_dataset_clause(query)
    try:
        result = target.query(query)
        if kind in ("CONSTRUCT", "DESCRIBE"):
            graph = result.graph
            assert graph is not None  # a CONSTRUCT or DESCRIBE result is a graph
            if len(graph) > max_rows:
                return _too_many(max_rows, "triples")
            graph = _xml_safe_graph(graph) if fmt == "rdfxml" else graph
            return Reply(200, f"{GRAPH_TYPES[fmt]}; charset=utf-8", serialize_graph(graph, fmt))
        if kind == "SELECT":
            # rdflib types a result's items as triples, booleans or rows; a SELECT result's are rows.
            rows = cast("list[ResultRow]", list(itertools.islice(iter(result), max_rows + 1)))
            if len(rows) > max_rows:
                return _too_many(max_rows, "rows")
            variables = list(result.vars or [])
            bindings: list[Mapping[Variable, Identifier]] = [
                {v: t for v, t in zip(variables, row, strict=True) if t is not None} for row in rows
            ]
            if fmt == "xml":
                bindings = [{v: xml_safe(t) for v, t in b.items()} for b in bindings]
            if fmt == "tsv":
                return Reply(
                    200,
                    f"{RESULT_TYPES[fmt]}; charset=utf-8",
                    tsv([str(v) for v in variables], [{str(k): t for k, t in b.items()} for b in bindings]),
                )
            result = Result("SELECT")
            result.vars, result.bindings = variables, bindings
        body = result.serialize(format=fmt, encoding="utf-8")
        assert body is not None  # None only when serialize writes to a destination
    except RecursionError:
        return error_reply(400, TOO_DEEP)
    except Exception as exc:  # rdflib raises plain exceptions for evaluation errors
        return error_reply(400, f"query failed: {exc}")
    return Reply(200, f"{RESULT_TYPES[fmt]}; charset=utf-8", body)


def service_description(endpoint: str, graphs: Mapping[str, int], *, triples: int | None = None) -> Graph:
    """The SPARQL 1.1 Service Description of the endpoint at ``endpoint``.

    Parameters
    ----------
    endpoint : str
        The endpoint's absolute URL.
    graphs : mapping
        Named graph IRI to its number of triples.
    triples : int, optional
        Triples in the default graph (the union); default: the sum over ``graphs``.

    Examples
    --------
    >>> g = service_description("http://127.0.0.1:8000/sparql", {"urn:g": 3})
    >>> (URIRef("http://127.0.0.1:8000/sparql"), SD.endpoint, URIRef("http://127.0.0.1:8000/sparql")) in g
    True
    >>> FORMATS.SPARQL_Results_TSV in set(g.objects(None, SD.resultFormat))
    True
    """
    g = Graph()
    g.bind("sd", SD)
    g.bind("formats", FORMATS)
    g.bind("void", VOID)
    service = URIRef(endpoint)
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    for language in (SD.SPARQL10Query, SD.SPARQL11Query):
        g.add((service, SD.supportedLanguage, language))
    for name in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
        "RDF_XML",
    ):
        g.add((service, SD.resultFormat, FORMATS[name]))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    dataset, default = BNode(), BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, VOID.triples, Literal(sum(graphs.values()) if triples is None else triples)))
    for iri, size in sorted(graphs.items()):
        named, graph = BNode(), BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(iri)))
        g.add((named, SD.graph, graph))
        g.add((graph, RDF.type, SD.Graph))
        g.add((graph, VOID.triples, Literal(size)))
    return g
