"""Inference for a load: which reasoner runs (owlrl, the reference, for small inputs; the SPARQL
rules in the store above :data:`OWLRL_LIMIT` asserted triples, or after owlrl runs out of time on
a big graph), with owlrl's result cached by the content of the inputs so that a second load of
unchanged files skips it.
"""

from __future__ import annotations

import sys

from rdflib import Dataset, Graph, URIRef

import collabgraph.reasoning.reason as reasoning
from collabgraph.errors import CollabgraphError
from collabgraph.loading.sources import DataFile
from collabgraph.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH
from collabgraph.reasoning.reason import cached_infer
from collabgraph.store import count_triples

__all__ = ["fill_inferred", "REASONERS", "OWLRL_LIMIT"]

#: Reasoners :func:`~collabgraph.loading.load.load` can use; ``auto`` picks owlrl up to :data:`OWLRL_LIMIT` asserted triples.
REASONERS = ("auto", "owlrl", "rules")
OWLRL_LIMIT = 20_000


#: What :func:`fill_inferred` returns when owlrl ran out of time and the rules reasoned instead.
AFTER_TIME_LIMIT = "rules after owlrl's time limit"


def fill_inferred(ds: Dataset, files: list[DataFile], reasoner: str, key: str | None, *, into: Dataset | None = None) -> str:
    """Fill ``cgg:inferred`` of ``into`` (default ``ds``) with the consequences of ``ds``: owlrl
    (cached under ``key``) or, chosen or after owlrl's time limit, the rules. Returns the engine
    that reasoned: ``"owlrl"``, ``"rules"``, or :data:`AFTER_TIME_LIMIT`.

    ``files`` are the files loaded into ``ds`` (their graphs are what owlrl reads), ``reasoner``
    one of :data:`REASONERS`; ``key`` None skips the cache.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> from collabgraph.loading.sources import data_files
    >>> ds = load(sources="seeds", reason=False)
    >>> fill_inferred(ds, data_files("seeds"), "rules", None)
    'rules'
    >>> len(ds.graph(INFERRED_GRAPH)) > 0
    True
    """
    graphs = list(dict.fromkeys(f.graph for f in files))
    engine, schema = _reasoner(reasoner, ds, graphs)
    target = ds if into is None else into
    if engine == "owlrl" and _owlrl(ds, graphs, key, target):
        return engine
    from collabgraph.reasoning.rules import materialise

    materialise(ds, None if schema is None else [schema], into=target)
    return "rules" if engine == "rules" else AFTER_TIME_LIMIT


def _owlrl(ds: Dataset, graphs: list[URIRef], key: str | None, into: Dataset) -> bool:
    """Add owlrl's inferences to ``cgg:inferred``; False if owlrl ran out of time on a big graph."""
    big = sum(count_triples(ds, g) for g in graphs) > reasoning.OWLRL_SLOW_TRIPLES
    try:
        inferred, _ = cached_infer([ds.graph(g) for g in graphs], key, seconds=reasoning.OWLRL_TIME_LIMIT if big else None)
    except reasoning.ReasoningTimeout as exc:  # owlrl has no brake: stopped, then the rules
        print(f"warning: {exc}; reasoning with the rules instead (--reasoner rules)", file=sys.stderr, flush=True)
        return False
    target = into.graph(INFERRED_GRAPH)
    target.addN((s, p, o, target) for s, p, o in inferred)
    return True


def _reasoner(name: str, ds: Dataset, graphs: list[URIRef]) -> tuple[str, Graph | None]:
    """The reasoner to run, and the TBox when deciding needed it (so it is not read twice)."""
    if name not in REASONERS:
        raise CollabgraphError(f"unknown reasoner {name!r}; choose one of: {', '.join(REASONERS)}")
    if name != "auto":
        return name, None
    if sum(count_triples(ds, g) for g in graphs) <= OWLRL_LIMIT:
        return "owlrl", None
    from collabgraph.reasoning.rules import tbox, unsupported_axioms

    # Axioms the rules do not cover, beyond the ontology's own (cg:status is functional), need owlrl.
    schema = tbox(ds)
    extra = set(unsupported_axioms(schema)) - set(unsupported_axioms(ds.graph(ONTOLOGY_GRAPH)))
    return ("owlrl" if extra else "rules"), schema
