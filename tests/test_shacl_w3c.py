"""The W3C SHACL core test suite, run against the installed pyshacl.

The suite is vendored in ``tests/data/w3c-shacl-core`` (see its README for where it came from
and its licence), so nothing here touches the network. Each ``sht:Validate`` entry reachable
from ``manifest.ttl`` through ``mf:include`` becomes one test, named by its IRI relative to the
suite folder (``node/class-001``).

Options mirror pySHACL's own runner in its spec-conformance mode (``test/test_sht_validate.py``:
no inference, no SHACL-AF, no meta-SHACL) and the comparison follows the suite's rules: the
``sh:conforms`` value must match and the expected ``sh:result`` set must equal the actual one on
focus node, result path, value, source shape, constraint component and severity (plus
``sh:resultMessage`` only where the expected report states messages), with blank nodes
compared by structure rather than by label. ``sh:detail`` is not compared (the suite never
expects it).

Data and shapes files are handed to pyshacl by path, as pySHACL's runner does, so pyshacl
parses them itself. That matters for ``property/uniqueLang-002``: pyshacl parses with rdflib's
literal normalisation off and reads only ``"true"`` as a true ``xsd:boolean``, so the
shape's ``sh:uniqueLang "1"^^xsd:boolean`` is (correctly, per the suite) not "true". A graph
parsed beforehand with plain rdflib normalises ``"1"^^xsd:boolean`` to ``"true"``, and
pyshacl then applies the constraint and fails that test. collabgraph's own shapes never
spell a boolean as ``"1"``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyshacl
import pytest
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH

SUITE = Path(__file__).resolve().parent / "data" / "w3c-shacl-core"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")

#: Tests known to fail with the pinned pyshacl, each with the upstream reason. pySHACL's own
#: runner allows only ``/sparql/pre-binding/shapesGraph-001`` to fail, which is not a core test,
#: so this is empty: every core test must pass.
KNOWN_FAILURES: dict[str, str] = {}

#: The parts of a validation result the suite's expected reports pin down.
COMPARED = (SH.focusNode, SH.resultPath, SH.value, SH.sourceShape, SH.sourceConstraintComponent, SH.resultSeverity)


def _parse(path: Path) -> Graph:
    graph = Graph()
    graph.parse(path, format="turtle", publicID=path.as_uri())
    return graph


def _file(iri: URIRef) -> Path:
    uri = str(iri)
    assert uri.startswith("file://"), f"manifest refers outside the vendored suite: {uri}"
    path = Path(uri[len("file://") :]).resolve()
    assert path.is_relative_to(SUITE), f"manifest refers outside the vendored suite: {uri}"
    return path


def _collect(path: Path, out: list, depth: int = 0) -> None:
    """Append ``(test id, manifest graph, entry node)`` for every sht:Validate under ``path``."""
    assert depth < 10, "mf:include chain too deep"
    graph = _parse(path)
    manifest = URIRef(path.as_uri())
    assert (manifest, RDF.type, MF.Manifest) in graph, f"no mf:Manifest in {path}"
    for included in sorted(graph.objects(manifest, MF.include)):
        _collect(_file(included), out, depth + 1)
    entries = graph.value(manifest, MF.entries)
    if entries is None:
        return
    for entry in graph.items(entries):
        if (entry, RDF.type, SHT.Validate) not in graph:
            raise AssertionError(f"unsupported test type for {entry} in {path}")
        test_id = Path(str(entry)[len("file://") :]).relative_to(SUITE).as_posix()
        out.append((test_id, graph, entry))


def _tests() -> list:
    found: list = []
    _collect(SUITE / "manifest.ttl", found)
    return found


TESTS = _tests()


def _canon(graph: Graph, node, seen: frozenset = frozenset()):
    """A hashable stand-in for ``node``: itself, or for a blank node the structure under it."""
    if not isinstance(node, BNode):
        return node
    if node in seen:
        return ("cycle",)
    inner = seen | {node}
    return ("bnode", frozenset((p, _canon(graph, o, inner)) for p, o in graph.predicate_objects(node)))


def _result_keys(graph: Graph, report, predicates) -> Counter:
    keys = Counter()
    for result in graph.objects(report, SH.result):
        keys[frozenset((p, _canon(graph, o)) for p in predicates for o in graph.objects(result, p))] += 1
    return keys


def _describe(keys: Counter) -> str:
    def term(value) -> str:
        return value.n3() if isinstance(value, (URIRef, Literal)) else str(value)

    lines = []
    for key, count in sorted(keys.items(), key=lambda kv: repr(kv[0])):
        parts = ", ".join(f"{term(p)} {term(o)}" for p, o in sorted(key, key=repr))
        lines.append(f"  {count} x [{parts}]")
    return "\n".join(lines) or "  (none)"


def test_suite_found() -> None:
    # Guards against a manifest change that silently drops tests: the core suite has 98.
    assert len(TESTS) == 98
    assert len({t[0] for t in TESTS}) == len(TESTS)
    assert set(KNOWN_FAILURES) <= {t[0] for t in TESTS}


@pytest.mark.parametrize(("test_id", "graph", "entry"), TESTS, ids=[t[0] for t in TESTS])
def test_w3c_core(test_id: str, graph: Graph, entry: URIRef) -> None:
    if test_id in KNOWN_FAILURES:  # pragma: no cover - empty today
        pytest.xfail(KNOWN_FAILURES[test_id])
    assert graph.value(entry, MF.status) == SHT.approved, f"{test_id} is not an approved test"
    action = graph.value(entry, MF.action)
    data_iri = graph.value(action, SHT.dataGraph)
    shapes_iri = graph.value(action, SHT.shapesGraph)
    # Files go to pyshacl by path, as in pySHACL's runner, so that pyshacl parses them itself
    # (see the module docstring for why that matters to property/uniqueLang-002).
    data = str(_file(data_iri))
    shapes = None if shapes_iri == data_iri else str(_file(shapes_iri))

    expected = graph.value(entry, MF.result)
    assert expected != SHT.Failure, f"{test_id}: sht:Failure tests are not part of the core suite"
    assert (expected, RDF.type, SH.ValidationReport) in graph

    conforms, report_graph, text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=False,
        meta_shacl=False,
        allow_warnings=False,
        allow_infos=False,
        abort_on_first=False,
        debug=False,
    )
    reports = list(report_graph.subjects(RDF.type, SH.ValidationReport))
    assert len(reports) == 1, f"{test_id}: expected one sh:ValidationReport, got {len(reports)}"
    report = reports[0]

    expected_conforms = graph.value(expected, SH.conforms)
    assert isinstance(expected_conforms, Literal)
    assert bool(conforms) is bool(expected_conforms.toPython()), f"{test_id}: sh:conforms differs\n{text}"
    assert report_graph.value(report, SH.conforms) == Literal(bool(conforms))

    predicates = COMPARED
    if any(True for r in graph.objects(expected, SH.result) for _ in graph.objects(r, SH.resultMessage)):
        predicates = (*COMPARED, SH.resultMessage)
    want = _result_keys(graph, expected, predicates)
    got = _result_keys(report_graph, report, predicates)
    assert got == want, (
        f"{test_id} ({graph.value(entry, RDFS.label)}): results differ\n"
        f"missing:\n{_describe(want - got)}\nunexpected:\n{_describe(got - want)}\n\n{text}"
    )
