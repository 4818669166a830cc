"""SHACL validation with pyshacl, reported as typed, one-line violations."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyshacl
from rdflib import BNode, Dataset, Graph, Namespace, URIRef
from rdflib.namespace import SH

from .load import parse_file
from .namespaces import CG, INFERRED_GRAPH, PREFIXES
from .resources import ontology_dir

__all__ = ["Violation", "ValidationReport", "validate", "shapes_graph"]


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node, the shape and rule it broke, and the message."""

    node: str
    shape: str
    rule: str
    message: str
    path: str | None = None
    severity: str = "Violation"

    def __str__(self) -> str:
        path = f" {self.path}" if self.path else ""
        return f"{self.severity}: {self.node}{path}: {self.message} [{self.shape}, {self.rule}]"


@dataclass
class ValidationReport:
    """The outcome of :func:`validate`; ``conforms`` is False when any violation was found."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    def __str__(self) -> str:
        if self.conforms:
            return "conforms: no SHACL violations"
        return "\n".join(str(v) for v in self.violations)


def shapes_graph() -> Graph:
    """The shapes in ``ontology/shapes.ttl``."""
    return parse_file(ontology_dir() / "shapes.ttl")


def _short(graph: Graph, term) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(term)
        except Exception:
            return str(term)
    return str(term)


def _describe(data: Graph, node) -> str:
    """Name a node for a human: blank annotations are named by the fact they support."""
    if isinstance(node, BNode):
        for fact in data.subjects(CG.evidence, node):
            return f"quote of {_short(data, fact)}"
        for ann in data.subjects(Namespace("http://www.w3.org/ns/oa#").hasTarget, node):
            for fact in data.subjects(CG.evidence, ann):
                return f"quote of {_short(data, fact)}"
        return f"blank node {node}"
    return _short(data, node)


def validate(ds: Dataset | Graph, *, shapes: Graph | None = None) -> ValidationReport:
    """Validate asserted data against the collabgraph shapes.

    The asserted named graphs of ``ds`` (all but ``cgg:inferred``) are merged into one data
    graph, so class hierarchy and facts from several files are seen together.

    Parameters
    ----------
    ds : Dataset or Graph
        What to validate (a loaded dataset, or one graph that includes the ontology).
    shapes : Graph, optional
        Shapes to use instead of ``ontology/shapes.ttl``.

    Examples
    --------
    >>> from collabgraph.load import load
    >>> report = validate(load(sources="seeds", reason=False))
    >>> report.conforms, report.violations
    (True, [])
    """
    data = Graph()
    for prefix, ns in PREFIXES.items():
        data.bind(prefix, ns, replace=True)
    for prefix, ns in ds.namespaces():  # the user's own prefixes name their nodes in messages
        if prefix and prefix not in PREFIXES:
            data.bind(prefix, ns, override=False)
    if isinstance(ds, Dataset):
        for g in ds.graphs():
            if g.identifier != INFERRED_GRAPH:
                for t in g:
                    data.add(t)
    else:
        for t in ds:
            data.add(t)
    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes if shapes is not None else shapes_graph(),
        inference="none", advanced=True, allow_warnings=True,
    )
    violations = []
    for r in results.subjects(SH.resultSeverity, None):
        violations.append(Violation(
            node=_describe(data, results.value(r, SH.focusNode)),
            shape=_short(results, results.value(r, SH.sourceShape)) if isinstance(
                results.value(r, SH.sourceShape), URIRef) else "inline shape",
            rule=_short(results, results.value(r, SH.sourceConstraintComponent)).replace(
                "http://www.w3.org/ns/shacl#", "sh:"),
            message=str(results.value(r, SH.resultMessage) or ""),
            path=_short(data, results.value(r, SH.resultPath)) or None,
            severity=str(results.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],
        ))
    violations.sort(key=lambda v: (v.node, v.shape, v.message))
    return ValidationReport(conforms=bool(conforms), violations=violations)
