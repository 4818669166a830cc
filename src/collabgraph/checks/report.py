"""SHACL results as collabgraph reports them: typed one-line violations, nodes named for a
human (a quote by the fact it supports), and pyshacl's results graph read into them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyshacl
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.namespace import SH

from collabgraph.namespaces import CG, PREFIXES


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


def short(graph: Graph, term) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(term)
        except Exception:
            return str(term)
    return str(term)


def path_of(data: Graph, results: Graph, shapes: Graph, path) -> str | None:
    """A SHACL path as text: ``cg:hasParty``, or ``oa:hasTarget/oa:hasSource`` for a sequence."""
    if path is None:
        return None
    if isinstance(path, BNode):
        for graph in (results, shapes):
            steps = list(graph.items(path))
            if steps:
                return "/".join(short(data, step) for step in steps)
        return "(a complex path)"
    return short(data, path)


def describe(data: Graph, node) -> str:
    """Name a node for a human: blank annotations are named by the fact they support."""
    if isinstance(node, BNode):
        for fact in data.subjects(CG.evidence, node):
            return f"quote of {short(data, fact)}"
        for ann in data.subjects(Namespace("http://www.w3.org/ns/oa#").hasTarget, node):
            for fact in data.subjects(CG.evidence, ann):
                return f"quote of {short(data, fact)}"
        return f"blank node {node}"
    return short(data, node)


def violation_order(v: Violation):
    """A total order: reports list the same violations in the same order, whichever engine found them."""
    return (v.node, v.shape, v.message, v.rule, v.path or "", v.severity)


def data_graph(ds) -> Graph:
    data = Graph()
    for prefix, ns in PREFIXES.items():
        data.bind(prefix, ns, replace=True)
    for prefix, ns in ds.namespaces():  # the user's own prefixes name their nodes in messages
        if prefix and prefix not in PREFIXES:
            data.bind(prefix, ns, override=False)
    return data


def pyshacl_violations(data: Graph, shapes: Graph, keep=None) -> list[Violation]:
    """pyshacl's results on ``data`` as violations, those on focus nodes ``keep`` accepts only."""
    _, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True)
    found = []
    for r in results.subjects(SH.resultSeverity, None):
        focus = results.value(r, SH.focusNode)
        if keep is not None and not keep(focus):
            continue
        found.append(
            Violation(
                node=describe(data, focus),
                shape=short(results, results.value(r, SH.sourceShape))
                if isinstance(results.value(r, SH.sourceShape), URIRef)
                else "inline shape",
                rule=short(results, results.value(r, SH.sourceConstraintComponent)).replace("http://www.w3.org/ns/shacl#", "sh:"),
                message=str(results.value(r, SH.resultMessage) or ""),
                path=path_of(data, results, shapes, results.value(r, SH.resultPath)),
                severity=str(results.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],
            )
        )
    return found
