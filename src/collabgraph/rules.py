"""OWL 2 RL at scale: the rules the ontology uses, as SPARQL, run to a fixpoint inside the store.

owlrl stays the reference (:mod:`collabgraph.reason`): it applies every OWL 2 RL rule in Python
and needs minutes for 10,000 institutions. Here the ontology alone (a few hundred triples) goes
through owlrl, which closes the class and property hierarchies, and then the instance rules the
ontology actually triggers (``queries/rules/*.ru``: cax-sco, prp-spo1, prp-inv, prp-symp, prp-trp,
prp-spo2, prp-dom, prp-rng) run as SPARQL ``INSERT … WHERE`` updates into the inferred graph until
nothing new appears. Evaluation is semi-naive: after one pass over all the data, a rule only joins
the triples added since it last ran (each run's new triples are copied into a scratch graph, which is
dropped at the end), so the rounds that confirm the fixpoint cost little. On Oxigraph they run
entirely in Rust, no triple passing through Python. The test suite checks that both give the same
inferred triples on the curated graph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import OWL, RDF, Dataset, Graph, URIRef

from .namespaces import INFERRED_GRAPH
from .reason import infer
from .resources import queries_dir
from .store import count_triples, run_update

__all__ = ["RULES", "rule_files", "materialise", "unsupported_axioms", "Materialised", "tbox"]

#: The OWL 2 RL instance rules run by :func:`materialise`, in the order they are tried.
RULES = ("cax-sco", "prp-spo1", "prp-inv", "prp-symp", "prp-trp", "prp-spo2", "prp-dom", "prp-rng")

#: OWL constructs whose instance rules are not in :data:`RULES`: a TBox using them needs owlrl.
_UNSUPPORTED = (OWL.FunctionalProperty, OWL.InverseFunctionalProperty, OWL.hasKey, OWL.sameAs,
                OWL.someValuesFrom, OWL.allValuesFrom, OWL.hasValue, OWL.maxCardinality,
                OWL.maxQualifiedCardinality, OWL.intersectionOf, OWL.unionOf, OWL.oneOf)


@dataclass
class Materialised:
    """How many triples :func:`materialise` added (TBox closure and per rule), and the rounds."""

    tbox: int = 0
    per_rule: dict[str, int] = field(default_factory=dict)
    rounds: int = 0
    converged: bool = False

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
    return {name: queries_dir() / "rules" / f"{name}.ru" for name in RULES}


def unsupported_axioms(tbox: Graph) -> list[str]:
    """Axioms in ``tbox`` whose consequences :func:`materialise` would miss.

    Functional properties only make owlrl conclude ``owl:sameAs`` between two values, which in
    curated data is a curation error that validation reports (one status per fact), so they are
    listed here rather than materialised.

    Examples
    --------
    >>> from collabgraph.load import load
    >>> from collabgraph.namespaces import ONTOLOGY_GRAPH
    >>> unsupported_axioms(load(sources="seeds", reason=False).graph(ONTOLOGY_GRAPH))
    ['https://w3id.org/collabgraph/ontology#status a FunctionalProperty']
    """
    found = [f"{s} a {o.split('#')[-1]}" for s, o in tbox.subject_objects(RDF.type) if o in _UNSUPPORTED]
    found += [f"{s} {p.split('#')[-1]}" for s, p, _ in tbox if p in _UNSUPPORTED]
    for prop, chain in tbox.subject_objects(OWL.propertyChainAxiom):
        if len(list(tbox.items(chain))) != 2:
            found.append(f"{prop} propertyChainAxiom of length {len(list(tbox.items(chain)))}")
    return sorted(found)


def tbox(ds: Dataset) -> Graph:
    """The schema triples of ``ds``, from every graph (``queries/tbox.rq``).

    Examples
    --------
    >>> from collabgraph.load import load
    >>> from rdflib import OWL
    >>> (None, OWL.propertyChainAxiom, None) in tbox(load(sources="seeds", reason=False))
    True
    """
    found = Graph()
    for t in Dataset.query(ds, (queries_dir() / "tbox.rq").read_text(encoding="utf-8")):
        found.add(t)
    return found


def materialise(ds: Dataset, schema: Iterable[Graph] | None = None, *,
                max_rounds: int = 50) -> Materialised:
    """Add the OWL 2 RL consequences of ``ds`` to its ``cgg:inferred`` graph, in place.

    Parameters
    ----------
    ds : Dataset
        The asserted data in named graphs, on a local store.
    schema : graphs, optional
        The TBox; by default :func:`tbox` of ``ds`` (the ontology and any class or property
        axioms in the data). owlrl closes it first (class and property hierarchies,
        equivalences, inverses); that closure goes into ``cgg:inferred`` too, so the rules find
        ``rdfs:subClassOf`` transitive.

    Returns
    -------
    Materialised
        How many triples the TBox closure and each rule added, the rounds, and whether the
        fixpoint was reached within ``max_rounds``.

    Examples
    --------
    >>> from collabgraph.load import load
    >>> ds = load(sources="seeds", reason=False)
    >>> done = materialise(ds)
    >>> done.per_rule["prp-spo2"] > 0, done.rounds > 1, done.converged
    (True, True, True)
    """
    inferred = ds.graph(INFERRED_GRAPH)
    count = count_triples(ds, INFERRED_GRAPH)
    closure = infer(list(schema) if schema is not None else [tbox(ds)])  # informative triples only
    inferred.addN((s, p, o, inferred) for s, p, o in closure)
    result = Materialised(tbox=count_triples(ds, INFERRED_GRAPH) - count)
    updates = {name: path.read_text(encoding="utf-8") for name, path in rule_files().items()}
    deltas: list[tuple[URIRef, int]] = []  # every rule run's new triples, in order
    seen = dict.fromkeys(updates, 0)  # per rule: how many deltas it has already joined with

    def apply(name: str, text: str) -> None:
        out = URIRef(f"{INFERRED_GRAPH}/delta/{len(deltas)}")
        run_update(ds, _copy_into(text, out))
        added = count_triples(ds, out)
        deltas.append((out, added))
        result.per_rule[name] = result.per_rule.get(name, 0) + added

    try:
        result.rounds = 1
        for name, text in updates.items():  # round 1: every rule over all the data
            seen[name] = len(deltas)
            apply(name, text)
        while result.rounds < max_rounds:
            if not any(n for _, n in deltas[min(seen.values()):]):
                result.converged = True
                break
            result.rounds += 1
            for name, text in updates.items():  # later rounds: only what is new since the rule ran
                fresh = [g for g, n in deltas[seen[name]:] if n]
                seen[name] = len(deltas)
                for graph in fresh:
                    for var in _DATA_VARIABLES:
                        if re.search(rf"GRAPH \?{var}\s*\{{", text):
                            apply(name, re.sub(rf"GRAPH \?{var}(\s*)\{{", rf"GRAPH <{graph}>\1{{", text))
    finally:
        for graph, _ in deltas:
            run_update(ds, f"DROP SILENT GRAPH <{graph}>")
    return result


#: The graph variables of the data patterns in the rule files (``?t`` is the TBox, ``?h`` the check).
_DATA_VARIABLES = ("g", "g2")
_INSERT = re.compile(r"INSERT \{ GRAPH cgg:inferred \{ (?P<triple>[^{}]*) \} \}")


def _copy_into(update: str, graph: URIRef) -> str:
    """``update`` inserting its triples into ``graph`` as well as into ``cgg:inferred``."""
    text, found = _INSERT.subn(lambda m: f"INSERT {{ GRAPH cgg:inferred {{ {m['triple']} }} "
                                         f"GRAPH <{graph}> {{ {m['triple']} }} }}", update)
    if found != 1:
        raise ValueError("a rule must insert exactly one triple pattern into cgg:inferred")
    return text
