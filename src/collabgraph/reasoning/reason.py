"""OWL 2 RL inference with owlrl, kept apart from asserted triples and cached by content."""

from __future__ import annotations

import gzip
import os
import sys
from collections.abc import Iterable
from pathlib import Path

import owlrl
from rdflib import OWL, RDF, RDFS, XSD, BNode, Dataset, Graph, Literal, Namespace, URIRef

from collabgraph.cache import INFERRED_CACHE
from collabgraph.files.atomic import atomic_write_bytes
from collabgraph.namespaces import INFERRED_GRAPH

__all__ = [
    "informative",
    "infer",
    "cached_infer",
    "ReasoningTimeout",
    "OWLRL_TIME_LIMIT",
    "inconsistencies",
    "content_key",
    "slow_owlrl_warning",
    "OWLRL_SLOW_TRIPLES",
]

ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")

# Triples OWL 2 RL derives for every resource; they say nothing and would triple the graph.
_TRIVIAL_OBJECTS = {OWL.Thing, RDFS.Resource}
_REFLEXIVE = {OWL.sameAs, OWL.equivalentClass, OWL.equivalentProperty, RDFS.subClassOf, RDFS.subPropertyOf}


def informative(triple) -> bool:
    """Whether an entailed triple is kept: not reflexive, not ``a owl:Thing``, not a literal
    subject, not a fact about XSD datatypes, and not about a blank node.

    Blank nodes (the quotes' annotations and selectors) get fresh names every time a file is
    parsed, so an inference about one could not be cached or sent to a server and still meet its
    node; each such inference only restates an asserted link backwards (``oa:hasBody`` for
    ``cg:evidence``).

    Examples
    --------
    >>> informative((OWL.Thing, RDFS.subClassOf, OWL.Thing))
    False
    """
    s, p, o = triple
    if isinstance(s, Literal):  # generalised RDF: owlrl types literals; not storable as RDF
        return False
    if p == ERR.error:  # owlrl's inconsistency reports hang off a blank node: always kept
        return True
    if isinstance(s, BNode) or isinstance(o, BNode):
        return False
    if p in _REFLEXIVE and s == o:
        return False
    if p in (RDF.type, RDFS.subClassOf) and o in _TRIVIAL_OBJECTS:
        return False
    if isinstance(s, URIRef) and s.startswith(str(XSD)):  # datatype facts (xsd:boolean disjoint
        return False  # from xsd:decimal), not about the data
    return True


class ReasoningTimeout(Exception):
    """owlrl did not finish within its time limit (:data:`OWLRL_TIME_LIMIT`)."""


#: Seconds owlrl may run on a big graph before ``load`` stops it and reasons with the rules
#: instead (``COLLABGRAPH_OWLRL_SECONDS`` to change).
OWLRL_TIME_LIMIT = float(os.environ.get("COLLABGRAPH_OWLRL_SECONDS", "300"))


def _closure(scratch: Dataset) -> Graph:
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(scratch, destination=INFERRED_GRAPH)
    result = Graph()
    for t in scratch.graph(INFERRED_GRAPH):
        if informative(t):
            result.add(t)
    return result


def _closure_in_child(scratch: Dataset, pipe) -> None:
    pipe.send_bytes(_closure(scratch).serialize(format="nt").encode("utf-8"))
    pipe.close()


def infer(graphs: Iterable[Graph], *, seconds: float | None = None) -> Graph:
    """Return the triples OWL 2 RL derives from ``graphs`` that they do not already hold.

    Runs owlrl through its front door (``DeductiveClosure(OWLRL_Semantics).expand``) on a scratch
    dataset, writing into a separate graph, then drops the trivial triples every resource gets
    (``owl:sameAs`` itself, ``rdf:type owl:Thing``). owlrl's inconsistency messages are kept.
    With ``seconds``, owlrl runs in a forked process that is killed at the limit
    (:class:`ReasoningTimeout`); owlrl has no way to stop itself.

    Examples
    --------
    >>> from rdflib import Graph
    >>> g = Graph().parse(data='''
    ...   @prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix ex: <http://example.org/> .
    ...   ex:knows a owl:SymmetricProperty . ex:a ex:knows ex:b .''', format="turtle")
    >>> new = infer([g])
    >>> (URIRef("http://example.org/b"), URIRef("http://example.org/knows"),
    ...  URIRef("http://example.org/a")) in new
    True
    """
    scratch = Dataset(default_union=True)
    for i, g in enumerate(graphs):
        target = scratch.graph(URIRef(f"urn:collabgraph:asserted:{i}"))
        for t in g:
            target.add(t)
    if seconds is None or sys.platform == "win32":
        return _closure(scratch)
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_closure_in_child, args=(scratch, send), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(seconds):
            raise ReasoningTimeout(f"owlrl did not finish within {seconds:g} s")
        data = receive.recv_bytes()
    except EOFError:
        raise ReasoningTimeout("owlrl stopped without a result") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
    return Graph().parse(data=data.decode("utf-8"), format="nt")


def inconsistencies(graph: Graph) -> list[str]:
    """Return owlrl's inconsistency messages and any members of ``owl:Nothing`` in ``graph``.

    Examples
    --------
    >>> inconsistencies(Graph())
    []
    """
    found = [str(m) for m in graph.objects(None, ERR.error)]
    found += [f"{s} is a member of owl:Nothing" for s in graph.subjects(RDF.type, OWL.Nothing)]
    return sorted(found)


def content_key(paths: Iterable[Path]) -> str:
    """The cache key of a load's input files: where each is (the base its relative IRIs resolve
    against), its length and bytes, the owlrl, rdflib and collabgraph versions and this module's
    code (:data:`collabgraph.cache.INFERRED_CACHE`). The length keeps one file's bytes from
    passing for the next file's name.

    Examples
    --------
    >>> len(content_key([]))
    64
    """

    def part(path: Path) -> bytes:
        data = path.read_bytes()
        return path.absolute().as_uri().encode() + b"\0" + str(len(data)).encode() + b"\0" + data

    return INFERRED_CACHE.key(part(p) for p in sorted(Path(p) for p in paths))


#: Above this many asserted triples owlrl takes a minute or more (load's ``auto`` then prefers
#: the rules: :data:`collabgraph.loading.inference.OWLRL_LIMIT` is the same number).
OWLRL_SLOW_TRIPLES = 20_000
#: owlrl's pace measured on collabgraph's data (about 1,000 institutions took 39 s).
_OWLRL_SECONDS_PER_TRIPLE = 0.003


def slow_owlrl_warning(triples: int) -> str | None:
    """The warning printed before owlrl starts on ``triples`` asserted triples, if it will be slow.

    Examples
    --------
    >>> slow_owlrl_warning(1_000) is None
    True
    >>> print(slow_owlrl_warning(40_000))
    warning: owlrl reasons over 40,000 asserted triples, which takes about 2 min; --reasoner rules is much faster
    """
    if triples <= OWLRL_SLOW_TRIPLES:
        return None
    seconds = triples * _OWLRL_SECONDS_PER_TRIPLE
    expected = f"{seconds / 60:.0f} min" if seconds >= 90 else f"{seconds:.0f} s"
    return (
        f"warning: owlrl reasons over {triples:,} asserted triples, which takes about {expected}; --reasoner rules is much faster"
    )


def cached_infer(graphs: list[Graph], key: str | None, *, seconds: float | None = None) -> tuple[Graph, bool]:
    """Like :func:`infer`, but reuse a cached result for the same ``key``.

    Returns the inferred graph and whether it came from the cache (``inferred/`` in
    :mod:`collabgraph.cache`). With ``key=None`` nothing is cached. A cache that cannot be written
    (read-only home) is silently skipped: it only costs time.
    Before owlrl starts on more than :data:`OWLRL_SLOW_TRIPLES` triples, a warning with the
    expected duration and the faster ``--reasoner rules`` goes to stderr
    (:func:`slow_owlrl_warning`); a cached result is read without it. ``seconds`` limits owlrl
    (see :func:`infer`).

    Raises
    ------
    ReasoningTimeout
        owlrl ran past ``seconds``.
    """
    path = INFERRED_CACHE.entry(key, ".nt.gz") if key else None
    if path is not None and path.is_file():
        g = Graph()
        g.parse(data=gzip.decompress(path.read_bytes()).decode("utf-8"), format="nt")
        INFERRED_CACHE.used(path)
        return g, True
    warning = slow_owlrl_warning(sum(len(g) for g in graphs))
    if warning:
        print(warning, file=sys.stderr, flush=True)
    g = infer(graphs, seconds=seconds)
    if path is not None:
        try:
            atomic_write_bytes(path, gzip.compress(g.serialize(format="nt").encode("utf-8")))
        except OSError:
            pass
        INFERRED_CACHE.prune(spare=path)
    return g, False
