"""The one seam between collabgraph and a triple store.

Everything else works on the :class:`rdflib.Dataset` API (named graphs, ``query``); only this module
knows which store sits behind it:

- ``memory``: rdflib's in-memory store (small graphs, tests);
- ``oxigraph``: Oxigraph in memory, through oxrdflib (SPARQL evaluated in Rust);
- ``oxigraph:PATH``: Oxigraph persisted in the directory PATH; a second load of unchanged files
  reopens it without parsing or reasoning again;
- ``sparql:URL``: a remote SPARQL 1.1 query endpoint (Oxigraph server, Virtuoso, …), read-only,
  through rdflib's ``SPARQLStore``; fill it with :func:`collabgraph.push.push`. Its default graph
  must be the union of its named graphs (``oxigraph serve --union-default-graph``; Virtuoso's
  default), which :func:`new_dataset` checks.
"""

from __future__ import annotations

import re
from itertools import chain
from pathlib import Path
from urllib.error import URLError

from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from .errors import CollabgraphError
from .namespaces import GRAPH, PREFIXES

__all__ = ["new_dataset", "STORES", "store_path", "is_persistent", "is_remote", "endpoint_url",
           "RemoteStore", "inject_values", "local_copy", "run_update", "unwrap_graph_variables",
           "count_triples", "is_oxigraph", "choose_store", "AUTO_STORE_BYTES", "bulk_load", "settle",
           "clear", "clear_graph", "has_triples", "add_literals", "copy_predicates", "construct_into",
           "copy_graph", "memory_copy", "select_plain"]

#: Store specifications understood by :func:`new_dataset` (``auto`` by :func:`choose_store`).
STORES = ("auto", "memory", "oxigraph", "oxigraph:PATH", "sparql:URL")

#: ``auto`` picks Oxigraph above this many bytes of input (about 150,000 triples of Turtle).
AUTO_STORE_BYTES = 5 * 2**20


def choose_store(spec: str, paths) -> str:
    """Resolve ``auto``: rdflib's memory store for small inputs, Oxigraph (when installed) for big.

    Measured (``bench/bench_scale.py``): at the curated graph's size the two are within
    milliseconds and rdflib's store needs nothing compiled; from about 10,000 institutions
    Oxigraph loads twice as fast and runs the joins the network needs in Rust.

    Examples
    --------
    >>> choose_store("auto", []), choose_store("oxigraph", [])
    ('memory', 'oxigraph')
    """
    if spec != "auto":
        return spec
    if sum(Path(p).stat().st_size for p in paths) <= AUTO_STORE_BYTES:
        return "memory"
    try:
        import oxrdflib  # noqa: F401
    except ImportError:
        return "memory"
    return "oxigraph"


class RemoteStore(SPARQLStore):
    """rdflib's read-only ``SPARQLStore`` whose named graphs already exist on the server.

    ``Dataset.graph(iri)`` registers a graph with its store; on a server the graph is simply there,
    so that is not a write. Adding triples still raises, as the endpoint is read-only.
    """

    def add_graph(self, graph) -> None:  # noqa: D102  (the server holds its graphs)
        return None

    def query(self, query, initNs=None, initBindings=None, queryGraph=None, DEBUG=False):  # noqa: N803
        """Send ``query`` with ``initBindings`` as a ``VALUES`` block opening its WHERE clause.

        rdflib's ``SPARQLStore`` appends the block after the whole query, where it joins only after
        filters and aggregates ran; a local rdflib evaluation binds the variables up front.
        Opening the top-level group with the block gives the server the same semantics.
        """
        if initBindings:
            query = inject_values(query, initBindings, self.node_to_sparql)
        return super().query(query, initNs, None, queryGraph, DEBUG)


def is_oxigraph(graph) -> bool:
    """Whether ``graph`` (a Dataset or one of its graphs) sits on an Oxigraph store, which
    evaluates SPARQL text itself, in Rust."""
    return type(graph.store).__module__.startswith("oxrdflib")


_OX_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "xml": "RDF_XML"}


def bulk_load(graph, path: Path, fmt: str) -> bool:
    """Load an RDF file into ``graph`` with Oxigraph's bulk loader, if ``graph`` is on Oxigraph.

    Returns False (nothing done) for other stores or formats. The bulk loader writes the store's
    files directly: on a persistent store that is ~4× faster than a transactional load and
    leaves nothing to replay when the store is reopened. Parse errors raise :class:`SyntaxError`
    with the line. (It reaches pyoxigraph through oxrdflib's ``_inner``; this seam is the only
    place that does.)
    """
    if not is_oxigraph(graph) or fmt not in _OX_FORMATS:
        return False
    import pyoxigraph as ox

    graph.store._inner.bulk_load(path=str(path), format=getattr(ox.RdfFormat, _OX_FORMATS[fmt]),
                                 base_iri=Path(path).resolve().as_uri(),
                                 to_graph=ox.NamedNode(str(graph.identifier)))
    for prefix, namespace in _header_prefixes(path):  # the loader keeps none: messages use them
        graph.bind(prefix, namespace, override=False)
    return True


_PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([\w.-]*):\s*<([^>]*)>", re.IGNORECASE)


def _header_prefixes(path: Path) -> list[tuple[str, str]]:
    """The prefixes declared in the opening lines of a Turtle/TriG file (up to its first statement)."""
    found = []
    with open(path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            match = _PREFIX.match(line)
            if match:
                found.append((match[1], match[2]))
            elif line.strip() and not line.lstrip().startswith("#"):
                break
    return found


def copy_predicates(source: Dataset, target: Dataset, predicates) -> None:
    """Add to ``target`` every quad of ``source`` whose predicate is one of ``predicates``.

    Between two Oxigraph stores the quads go from one index scan into the other's bulk loader,
    never through rdflib.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> a, b = new_dataset("oxigraph"), new_dataset("oxigraph")
    >>> _ = a.graph(URIRef("urn:g")).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
    >>> _ = a.graph(URIRef("urn:g")).add((URIRef("urn:s"), URIRef("urn:q"), URIRef("urn:o")))
    >>> copy_predicates(a, b, [URIRef("urn:p")])
    >>> len(b.graph(URIRef("urn:g")))
    1
    """
    if is_oxigraph(source) and is_oxigraph(target):
        import pyoxigraph as ox

        inner = source.store._inner
        target.store._inner.bulk_extend(chain.from_iterable(  # one bulk load: each writes files
            inner.quads_for_pattern(None, ox.NamedNode(str(p)), None) for p in predicates))
        return
    for p in predicates:
        target.addN((s, p_, o, target.graph(g.identifier if hasattr(g, "identifier") else g))
                    for s, p_, o, g in source.quads((None, p, None, None)))


def construct_into(ds: Dataset, query: str, graph) -> int:
    """Add the triples of the ``CONSTRUCT`` ``query`` to the named graph ``graph`` of ``ds``.

    The query names its graphs (``GRAPH ?g { … }``), as :func:`run_update` expects. On Oxigraph the
    results stream into the store's bulk loader, in Rust; on rdflib's store they are collected
    first (a store cannot grow while it is being read). Returns the size of ``graph`` afterwards.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> ds = new_dataset("oxigraph")
    >>> _ = ds.graph(URIRef("urn:g")).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
    >>> construct_into(ds, "CONSTRUCT { ?o ?p ?s } WHERE { GRAPH ?g { ?s ?p ?o } }", URIRef("urn:h"))
    1
    """
    if is_oxigraph(ds):
        import pyoxigraph as ox

        target, inner = ox.NamedNode(str(graph)), ds.store._inner
        inner.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, target) for t in inner.query(query))
    else:
        into = ds.graph(graph)
        into.addN([(s, p, o, into) for s, p, o in Dataset.query(ds, unwrap_graph_variables(query))])
    return count_triples(ds, graph)


def copy_graph(source: Dataset, graph, target: Dataset, into) -> None:
    """Add the triples of ``source``'s named graph ``graph`` to ``target``'s named graph ``into``.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> a, b = new_dataset("oxigraph"), new_dataset()
    >>> _ = a.graph(URIRef("urn:g")).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
    >>> copy_graph(a, URIRef("urn:g"), b, URIRef("urn:h"))
    >>> len(b.graph(URIRef("urn:h")))
    1
    """
    if is_oxigraph(source) and is_oxigraph(target):
        import pyoxigraph as ox

        # N-Triples from one store's serialiser into the other's bulk loader: no term reaches Python.
        dump = source.store._inner.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(graph)))
        target.store._inner.bulk_load(input=dump, format=ox.RdfFormat.N_TRIPLES,
                                      to_graph=ox.NamedNode(str(into)))
        return
    to = target.graph(into)
    to.addN((s, p, o, to) for s, p, o in source.graph(graph))


def memory_copy(ds: Dataset, *, skip=()) -> Dataset:
    """The named graphs of an Oxigraph-backed ``ds``, but those in ``skip``, in Oxigraph's memory.

    For work that makes millions of point lookups: on a persistent (RocksDB) store each costs
    5 to 8 times what it costs in memory (validation chunks of 100,000 institutions: 6.7 s each
    on disk, 0.8 s on a copy made in 34 s).

    Examples
    --------
    >>> from rdflib import URIRef
    >>> ds = new_dataset("oxigraph")
    >>> for g in ("urn:a", "urn:b"):
    ...     _ = ds.graph(URIRef(g)).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
    >>> copy = memory_copy(ds, skip=[URIRef("urn:b")])
    >>> len(copy.graph(URIRef("urn:a"))), len(copy.graph(URIRef("urn:b")))
    (1, 0)
    """
    copy = new_dataset("oxigraph")
    skipped = {str(g) for g in skip}
    for graph in ds.store._inner.named_graphs():
        if graph.value not in skipped:
            copy_graph(ds, URIRef(graph.value), copy, URIRef(graph.value))
    return copy


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {f"{_XSD}{t}" for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                    "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                    "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}


def _plain(term):
    """A pyoxigraph term as the plain value :func:`collabgraph.query.to_python` gives its rdflib twin."""
    if term is None:
        return None
    datatype = getattr(term, "datatype", None)
    if datatype is None:  # NamedNode, BlankNode
        return term.value
    kind = datatype.value
    try:
        if kind in _INTEGERS:
            return int(term.value)
        if kind in (f"{_XSD}double", f"{_XSD}float"):
            return float(term.value)
        if kind == f"{_XSD}boolean":
            return term.value in ("true", "1")
    except ValueError:  # ill-typed: its text, as rdflib gives
        pass
    return term.value


def select_plain(ds: Dataset, text: str, bindings: dict) -> tuple[list[str], list[tuple]]:
    """Run a SELECT on an Oxigraph-backed ``ds`` straight through pyoxigraph, as plain values.

    At 10,000 institutions the network's queries return millions of terms; building rdflib terms
    for them first took longer than the queries. Every bound variable must be projected
    (Oxigraph binds only those).
    """
    import pyoxigraph as ox
    from oxrdflib._converter import to_ox

    inner = ds.store._inner
    prefixes = {prefix: str(ns) for prefix, ns in ds.namespaces()}
    result = inner.query(text, use_default_graph_as_union=True, prefixes=prefixes,
                         substitutions={ox.Variable(k): to_ox(v) for k, v in bindings.items()})
    names = [v.value for v in result.variables]
    return names, [tuple(_plain(value) for value in solution) for solution in result]


def triples_text(ds: Dataset, subject: str | None = None, obj: str | None = None, *,
                 skip_graphs=()) -> list[tuple[str, str, str]]:
    """Triples of ``ds`` with the given subject or object, every term in N-Triples syntax.

    ``subject`` and ``obj`` are N-Triples terms too (``<http://…>`` or ``_:label``); triples of
    the named graphs ``skip_graphs`` are left out. On Oxigraph no term becomes an rdflib object:
    extracting validation chunks from a 100,000-institution graph is this call millions of times.

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> ds = new_dataset()
    >>> _ = ds.graph(URIRef("urn:g")).add((URIRef("urn:s"), URIRef("urn:p"), Literal("two\\nlines")))
    >>> triples_text(ds, "<urn:s>")
    [('<urn:s>', '<urn:p>', '"two\\\\nlines"')]
    >>> triples_text(ds, "<urn:s>", skip_graphs=[URIRef("urn:g")])
    []
    """
    if is_oxigraph(ds):
        import pyoxigraph as ox

        def term(text):
            return None if text is None else (
                ox.BlankNode(text[2:]) if text.startswith("_:") else ox.NamedNode(text[1:-1]))

        skip = {ox.NamedNode(str(g)) for g in skip_graphs}
        return [(str(q.subject), str(q.predicate), str(q.object))
                for q in ds.store._inner.quads_for_pattern(term(subject), None, term(obj), None)
                if q.graph_name not in skip]
    from rdflib.plugins.serializers.nt import _quoteLiteral  # N-Triples escapes, as rdflib writes them

    def rdflib_term(text):
        return None if text is None else (
            BNode(text[2:]) if text.startswith("_:") else URIRef(text[1:-1]))

    def nt(t):
        return _quoteLiteral(t) if isinstance(t, Literal) else t.n3()

    return [(nt(s), nt(p), nt(o)) for s, p, o, g in ds.quads((rdflib_term(subject), None, rdflib_term(obj), None))
            if getattr(g, "identifier", g) not in skip_graphs]


def dump_trig(ds: Dataset) -> str:
    """``ds`` as TriG; on Oxigraph from Oxigraph's own writer (rdflib's pretty-printer groups every
    subject in Python: minutes for the millions of triples of a big graph).

    Examples
    --------
    >>> from rdflib import URIRef
    >>> ds = new_dataset("oxigraph")
    >>> _ = ds.graph(URIRef("urn:g")).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
    >>> print(dump_trig(ds).strip().splitlines()[-3:])
    ['<urn:g> {', '\\t<urn:s> <urn:p> <urn:o> .', '}']
    """
    if is_oxigraph(ds):
        import pyoxigraph as ox

        prefixes = {prefix: str(ns) for prefix, ns in ds.namespaces() if prefix}
        return ds.store._inner.dump(format=ox.RdfFormat.TRIG, prefixes=prefixes).decode("utf-8")
    from .serializers import TRIG  # keeps every literal's lexical form

    return ds.serialize(format=TRIG)


def clear(ds: Dataset) -> None:
    """Remove every quad of ``ds``; on Oxigraph one range deletion, instant on a persistent store.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> ds = new_dataset("oxigraph")
    >>> _ = ds.graph(URIRef("urn:g")).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
    >>> clear(ds)
    >>> len(ds)
    0
    """
    if is_oxigraph(ds):
        ds.store._inner.clear()
        return
    for g in list(ds.graphs()):
        ds.remove_graph(g)


def clear_graph(ds: Dataset, graph) -> None:
    """Empty the named graph ``graph``; on Oxigraph one range deletion, not one per triple.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> ds = new_dataset("oxigraph")
    >>> _ = ds.graph(URIRef("urn:g")).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
    >>> clear_graph(ds, URIRef("urn:g"))
    >>> len(ds.graph(URIRef("urn:g")))
    0
    """
    if is_oxigraph(ds):
        import pyoxigraph as ox

        ds.store._inner.clear_graph(ox.NamedNode(str(graph)))
        return
    ds.graph(graph).remove((None, None, None))


def has_triples(ds: Dataset, graph) -> bool:
    """Whether the named graph ``graph`` holds a triple: one index probe, where ``len`` counts all.

    The probe is closed before returning (an open read on in-memory Oxigraph blocks writers).

    Examples
    --------
    >>> from rdflib import URIRef
    >>> ds = new_dataset("oxigraph")
    >>> _ = ds.graph(URIRef("urn:g")).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
    >>> has_triples(ds, URIRef("urn:g")), has_triples(ds, URIRef("urn:h"))
    (True, False)
    """
    triples = ds.graph(graph).triples((None, None, None))
    try:
        return next(triples, None) is not None
    finally:
        triples.close()


def add_literals(ds: Dataset, graph, rows) -> None:
    """Add ``(subject IRI, predicate IRI, lexical form, datatype IRI)`` rows to the named graph.

    One transaction; on Oxigraph the terms go straight to pyoxigraph (building rdflib terms and
    converting them took longer than the writing: 670,000 metric values at 100,000 institutions).

    Examples
    --------
    >>> from rdflib import URIRef, XSD
    >>> ds = new_dataset("oxigraph")
    >>> add_literals(ds, URIRef("urn:g"), [("urn:s", "urn:p", "0.5", str(XSD.double))])
    >>> [o.toPython() for o in ds.graph(URIRef("urn:g")).objects()]
    [0.5]
    """
    if is_oxigraph(ds):
        import pyoxigraph as ox

        into = ox.NamedNode(str(graph))
        ds.store._inner.extend(ox.Quad(ox.NamedNode(s), ox.NamedNode(p),
                                       ox.Literal(value, datatype=ox.NamedNode(datatype)), into)
                               for s, p, value, datatype in rows)
        return
    target = ds.graph(graph)
    target.addN((URIRef(s), URIRef(p), Literal(value, datatype=URIRef(datatype)), target)
                for s, p, value, datatype in rows)


def settle(ds: Dataset) -> None:
    """Flush and compact a persistent Oxigraph store after loading, so reopening it is instant."""
    if is_oxigraph(ds):
        ds.store._inner.flush()
        ds.store._inner.optimize()


def run_update(ds: Dataset, update: str) -> None:
    """Run SPARQL Update text whose patterns name their graphs (``GRAPH ?g { … }``) on ``ds``.

    On Oxigraph it runs as written, in Rust (oxrdflib refuses updates addressed to a union default
    graph, hence the explicit graphs). rdflib's evaluator joins ``GRAPH ?g`` patterns by looping
    over the graphs, which is slow, so for other stores the ``GRAPH ?var`` wrappers are removed
    and the patterns matched against the dataset's default graph, the union of its named graphs:
    the same solutions.

    Examples
    --------
    >>> ds = new_dataset()
    >>> run_update(ds, "INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> <urn:o> } }")
    >>> run_update(ds, "INSERT { GRAPH <urn:h> { ?o ?p ?s } } WHERE { GRAPH ?g { ?s ?p ?o } }")
    >>> len(ds)
    2
    """
    if is_oxigraph(ds):
        ds.store.update(update, {}, {}, DATASET_DEFAULT_GRAPH_ID)
    else:
        Dataset.update(ds, unwrap_graph_variables(update))


def unwrap_graph_variables(text: str) -> str:
    """Replace every ``GRAPH ?var { P }`` in ``text`` by ``P`` itself (braces matched).

    The bare patterns join the surrounding basic graph pattern, so rdflib orders the joins
    together (a ``{ P }`` subgroup would be evaluated on its own first). Over a union default
    graph this gives the same solutions when, as in collabgraph's rules, each graph variable is
    used by its ``GRAPH`` block only, filters sit outside the blocks, and no string or comment
    contains a brace; it is not a general SPARQL rewriter.

    Examples
    --------
    >>> unwrap_graph_variables("{ GRAPH ?t { { ?a ?b ?c } UNION { ?c ?b ?a } } GRAPH <urn:g> { ?x ?y ?z } }")
    '{ { ?a ?b ?c } UNION { ?c ?b ?a } . GRAPH <urn:g> { ?x ?y ?z } }'
    """
    match = re.search(r"GRAPH\s+\?\w+\s*\{", text)
    if match is None:
        return text
    depth, i = 1, match.end()
    while depth:
        if i == len(text):
            raise CollabgraphError("unbalanced braces in a GRAPH pattern")
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        i += 1
    inner = text[match.end():i - 1].strip().rstrip(".")
    return text[:match.start()] + unwrap_graph_variables(inner.strip()) + " ." + unwrap_graph_variables(text[i:])


def count_triples(ds: Dataset, graph, predicate=None) -> int:
    """The number of triples in the named graph ``graph``, or of those with ``predicate``
    (a COUNT in the store, not a Python loop).

    Examples
    --------
    >>> from rdflib import URIRef
    >>> count_triples(new_dataset(), URIRef("urn:empty"))
    0
    """
    if is_oxigraph(ds):
        p = "?p" if predicate is None else f"<{predicate}>"
        rows = Dataset.query(ds, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s {p} ?o }} }}")
        return int(next(iter(rows))[0])
    if predicate is None:
        return len(ds.graph(graph))
    return sum(1 for _ in ds.graph(graph).triples((None, predicate, None)))


def local_copy(ds: Dataset, spec: str = "memory") -> Dataset:
    """Copy every named graph of ``ds`` into a new dataset on the store ``spec``.

    One ``GRAPH ?g { ?s ?p ?o }`` query reads a remote dataset whole, so its blank nodes (the
    quotes' annotations) stay connected, which triple-by-triple reads through ``SPARQLStore``
    cannot do. Only collabgraph's graphs (``https://w3id.org/collabgraph/graph/…``) are copied: a
    shared server's other graphs stay where they are.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> ds = new_dataset()
    >>> from collabgraph.namespaces import GRAPH
    >>> _ = ds.graph(GRAPH["seed/x"]).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
    >>> _ = ds.graph(URIRef("urn:other")).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
    >>> copy = local_copy(ds)
    >>> len(copy.graph(GRAPH["seed/x"])), len(copy.graph(URIRef("urn:other")))
    (1, 0)
    """
    copy = new_dataset(spec, factory=type(ds))
    rows = Dataset.query(ds, "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
                             f'FILTER(STRSTARTS(STR(?g), "{GRAPH}")) }}')
    copy.addN((s, p, o, copy.graph(g)) for g, s, p, o in rows)
    return copy


def inject_values(query: str, bindings, to_sparql=lambda node: node.n3()) -> str:
    """Insert ``VALUES (?a ?b) { (x y) }`` just inside the first top-level ``{`` of ``query``.

    Braces inside IRIs, string literals and comments are skipped.

    Examples
    --------
    >>> from rdflib import Literal
    >>> inject_values('SELECT * WHERE { ?s ?p "{" FILTER(?o = ?year) }', {"year": Literal("2019")})
    'SELECT * WHERE { VALUES (?year) { ("2019") } ?s ?p "{" FILTER(?o = ?year) }'
    """
    if any(isinstance(node, BNode) for node in bindings.values()):
        raise CollabgraphError("a blank node cannot be bound in a query sent as text")
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(to_sparql(node) for node in bindings.values())
    block = f" VALUES ({names}) {{ ({values}) }}"
    i, closing = 0, {"<": ">", '"': '"', "'": "'", "#": "\n"}
    while i < len(query):
        char = query[i]
        if char == "{":
            return query[: i + 1] + block + query[i + 1:]
        if char in closing and not (char == "<" and re.match(r"<\s", query[i:i + 2])):
            end = query.find(closing[char], i + 1)
            i = len(query) if end < 0 else end
        i += 1
    raise CollabgraphError("cannot bind variables: the query has no group pattern")


def endpoint_url(spec: str) -> str | None:
    """The query endpoint of a ``sparql:URL`` spec, or None.

    Examples
    --------
    >>> endpoint_url("sparql:http://localhost:7878/query"), endpoint_url("oxigraph")
    ('http://localhost:7878/query', None)
    """
    scheme, _, rest = spec.partition(":")
    return rest if scheme == "sparql" and rest.startswith(("http://", "https://")) else None


def is_remote(spec: str) -> bool:
    """Whether ``spec`` names a remote SPARQL endpoint (``sparql:URL``)."""
    return endpoint_url(spec) is not None


def store_path(spec: str) -> Path | None:
    """The directory of a persistent store spec, or None.

    Examples
    --------
    >>> store_path("oxigraph:/tmp/kg"), store_path("memory")
    (PosixPath('/tmp/kg'), None)
    """
    scheme, _, rest = spec.partition(":")
    return Path(rest) if scheme == "oxigraph" and rest else None


def is_persistent(spec: str) -> bool:
    """Whether ``spec`` names a store kept on disk between runs."""
    return store_path(spec) is not None


def new_dataset(spec: str = "memory", *, factory: type[Dataset] = Dataset) -> Dataset:
    """Open a dataset on the store named by ``spec`` (see :data:`STORES`).

    The dataset's default graph is the union of its named graphs, so queries without ``GRAPH``
    see everything loaded. ``factory`` is the Dataset class to build (a subclass such as
    :class:`collabgraph.api.KnowledgeGraph`). A persistent store is opened (created if needed)
    with whatever it already holds.

    Raises
    ------
    CollabgraphError
        An unknown store, Oxigraph asked for without oxrdflib installed, or an endpoint that
        cannot be reached or whose default graph is not the union of its named graphs.

    Examples
    --------
    >>> ds = new_dataset("memory")
    >>> ds.default_union
    True
    >>> new_dataset("postgres")
    Traceback (most recent call last):
    ...
    collabgraph.errors.CollabgraphError: unknown store 'postgres'; choose one of: auto, memory, ...sparql:URL
    """
    scheme = spec.split(":", 1)[0]
    if spec in ("memory", "auto"):
        ds = factory(store="Memory", default_union=True)
    elif scheme == "oxigraph":
        try:
            import oxrdflib  # noqa: F401  (registers the "Oxigraph" rdflib store plugin)
        except ImportError:
            raise CollabgraphError("the oxigraph store needs oxrdflib: "
                                   "pip install 'collabgraph[fast]'") from None
        ds = factory(store="Oxigraph", default_union=True)
        path = store_path(spec)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            ds.open(str(path), create=not path.exists())
    elif is_remote(spec):
        ds = factory(store=RemoteStore(endpoint_url(spec), returnFormat="json"), default_union=True)
        _check_endpoint(ds, endpoint_url(spec))
    else:
        raise CollabgraphError(f"unknown store {spec!r}; choose one of: {', '.join(STORES)}")
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, replace=True)
    return ds


def _check_endpoint(ds: Dataset, url: str) -> None:
    """Refuse an endpoint that cannot be reached, or whose default graph hides its named graphs."""
    try:
        anything = Dataset.query(ds, "ASK { ?s ?p ?o }").askAnswer
        named = Dataset.query(ds, "ASK { GRAPH ?g { ?s ?p ?o } }").askAnswer
    except Exception as exc:
        # rdflib's connector re-raises a refused connection as a ValueError; the cause stays attached.
        cause = exc if isinstance(exc, (URLError, OSError)) else exc.__context__
        if isinstance(cause, (URLError, OSError)):
            reason = getattr(cause, "reason", cause)
            raise CollabgraphError(f"cannot reach the SPARQL endpoint {url}: {reason}") from None
        raise CollabgraphError(f"{url} does not answer as a SPARQL 1.1 endpoint: {exc}") from None
    if named and not anything:
        raise CollabgraphError(
            f"the default graph of {url} is empty while its named graphs are not: collabgraph needs "
            "the default graph to be their union (oxigraph serve --union-default-graph; Virtuoso "
            "does this by default)")
