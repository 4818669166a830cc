"""SHACL validation as SPARQL queries run in the store, with pyshacl's results.

pyshacl evaluates shapes in Python node by node: 11 minutes on 100,000 institutions (3.2 M
triples). Here the shapes are compiled to one SPARQL ``SELECT`` per (shape, constraint) that
returns the violations (:mod:`collabgraph.checks.shacl_compile`), as ODK runs its
``*-violation.sparql`` checks, and evaluated by the store itself: Oxigraph (pyoxigraph) in
seconds, or rdflib's SPARQL engine on an in-memory graph.

Notes
-----
The compiler is hand-written for collabgraph: what counts is that the results be pyshacl's,
to the message, and pyshacl stays the reference (the tests compare the two on the project's
shapes and data, and on the W3C SHACL core suite). No maintained Python SHACL-to-SPARQL
compiler aims at that (the one published, shacl2sparqlpy, is a research prototype last
released in 2023, and was not evaluated here). Two SPARQL functions stand in where plain
SPARQL cannot say what pyshacl does: whether rdflib finds a literal ill-typed (``sh:datatype``;
on Oxigraph asked only for lexical forms outside a safe pattern) and pyshacl's literal
comparison (``sh:minInclusive`` and kin); :func:`run_checks` gives both engines both, so the
queries do not run elsewhere as they are. A constraint the compiler does not translate goes to
pyshacl, on a shapes graph holding only it with the targets and ``sh:property`` steps that reach
it, and the results say so (``fallback``).

Examples
--------
>>> from rdflib import Graph
>>> data = Graph().parse(format="turtle", data='''
...     @prefix ex: <http://example.org/> . ex:a a ex:C ; ex:p "x" .''')
>>> shapes = Graph().parse(format="turtle", data='''
...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
...     ex:S sh:targetClass ex:C ;
...         sh:property [ sh:path ex:p ; sh:datatype <http://www.w3.org/2001/XMLSchema#integer> ] .''')
>>> [r.message for r in run_checks(data, shapes)]
['Value is not Literal with datatype xsd:integer']
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pyoxigraph as ox
import pyshacl
from pyshacl.rdfutil.stringify import stringify_blank_node, stringify_node
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.plugins.sparql.operators import register_custom_function
from rdflib.plugins.stores.memory import Memory, SimpleMemory
from rdflib.term import Node

from collabgraph.checks.shacl_compile import CompiledCheck, CompiledShapes, Untranslated, _Compiler, compile_shapes
from collabgraph.checks.shacl_shapes import (
    COMPARE,
    DATATYPE_OK,
    XSD,
    _compare_ok,
    _datatype_ok,
    deep_enough,
    fallback_shapes,
    path_text,
)
from collabgraph.resources import ontology_dir
from collabgraph.store.native import memory_copy

__all__ = ["Result", "CheckResults", "run_checks", "default_shapes"]


@dataclass(frozen=True)
class Result:
    """One validation result, as pyshacl would report it (``path`` as text, see
    :func:`~collabgraph.checks.shacl_shapes.path_text`; ``message`` the shape's ``sh:message``
    values, sorted and one per line, else pyshacl's default message)."""

    focus: Node
    path: str | None
    value: Node | None
    source_shape: Node
    component: URIRef
    severity: Node
    message: str


class CheckResults(list[Result]):
    """The results of :func:`run_checks`; ``fallback`` lists the constraints pyshacl checked."""

    def __init__(self, results: Iterable[Result], fallback: tuple[Untranslated, ...]) -> None:
        super().__init__(results)
        self.fallback = fallback


def _register_rdflib_functions() -> None:
    def datatype_ok(term: Node) -> Literal:
        return Literal(_datatype_ok(term))

    def compare(value: Node, bound: Node, name: Node) -> Literal:
        return Literal(_compare_ok(value, bound, str(name)))

    register_custom_function(DATATYPE_OK, cast(Any, datatype_ok), override=True)
    register_custom_function(COMPARE, cast(Any, compare), override=True)


def _from_ox(term: Any) -> Node | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)


_OX_FUNCTIONS: dict[ox.NamedNode, Callable[..., Any]] = {
    ox.NamedNode(str(DATATYPE_OK)): lambda t: ox.Literal(_datatype_ok(cast(Node, _from_ox(t)))),
    ox.NamedNode(str(COMPARE)): lambda v, b, n: ox.Literal(
        _compare_ok(cast(Node, _from_ox(v)), cast(Node, _from_ox(b)), n.value)
    ),
}


@contextmanager
def _quiet_rdflib() -> Iterator[None]:
    """rdflib logs a traceback for each ill-typed literal it reads: one per violation here."""
    log = logging.getLogger("rdflib.term")
    before, log.disabled = log.disabled, True
    try:
        yield
    finally:
        log.disabled = before


_SHORTCUT = re.compile(r'REGEX\(STR\(\?\w+\), "[^"]*"\) \|\| (?=<' + re.escape(str(DATATYPE_OK)) + ">)")


# -- the two engines ---------------------------------------------------------------------------------
class _Rdflib:
    def __init__(self, data: Graph, skip: frozenset[Node]) -> None:
        self.data = data
        if isinstance(data, Dataset) and skip:
            merged = Graph()
            for prefix, ns in data.namespaces():
                merged.bind(prefix, ns, override=True)
            for g in data.graphs():
                if g.identifier not in skip:
                    merged += g
            self.data = merged

    def select(self, query: str) -> Iterator[tuple[Node, Node | None, Node | None, Node | None]]:
        # rdflib rewrites some ill-typed lexical forms to canonical ones ("yes"^^xsd:boolean reads as
        # "false", still ill-typed): no lexical shortcut here, rdflib's own ill_typed flag decides.
        query = _SHORTCUT.sub("", query)
        union = isinstance(self.data, Dataset)
        before = getattr(self.data, "default_union", False)
        if union:
            setattr(self.data, "default_union", True)  # noqa: B010  # the union, as pyshacl sees a dataset
        try:
            with deep_enough():
                rows = list(cast(Iterable[Any], self.data.query(query)))
            for row in rows:
                yield row[0], row[1], row[2], row[3] if len(row) > 3 and "?check" in query else None
        finally:
            if union:
                setattr(self.data, "default_union", before)  # noqa: B010

    def name(self, node: Node) -> str:
        try:
            return stringify_node(self.data, node)
        except (LookupError, ValueError):
            return str(node)

    def graph(self) -> Graph:
        return self.data


class _Oxigraph:
    def __init__(self, store: ox.Store, skip: frozenset[Node], namespaces: Graph, graphs: list[Any] | None = None) -> None:
        self.store = store
        self.kwargs: dict[str, Any] = {"use_default_graph_as_union": True}
        skipped = [g for g in store.named_graphs() if _from_ox(g) in skip] if skip else []
        if graphs is None and skipped:
            self.store = memory_copy(store, skipped)  # a list of graphs is slow on disk: see memory_copy
        elif graphs is not None:
            self.kwargs = {"default_graph": [g for g in graphs if isinstance(g, ox.DefaultGraph) or _from_ox(g) not in skip]}
        self.names = Graph(bind_namespaces="core")
        for prefix, ns in namespaces.namespaces():
            self.names.bind(prefix, ns, override=True, replace=True)

    def select(self, query: str) -> Iterator[tuple[Node, Node | None, Node | None, Node | None]]:
        batched = "?check" in query
        for row in cast(Iterable[Any], self.store.query(query, custom_functions=_OX_FUNCTIONS, **self.kwargs)):
            yield cast(Node, _from_ox(row[0])), _from_ox(row[1]), _from_ox(row[2]), _from_ox(row[3]) if batched else None

    def _quads(self, s: Any = None) -> Iterator[Any]:
        graphs = self.kwargs.get("default_graph")
        for q in self.store.quads_for_pattern(s, None, None):
            if graphs is None or any(q.graph_name == g for g in graphs):
                yield q

    def name(self, node: Node) -> str:
        if not isinstance(node, BNode):
            return stringify_node(self.names, node)
        about = Graph(namespace_manager=self.names.namespace_manager)
        todo: list[Node] = [node]
        seen: set[Node] = set()
        while todo and len(seen) < 1000:  # the blank node and what hangs below it, as pyshacl describes it
            b = todo.pop()
            seen.add(b)
            for q in self._quads(ox.BlankNode(str(b))):
                o = _from_ox(q.object)
                about.add((b, cast(Node, _from_ox(q.predicate)), cast(Node, o)))
                if isinstance(o, BNode) and o not in seen:
                    todo.append(o)
        try:
            return stringify_node(about, node)
        finally:
            stringify_blank_node.dict_cache.clear()  # keyed by id(graph): ours is gone

    def graph(self) -> Graph:
        g = Graph(namespace_manager=self.names.namespace_manager)
        for q in self._quads():
            g.add(cast(tuple[Node, Node, Node], (_from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object))))
        return g


def _engine(data: Any, skip: frozenset[Node], shapes: Graph) -> _Rdflib | _Oxigraph:
    if isinstance(data, ox.Store):
        return _Oxigraph(data, skip, shapes)
    if isinstance(data, Graph) and isinstance(data.store, (Memory, SimpleMemory)):
        return _Rdflib(data, skip)
    if isinstance(data, Graph):  # the queries call two Python functions, which only these two engines are given
        raise TypeError(
            f"cannot run the SHACL queries through rdflib on a {type(data.store).__name__} store: give the "
            "pyoxigraph.Store itself (for Oxigraph) or an rdflib graph in memory"
        )
    raise TypeError(f"cannot validate a {type(data).__name__}: give an rdflib Graph or Dataset, or a pyoxigraph Store")


# -- the shapes ------------------------------------------------------------------------------------
_DEFAULT: dict[tuple[Path, float], Graph] = {}


def default_shapes() -> Graph:
    """The collabgraph shapes (``ontology/shapes.ttl``), parsed once per process and version of the file.

    Examples
    --------
    >>> from rdflib.namespace import SH
    >>> len(set(default_shapes().subjects(SH.targetClass, None))) > 5
    True
    """
    path = ontology_dir() / "shapes.ttl"
    key = (path, path.stat().st_mtime)
    if key not in _DEFAULT:
        _DEFAULT.clear()
        _DEFAULT[key] = Graph().parse(path, format="turtle")
    return _DEFAULT[key]


# -- running -----------------------------------------------------------------------------------------
def _batches(checks: list[CompiledCheck], batch: bool) -> Iterator[tuple[str, list[CompiledCheck]]]:
    """Queries to run with the checks each answers: one per check, or one per focus (a UNION of
    self-contained branches, ``?check`` telling them apart)."""
    if not batch:
        yield from ((c.query, [c]) for c in checks)
        return
    groups: dict[tuple[str, str], list[CompiledCheck]] = {}
    for c in checks:
        groups.setdefault((c.focus, c.context), []).append(c)
    for (focus, context), group in groups.items():
        branches = " UNION ".join(f"{{ {focus}\n{c.body} BIND({i} AS ?check) }}" for i, c in enumerate(group))
        yield f"SELECT DISTINCT ?this ?value ?key ?check {context} WHERE {{ {branches} }}".replace("  WHERE", " WHERE"), group


def _results(query: str, group: list[CompiledCheck], engine: _Rdflib | _Oxigraph, shapes: Graph) -> Iterator[Result]:
    for this, value, key, which in engine.select(query):
        check = group[int(which) if which is not None else 0]  # type: ignore[call-overload]
        v = value if check.value == "value" else this if check.value == "focus" else None
        if check.messages:
            message = "\n".join(check.messages)
        elif "{" in check.default_message:
            named = {"focus": engine.name(this), "value": "" if v is None else engine.name(v)}
            message = check.default_message.format(**named)
        else:
            message = check.default_message
        path = path_text(shapes, key) if check.dynamic_path else check.path_text
        yield Result(this, path, v, check.source_shape, check.component, check.severity, message)


def _pyshacl(graph: Graph, fallback: Graph, shapes: Graph) -> Iterator[Result]:
    _, report, _ = pyshacl.validate(graph, shacl_graph=fallback, inference="none", advanced=True, allow_warnings=True)
    for r in report.objects(None, SH.result):
        messages = sorted(str(m) for m in report.objects(r, SH.resultMessage))
        yield Result(report.value(r, SH.focusNode), path_text(shapes, report.value(r, SH.resultPath)),
                     report.value(r, SH.value), report.value(r, SH.sourceShape), report.value(r, SH.sourceConstraintComponent),
                     report.value(r, SH.resultSeverity), "\n".join(messages))  # fmt: skip


def run_checks(
    data: Any, shapes: Graph | None = None, *, skip_graphs: Iterable[Node] = (), batch: bool = False, jobs: int | None = None
) -> CheckResults:
    """Validate ``data`` against ``shapes`` (default: the collabgraph shapes) with SPARQL.

    Parameters
    ----------
    data : rdflib.Graph, rdflib.Dataset or pyoxigraph.Store
        The data graph. A dataset or store is validated as the union of its graphs, as pyshacl
        does. An rdflib graph must be in memory: for one on Oxigraph (oxrdflib), give its
        pyoxigraph store (which only the store package reaches).
    shapes : rdflib.Graph, optional
        The shapes graph; compiled once per content (:func:`compile_shapes`).
    skip_graphs : named-graph IRIs
        Graphs left out of the union (collabgraph's computed ``cgg:inferred`` and ``cgg:metrics``).
    batch : bool
        One query per focus-node pattern (a ``UNION`` of its checks) instead of one per check:
        the same results, no faster on Oxigraph as measured (``bench/bench_shacl_sparql.py``).
    jobs : int, optional
        Queries run side by side on Oxigraph, which answers them outside Python's lock
        (default: the CPU count, at most 4). rdflib's engine runs them one after the other.

    Returns
    -------
    CheckResults
        A list of :class:`Result`, sorted; its ``fallback`` names the constraints pyshacl
        checked because the compiler does not translate them (empty for the collabgraph shapes):
        pyshacl gets a shapes graph with only these (and what they refer to), and its results
        are merged in.

    Examples
    --------
    >>> import pyoxigraph
    >>> store = pyoxigraph.Store()
    >>> store.load(b'<http://example.org/m> a <http://www.w3.org/ns/org#Membership> .', pyoxigraph.RdfFormat.TURTLE)
    >>> results = run_checks(store)
    >>> sorted(r.path for r in results)
    ['cg:evidence', 'org:member', 'org:organization', 'org:role']
    >>> results.fallback
    ()
    """
    shapes = default_shapes() if shapes is None else shapes
    skip = frozenset(skip_graphs)
    compiled = compile_shapes(shapes)
    engine = _engine(data, skip, shapes)
    checks, fallback = _split(compiled)
    found: list[Result] = []
    with _quiet_rdflib():
        if isinstance(engine, _Rdflib):
            _register_rdflib_functions()
        todo = list(_batches(checks, batch))
        jobs = min(4, os.cpu_count() or 1) if jobs is None else jobs
        if isinstance(engine, _Oxigraph) and jobs > 1 and len(todo) > 1:
            with ThreadPoolExecutor(jobs) as pool:
                for part in pool.map(lambda qg: list(_results(qg[0], qg[1], engine, shapes)), todo):
                    found.extend(part)
        else:
            for query, group in todo:
                found.extend(_results(query, group, engine, shapes))
        if fallback is not None:
            found.extend(_pyshacl(engine.graph(), fallback, shapes))
    return CheckResults(sorted(found, key=_order), compiled.untranslated)


_SPLITS: dict[str, tuple[list[CompiledCheck], Graph | None]] = {}


def _split(compiled: CompiledShapes) -> tuple[list[CompiledCheck], Graph | None]:
    """The checks SPARQL runs, and the shapes graph pyshacl runs (``None`` when all is translated).

    pyshacl validates everything the fallback graph reaches from its roots: checks it reaches
    (a root sent whole, a shape copied whole as a constraint's parameter) are not run again."""
    if not compiled.untranslated:
        return list(compiled), None
    if compiled.digest in _SPLITS:
        return _SPLITS[compiled.digest]
    graph = fallback_shapes(compiled.shapes, compiled.untranslated)
    reach = _Compiler(graph)
    reach.run()
    whole = {u.root for u in reach.untranslated if u.whole}
    covered = {(c.root, c.chain, c.source_shape, c.component) for c in reach.checks}
    covered |= {(u.root, u.chain, u.shape, u.component) for u in reach.untranslated}
    keep = [c for c in compiled if c.root not in whole and (c.root, c.chain, c.source_shape, c.component) not in covered]
    if len(_SPLITS) > 16:
        _SPLITS.clear()
    _SPLITS[compiled.digest] = keep, graph
    return keep, graph


def _order(r: Result) -> tuple[str, ...]:
    return (str(r.focus), str(r.source_shape), str(r.component), str(r.value), r.message)
