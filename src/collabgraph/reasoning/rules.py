"""OWL 2 RL at scale: the rules the ontology uses, as SPARQL, run to a fixpoint inside the store.

owlrl stays the reference (:mod:`collabgraph.reasoning.reason`): it applies every OWL 2 RL rule in Python
and needs minutes for 10,000 institutions. Here the ontology alone (a few hundred triples) goes
through owlrl, which closes the class and property hierarchies, and then the instance rules the
ontology actually triggers (``queries/rules/*.rq``: cax-sco, prp-spo1, prp-inv, prp-symp, prp-trp,
prp-spo2, prp-dom, prp-rng) run as SPARQL ``CONSTRUCT`` queries until nothing new appears.

They run in a scratch store holding the TBox and only the triples the rules can read (by
predicate), each run's new triples in a graph of their own. Evaluation is semi-naive: after one
pass over all the data a rule joins only the triples added since it last ran, so the rounds that
confirm the fixpoint cost little. At the end the new triples go into ``cgg:inferred`` in one bulk
load: a persistent store is never updated triple by triple (RocksDB transactions made reasoning
four times slower) and the scratch store is dropped. On Oxigraph no triple passes through rdflib.
The test suite checks that both reasoners give the same inferred triples on the curated graph.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import NamedTuple, cast

from rdflib import OWL, RDF, Dataset, Graph, URIRef
from rdflib.term import Node

from collabgraph.namespaces import INFERRED_GRAPH
from collabgraph.reasoning.reason import infer
from collabgraph.resources import queries_dir
from collabgraph.store import backend

__all__ = ["RULES", "rule_files", "materialise", "unsupported_axioms", "Materialised", "tbox", "read_by_rules"]

#: The OWL 2 RL instance rules run by :func:`materialise`, in the order they are tried: over all
#: the data, two at a time side by side (see :data:`_SIDE_BY_SIDE`), each pair seeing what the
#: pairs before it derived. The heavy rules pair up (at 100,000 institutions cax-sco 12 s,
#: prp-spo2 11 s, prp-rng 7 s, prp-inv 5 s), and a rule comes after the rules whose output makes
#: its own superfluous (prp-spo2 reads prp-inv's inverses; prp-dom and prp-rng find the types
#: cax-sco gave already, so they add nothing at 100,000 institutions).
RULES = ("cax-sco", "prp-inv", "prp-spo1", "prp-spo2", "prp-dom", "prp-rng", "prp-symp", "prp-trp")
#: How many rules run side by side over all the data (queries evaluated without Python's lock).
_SIDE_BY_SIDE = 2

#: OWL constructs whose instance rules are not in :data:`RULES`: a TBox using them needs owlrl.
_UNSUPPORTED = (
    OWL.FunctionalProperty,
    OWL.InverseFunctionalProperty,
    OWL.hasKey,
    OWL.sameAs,
    OWL.someValuesFrom,
    OWL.allValuesFrom,
    OWL.hasValue,
    OWL.maxCardinality,
    OWL.maxQualifiedCardinality,
    OWL.intersectionOf,
    OWL.unionOf,
    OWL.oneOf,
)


@dataclass
class Materialised:
    """How many triples :func:`materialise` added (TBox closure and per rule), the rounds, and
    where the time went (``seconds``: the TBox closure, copying what the rules read into the
    scratch store, each rule summed over its rounds, and writing the result back)."""

    tbox: int = 0
    per_rule: dict[str, int] = field(default_factory=dict)
    rounds: int = 0
    converged: bool = False
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """All triples added."""
        return self.tbox + sum(self.per_rule.values())


def rule_files() -> dict[str, Path]:
    """The rule queries, by name.

    Examples
    --------
    >>> sorted(rule_files()) == sorted(RULES)
    True
    """
    return {name: queries_dir() / "rules" / f"{name}.rq" for name in RULES}


def unsupported_axioms(tbox: Graph) -> list[str]:
    """Axioms in ``tbox`` whose consequences :func:`materialise` would miss.

    Functional properties only make owlrl conclude ``owl:sameAs`` between two values, which in
    curated data is a curation error that validation reports (one status per fact), so they are
    listed here rather than materialised.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> from collabgraph.namespaces import ONTOLOGY_GRAPH
    >>> unsupported_axioms(load(sources="seeds", reason=False).graph(ONTOLOGY_GRAPH))
    ['https://w3id.org/collabgraph/ontology#status a FunctionalProperty']
    """
    found = [f"{s} a {str(o).split('#')[-1]}" for s, o in tbox.subject_objects(RDF.type) if o in _UNSUPPORTED]
    found += [f"{s} {str(p).split('#')[-1]}" for s, p, _ in tbox if p in _UNSUPPORTED]
    for prop, chain in tbox.subject_objects(OWL.propertyChainAxiom):
        if len(list(tbox.items(chain))) != 2:
            found.append(f"{prop} propertyChainAxiom of length {len(list(tbox.items(chain)))}")
    return sorted(found)


def tbox(ds: Dataset) -> Graph:
    """The schema triples of ``ds``, from every graph (``queries/tbox.rq``).

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> from rdflib import OWL
    >>> (None, OWL.propertyChainAxiom, None) in tbox(load(sources="seeds", reason=False))
    True
    """
    found = Graph()
    for t in ds.query((queries_dir() / "tbox.rq").read_text(encoding="utf-8")):
        found.add(cast("tuple[Node, Node, Node]", t))  # a CONSTRUCT result iterates over triples
    return found


def materialise(
    ds: Dataset, schema: Iterable[Graph] | None = None, *, max_rounds: int = 50, into: Dataset | None = None
) -> Materialised:
    """Add the OWL 2 RL consequences of ``ds`` to its ``cgg:inferred`` graph, in place (or to
    ``into``'s).

    Parameters
    ----------
    ds : Dataset
        The asserted data in named graphs, on a local store.
    schema : graphs, optional
        The TBox; by default :func:`tbox` of ``ds`` (the ontology and any class or property
        axioms in the data). owlrl closes it first (class and property hierarchies,
        equivalences, inverses); that closure goes into ``cgg:inferred`` too, so the rules find
        ``rdfs:subClassOf`` transitive.
    into : Dataset, optional
        Where ``cgg:inferred`` goes, if not into ``ds``: the persistent store a load fills from a
        copy in memory. ``ds`` must then be that copy, in memory: the rules run in it (several
        times faster than on disk, and no second copy), their scratch graphs removed at the end.

    Returns
    -------
    Materialised
        How many triples the TBox closure and each rule added, the rounds, and whether the
        fixpoint was reached within ``max_rounds``.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> ds = load(sources="seeds", reason=False)
    >>> done = materialise(ds)
    >>> done.per_rule["prp-spo2"] > 0, done.rounds > 1, done.converged
    (True, True, True)
    >>> sorted(done.seconds)[:3], all(s >= 0 for s in done.seconds.values())
    (['copy to scratch', 'rule cax-sco + prp-inv', 'rule prp-dom'], True)
    """
    schema = list(schema) if schema is not None else [tbox(ds)]
    closure = infer(schema)  # informative triples only
    store, target = backend(ds), ds if into is None else into
    clock = time.perf_counter()
    inferred = target.graph(INFERRED_GRAPH)
    before = backend(target).count(INFERRED_GRAPH)
    inferred.addN((s, p, o, inferred) for s, p, o in closure)
    result = Materialised(tbox=backend(target).count(INFERRED_GRAPH) - before)

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        result.seconds[step] = result.seconds.get(step, 0.0) + now - clock
        clock = now

    lap("tbox closure")
    # The rules run in a scratch store holding the TBox and only the triples they can read: on a
    # persistent store nothing is written until the end, and then in one bulk load. With ``into``,
    # ``ds`` is itself such a copy in memory: the rules run in it (a second copy of 100,000
    # institutions would take a gigabyte more), and their graphs are removed from it at the end.
    in_place = into is not None and into is not ds
    scratch = ds if in_place else store.scratch()
    scratch_store = backend(scratch)
    axioms = scratch.graph(_SCRATCH_TBOX)
    for part in [*schema, closure]:
        axioms.addN((s, p, o, axioms) for s, p, o in part)
    copied = read_by_rules(axioms) if not in_place else set()
    if copied:
        store.copy_predicates(scratch, copied)
    lap("copy to scratch")
    # Another rule reads types only if an axiom names rdf:type (say, as a subproperty).
    type_is_axiomatised = any(RDF.type in (s, o) for s, _, o in axioms)
    # The TBox patterns read the scratch TBox graph (the schema and its closure) alone: left to
    # match any graph, each axiom also matched in the ontology's graph, and the rules joined the
    # data two or three times over (reasoning at 100,000 institutions: 122 s -> 89 s).
    queries = {name: _pin(path.read_text(encoding="utf-8"), "t", _SCRATCH_TBOX) for name, path in rule_files().items()}
    deltas: list[_Delta] = []  # every rule run's new triples, in order
    seen = dict.fromkeys(queries, 0)  # per rule: how many deltas it has already joined with

    def apply(name: str, query: str) -> None:
        out = URIRef(f"{_SCRATCH_DELTA}{len(deltas)}")
        record(name, out, scratch_store.construct_into(query, out))
        lap(f"rule {name}")

    def record(name: str, out: URIRef, added: int) -> None:
        deltas.append(_Delta(out, added, scratch_store.count(out, RDF.type) if added else 0, name))
        result.per_rule[name] = result.per_rule.get(name, 0) + added

    def apply_all() -> None:
        """Every rule over all the data, :data:`_SIDE_BY_SIDE` at a time; the ones of one
        pair do not see each other's triples, so later rounds hand them to each other."""
        names = list(queries)
        for start in range(0, len(names), _SIDE_BY_SIDE):
            pair = names[start : start + _SIDE_BY_SIDE]
            outs = [URIRef(f"{_SCRATCH_DELTA}{len(deltas) + i}") for i in range(len(pair))]
            for name in pair:
                seen[name] = len(deltas)  # the pair's own deltas are still news to each of them
            sizes = scratch_store.construct_each([(queries[n], o) for n, o in zip(pair, outs, strict=True)])
            for name, out, added in zip(pair, outs, sizes, strict=True):
                record(name, out, added)
            lap(f"rule {' + '.join(pair)}")

    def feeds(delta: _Delta, name: str) -> bool:
        """Whether ``delta`` can match a data pattern of rule ``name`` (types vs other properties)
        and give something new (see :data:`_OWN_OUTPUT_IDLE`)."""
        if delta.rule == name and name in _OWN_OUTPUT_IDLE:
            return False
        if name in _READS_TYPES_ONLY:
            return delta.types > 0
        return delta.size > delta.types or (delta.types > 0 and type_is_axiomatised)

    def absorb(since: int) -> bool:
        """Add the axioms among the triples the rules derived (``deltas[since:]``: a property
        typed transitive through its class, say) to the TBox graph, closed again by owlrl; True
        if the TBox grew. The rules' TBox patterns read that graph only."""
        size = scratch_store.count(_SCRATCH_TBOX)
        for delta in deltas[since:]:
            if delta.size:
                scratch_store.construct_into(_axioms_in(delta.graph), _SCRATCH_TBOX)
        if scratch_store.count(_SCRATCH_TBOX) == size:
            return False
        closed = [t for t in infer([axioms]) if t not in ds]  # what the data asserts is not inferred
        axioms.addN((s, p, o, axioms) for s, p, o in closed)
        inferred.addN((s, p, o, inferred) for s, p, o in closed)
        if not in_place:  # the data of properties the new axioms name, into the scratch store
            more = read_by_rules(axioms) - copied
            store.copy_predicates(scratch, more)
            copied.update(more)
        return True

    apply_all()  # round 1: every rule over all the data
    result.rounds = 1
    searched = 0  # deltas already searched for axioms
    while True:
        grown, searched = absorb(searched), len(deltas)
        if grown and result.rounds < max_rounds:  # a new axiom holds for all the data, not the news only
            result.rounds += 1
            apply_all()
            continue
        result.converged = not any(feeds(d, name) for name in queries for d in deltas[seen[name] :])
        if result.converged or result.rounds == max_rounds:
            break
        result.rounds += 1
        for name, query in queries.items():  # later rounds: only what is new since the rule ran
            fresh = [d.graph for d in deltas[seen[name] :] if feeds(d, name)]
            seen[name] = len(deltas)
            for graph in fresh:
                for var in _DATA_VARIABLES:
                    if re.search(rf"GRAPH \?{var}\s*\{{", query):
                        apply(name, _pin(query, var, graph))
    scratch_store.copy_graphs(target, [(delta.graph, INFERRED_GRAPH) for delta in deltas if delta.size])
    if in_place:
        for graph in [_SCRATCH_TBOX, *(delta.graph for delta in deltas)]:
            ds.remove_graph(graph)
    lap("write back")
    return result


def read_by_rules(schema: Graph) -> set[URIRef]:
    """The predicates the rules can match in data under ``schema``: ``rdf:type`` and every IRI
    the schema mentions (a superset; the classes among them match nothing as predicates).

    Examples
    --------
    >>> from collabgraph.namespaces import CG
    >>> schema = Graph().add((CG.hasParty, OWL.inverseOf, CG.partyTo))
    >>> sorted(p.split("#")[-1] for p in read_by_rules(schema))
    ['hasParty', 'partyTo', 'type']
    """
    mentioned = {t for triple in schema for t in (triple[0], triple[2]) if isinstance(t, URIRef)}
    return mentioned | {RDF.type}


def _axioms_in(graph: URIRef) -> str:
    """``queries/tbox.rq`` reading ``graph`` only.

    Examples
    --------
    >>> "GRAPH <urn:delta> {" in _axioms_in(URIRef("urn:delta"))
    True
    """
    head, body = _tbox_query_parts()
    return f"{head}WHERE {{ GRAPH <{graph}> {{{body}}}"


@cache
def _tbox_query_parts() -> tuple[str, str]:
    """``queries/tbox.rq`` split at its WHERE clause, read once (:func:`_axioms_in` runs per rule run)."""
    text = (queries_dir() / "tbox.rq").read_text(encoding="utf-8")
    head, body = re.split(r"\bWHERE\s*\{", text, maxsplit=1)
    return head, body


def _pin(query: str, var: str, graph: URIRef) -> str:
    """``query`` with its ``GRAPH ?var { ... }`` patterns reading ``graph`` only.

    Examples
    --------
    >>> _pin("CONSTRUCT { ?x a ?d } WHERE { GRAPH ?t { ?c ?p ?d } GRAPH ?g { ?x a ?c } }", "t", URIRef("urn:tbox"))
    'CONSTRUCT { ?x a ?d } WHERE { GRAPH <urn:tbox> { ?c ?p ?d } GRAPH ?g { ?x a ?c } }'
    """
    return re.sub(rf"GRAPH \?{var}(\s*)\{{", rf"GRAPH <{graph}>\1{{", query)


class _Delta(NamedTuple):
    """The new triples of one rule run: their scratch graph, how many, how many are types, and
    the rule that found them."""

    graph: URIRef
    size: int
    types: int
    rule: str


#: Rules whose data patterns are all ``?x a ?c``: only deltas holding types can feed them.
_READS_TYPES_ONLY = {"cax-sco"}
#: Rules that find nothing new in their own output. cax-sco: the TBox closure makes
#: ``rdfs:subClassOf`` transitive, so every superclass of a derived type was derived in the same
#: run. prp-symp: the reverse of a derived triple is the triple it came from. Skipping these joins
#: saves a pass over a million types at 100,000 institutions.
_OWN_OUTPUT_IDLE = {"cax-sco", "prp-symp"}
_SCRATCH_TBOX = URIRef("urn:collabgraph:scratch:tbox")
_SCRATCH_DELTA = "urn:collabgraph:scratch:delta:"
#: The graph variables of the data patterns in the rule files (``?t`` is the TBox, ``?h`` the check).
_DATA_VARIABLES = ("g", "g2")
