"""SHACL shapes compiled to SPARQL ``SELECT`` queries that return their validation results.

The text side of :mod:`collabgraph.checks.shacl_sparql`: shapes in, one query per (shape,
constraint) out, with what a result needs besides the focus node and the value (source shape,
path, constraint component, severity, message). pyshacl is the reference: the semantics follow
what pyshacl 0.40 does with ``inference="none", advanced=True, allow_warnings=True``, including
its choices where the SHACL text leaves room (which literals are ill-typed, how ``sh:languageIn``
matches, one result per duplicated language for ``sh:uniqueLang``). What is not translated is
listed, never dropped (:class:`Untranslated`).

Examples
--------
>>> from rdflib import Graph
>>> shapes = Graph().parse(format="turtle", data='''
...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
...     ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .''')
>>> [check] = compile_shapes(shapes)
>>> check.component.n3(shapes.namespace_manager), check.path_text
('sh:MinCountConstraintComponent', 'ex:p')
>>> print(check.query)  # doctest: +ELLIPSIS
SELECT DISTINCT ?this ?value ?key WHERE {
{ { ?t0 <...rdf-schema#subClassOf>* <http://example.org/C> . ?this a ?t0 } }
FILTER(!EXISTS { ?this <http://example.org/p> ?v1 . })
}
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass

from pyshacl.constraints import CONSTRAINT_PARAMETERS_MAP
from pyshacl.rdfutil import stringify_node
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from collabgraph.checks.shacl_components import PIECES
from collabgraph.checks.shacl_shapes import (
    COMPARE,
    DATATYPE_OK,
    TARGETS,
    _escape,
    _n3,
    _path_of,
    _PathPattern,
    _Piece,
    _Untranslatable,
    path_text,
)

__all__ = ["CompiledCheck", "CompiledShapes", "Untranslated", "compile_shapes", "path_text", "DATATYPE_OK", "COMPARE"]

_MAX_DEPTH = 21  # rdflib's parser (pyparsing) runs out of Python stack past about 25
_VIOLATION_ONLY = (SH.Info, SH.Warning)  # nested shapes of these severities conform in pyshacl (allow_warnings)


@dataclass(frozen=True)
class CompiledCheck:
    """One SHACL constraint of one shape as a SPARQL query over the data graph.

    ``query`` returns rows ``?this`` (the focus node), ``?value`` and ``?key`` (``value``
    says what the result's ``sh:value`` is: ``"value"`` the row's ``?value``, ``"focus"`` the
    focus node, ``"none"`` nothing; ``?key`` is the result path when ``dynamic_path``, as for
    ``sh:closed``, else only keeps distinct results apart). ``default_message`` is pyshacl's own
    message, ``{focus}`` and ``{value}`` standing for the nodes, used when ``messages`` is empty.
    ``context`` names the nodes a nested property shape's focus hangs from: pyshacl validates it
    once per such node, and so do the rows.
    """

    root: Node
    chain: tuple[Node, ...]
    source_shape: Node
    component: URIRef
    path: Node | None
    path_text: str | None
    severity: Node
    messages: tuple[str, ...]
    default_message: str
    focus: str
    body: str
    value: str
    dynamic_path: bool = False
    context: str = ""

    @property
    def query(self) -> str:
        """The SPARQL ``SELECT`` text."""
        return f"SELECT DISTINCT ?this ?value ?key {self.context} WHERE {{\n{self.focus}\n{self.body}\n}}".replace(
            "  WHERE", " WHERE"
        )


@dataclass(frozen=True)
class Untranslated:
    """A constraint left to pyshacl: the shape whose targets give the focus nodes (``root``), the
    ``sh:property`` shapes from it to the ``shape`` holding the constraint, and why. ``whole``:
    the root shape goes to pyshacl entire (custom targets, rules)."""

    root: Node
    chain: tuple[Node, ...]
    shape: Node
    component: URIRef
    reason: str
    whole: bool = False


class CompiledShapes(list[CompiledCheck]):
    """The checks of :func:`compile_shapes`, with the constraints it did not translate."""

    def __init__(self, checks: list[CompiledCheck], untranslated: list[Untranslated], shapes: Graph, digest: str) -> None:
        super().__init__(checks)
        self.untranslated = tuple(untranslated)
        self.shapes = shapes
        self.digest = digest


class _Compiler:
    def __init__(self, g: Graph) -> None:
        self.g = g
        self.fresh = itertools.count(1)
        self.checks: list[CompiledCheck] = []
        self.untranslated: list[Untranslated] = []
        self.stack: list[Node] = []
        self.shapes = self._shape_nodes()
        self.custom = self._custom_components()

    # -- what pyshacl takes for shapes and for the roots it validates --------------------------
    def _shape_nodes(self) -> set[Node]:
        g = self.g
        found = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
        for p in (*TARGETS[:4], SH.property, SH.node):
            found |= set(g.subjects(p, None))
        for p in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape):
            found |= set(g.objects(None, p))
        for p in (SH["and"], SH["or"], SH.xone):
            for lst in g.objects(None, p):
                found |= set(g.items(lst))
        return found

    def _custom_components(self) -> dict[Node, list[Node | None]]:
        comps = set(self.g.subjects(RDF.type, SH.ConstraintComponent))
        for sub in self.g.subjects(RDFS.subClassOf, SH.ConstraintComponent):
            comps |= set(self.g.subjects(RDF.type, sub))
        return {c: [self.g.value(p, SH.path) for p in self.g.objects(c, SH.parameter)
                    if self.g.value(p, SH.optional) != Literal(True)] for c in comps}  # fmt: skip

    def _class_target(self, s: Node) -> bool:
        classes = {RDFS.Class, OWL.Class, *self.g.subjects(RDFS.subClassOf, RDFS.Class)}
        return any(t in classes for t in self.g.objects(s, RDF.type))

    def roots(self) -> list[Node]:
        return sorted((s for s in self.shapes if any((s, p, None) in self.g for p in TARGETS) or self._class_target(s)), key=str)

    def off(self, s: Node) -> bool:
        d = self.g.value(s, SH.deactivated)
        return isinstance(d, Literal) and bool(d.value)

    def path(self, s: Node) -> Node | None:
        paths = list(self.g.objects(s, SH.path))
        if len(paths) > 1:
            raise _Untranslatable("a shape with several sh:path")
        return paths[0] if paths else None

    def severity(self, s: Node) -> Node:
        return next(iter(set(self.g.objects(s, SH.severity))), SH.Violation)

    def var(self, stem: str = "v") -> str:
        return f"?{stem}{next(self.fresh)}"

    # -- walking the roots ----------------------------------------------------------------------
    def run(self) -> None:
        rules = (None, SH.rule, None) in self.g
        for root in self.roots():
            if self.off(root):
                continue
            if rules or (root, SH.target, None) in self.g:
                why = "SHACL rules change the data first" if rules else "a custom target (sh:target)"
                self.untranslated.append(Untranslated(root, (), root, SH.target, why, whole=True))
                continue
            try:
                focus = self.targets(root)
            except _Untranslatable as e:
                self.untranslated.append(Untranslated(root, (), root, SH.target, str(e), whole=True))
                continue
            self.visit(root, (), root, focus)

    def targets(self, root: Node) -> str:
        g, parts = self.g, []
        for n in g.objects(root, SH.targetNode):
            parts.append(f"VALUES ?this {{ {_n3(n)} }}")
        classes = list(g.objects(root, SH.targetClass)) + ([root] if self._class_target(root) else [])
        for k, c in enumerate(classes):
            parts.append(f"?t{k} <{RDFS.subClassOf}>* {_n3(c)} . ?this a ?t{k}")
        parts += [f"?this {_n3(p)} ?o{k}" for k, p in enumerate(g.objects(root, SH.targetSubjectsOf))]
        parts += [f"?s{k} {_n3(p)} ?this" for k, p in enumerate(g.objects(root, SH.targetObjectsOf))]
        return "{ " + " UNION ".join(f"{{ {p} }}" for p in parts) + " }"  # flat: rdflib joins subqueries slowly

    def visit(self, root: Node, chain: tuple[Node, ...], s: Node, focus: str, ctx: str = "") -> None:
        try:
            path = self.path(s)
            sparql_path = None if path is None else _path_of(self.g, path)
        except _Untranslatable as e:  # every constraint of the shape follows its path: all to pyshacl
            self.untranslated += [Untranslated(root, chain, s, comp, str(e)) for comp, _ in self.components(s)]
            return
        for comp, name in self.components(s):
            if name == "PropertyConstraintComponent":
                self.visit_properties(root, chain, s, focus, sparql_path, ctx)
                continue
            try:
                made = [self.check(root, chain, s, comp, path, sparql_path, focus, p, ctx) for p in self.pieces(s, name)]
            except _Untranslatable as e:
                self.untranslated.append(Untranslated(root, chain, s, comp, str(e)))
                continue
            self.checks += made

    def visit_properties(
        self, root: Node, chain: tuple[Node, ...], s: Node, focus: str, sparql_path: _PathPattern | None, ctx: str
    ) -> None:
        for p in sorted(self.g.objects(s, SH.property), key=str):
            if p in chain or p == root or self.path(p) is None:
                why = "recursive shapes" if p in chain or p == root else "sh:property names no property shape"
                self.untranslated.append(Untranslated(root, chain, s, SH.PropertyConstraintComponent, why))
            elif not self.off(p):
                inner, inner_ctx = focus, ctx
                if sparql_path is not None:  # one focus per route: pyshacl validates a value once per node it hangs from
                    f = self.var("f")
                    inner_ctx = f"{ctx} {f}".strip()
                    inner = f"{{ {focus.replace('?this', f)} {sparql_path(f, '?this')} }}"
                self.visit(root, (*chain, p), p, inner, inner_ctx)

    def components(self, s: Node) -> list[tuple[URIRef, str]]:
        found: dict[str, URIRef] = {}
        for p in set(self.g.predicates(s)):
            if p == SH.expression:
                found["ExpressionConstraint"] = SH.ExpressionConstraintComponent
            elif (cls := CONSTRAINT_PARAMETERS_MAP.get(p)) is not None:
                iri = getattr(cls, "shacl_constraint_component", None)
                name = cls.constraint_name()
                found[name] = iri if isinstance(iri, URIRef) and "notimplemented" not in iri else URIRef(str(SH) + name)
        for c, params in self.custom.items():
            if params and all((s, p, None) in self.g for p in params if p is not None):
                found[f"custom {c}"] = c if isinstance(c, URIRef) else SH.ConstraintComponent
        return sorted(((iri, name) for name, iri in found.items()), key=lambda t: t[1])

    def check(
        self,
        root: Node,
        chain: tuple[Node, ...],
        s: Node,
        comp: URIRef,
        path: Node | None,
        sparql_path: _PathPattern | None,
        focus: str,
        piece: _Piece,
        ctx: str,
    ) -> CompiledCheck:
        if piece.kind == "value" and sparql_path is not None:
            body, value = f"{sparql_path('?this', '?value')} FILTER({piece.make('?this', '?value')})", piece.value
        elif piece.kind == "value":
            body, value = f"FILTER({piece.make('?this', '?this')})", "focus"
        elif piece.kind == "focus":
            body, value = f"FILTER({piece.make('?this')})", "none"
        else:
            body, value = piece.make("?this", "?value", "?key"), piece.value
        if 1 + max(_depth(body), _depth(focus)) > _MAX_DEPTH:
            raise _Untranslatable(f"nested deeper than rdflib's SPARQL parser takes ({_MAX_DEPTH} brackets)")
        messages = tuple(sorted(str(m.value if isinstance(m, Literal) else m) for m in self.g.objects(s, SH.message)))
        return CompiledCheck(root, chain, s, comp, path, path_text(self.g, path), self.severity(s), messages,
                             piece.message, focus, body, value, piece.dynamic_path, ctx)  # fmt: skip

    # -- nested conformance: a boolean expression, true when node x does not conform to shape s --
    def fails(self, s: Node, x: str) -> str:
        if s in self.stack:
            raise _Untranslatable("recursive shapes")
        if self.off(s):
            return "false"
        if self.severity(s) in _VIOLATION_ONLY:
            raise _Untranslatable("a nested shape of severity sh:Info or sh:Warning")
        self.stack.append(s)
        try:
            path = self.path(s)
            sparql_path = None if path is None else _path_of(self.g, path)
            parts = []
            for _, name in self.components(s):
                if name == "PropertyConstraintComponent":
                    for p in sorted(self.g.objects(s, SH.property), key=str):
                        if self.path(p) is None:
                            raise _Untranslatable("sh:property names no property shape")
                        if sparql_path is None:
                            parts.append(self.fails(p, x))
                        else:
                            u = self.var()
                            parts.append(sparql_path.exists(x, u, self.fails(p, u)))
                    continue
                for piece in self.pieces(s, name):
                    parts.append(self.nested(piece, x, sparql_path))
            return "(" + " || ".join(parts) + ")" if parts else "false"
        finally:
            self.stack.pop()

    def nested(self, piece: _Piece, x: str, sparql_path: _PathPattern | None) -> str:
        if piece.kind == "value" and sparql_path is not None:
            v = self.var()
            return sparql_path.exists(x, v, piece.make(x, v))
        if piece.kind == "value":
            return piece.make(x, x)
        if piece.kind == "focus":
            return piece.make(x)
        return f"EXISTS {{ {piece.make(x, self.var(), self.var('k'))} }}"

    # -- the constraint components ---------------------------------------------------------------
    def pieces(self, s: Node, name: str) -> list[_Piece]:
        if name not in PIECES:
            raise _Untranslatable(f"{name} is not translated")
        return PIECES[name](self, s)

    def one(self, s: Node, p: URIRef) -> Node:
        values = list(self.g.objects(s, p))
        if len(values) != 1:
            raise _Untranslatable(f"{len(values)} values of {p}")
        return values[0]

    def label(self, node: Node) -> str:
        return _escape(stringify_node(self.g, node))

    def values_of_path(self, s: Node, x: str, v: str) -> str:
        """A pattern binding ``v`` to each value node of shape ``s`` at focus ``x``."""
        path = self.path(s)
        return f"BIND({x} AS {v})" if path is None else _path_of(self.g, path)(x, v)

    def count_at_least(self, x: str, sparql_path: _PathPattern, n: int) -> str:
        """An expression true when ``x`` has at least ``n`` distinct values on the path."""
        if n > 6:
            raise _Untranslatable(f"a count of {n} (more than 6)")
        vs = [self.var() for _ in range(n)]
        expr = " && ".join(f"!sameTerm({a}, {b})" for a, b in itertools.combinations(vs, 2)) or "true"
        for v in reversed(vs):
            expr = sparql_path.exists(x, v, expr)
        return expr


def _depth(text: str) -> int:
    """How deep brackets nest in a query, string literals left out."""
    depth = deepest = 0
    for part in re.split(r'"(?:[^"\\]|\\.)*"', text):
        for ch in part:
            depth += ch in "({"
            depth -= ch in ")}"
            deepest = max(deepest, depth)
    return deepest


def _digest(shapes: Graph) -> str:
    lines = sorted(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in shapes)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


_CACHE: dict[str, CompiledShapes] = {}


def compile_shapes(shapes: Graph) -> CompiledShapes:
    """Compile ``shapes`` to one SPARQL check per (shape, constraint) reached from a target.

    A property shape is reached through ``sh:property`` from each shape whose targets give it
    focus nodes, and compiled once per such route, as pyshacl validates it once per route.
    Constraints the compiler does not translate are in ``.untranslated`` (never silently left
    out); :func:`collabgraph.checks.shacl_sparql.run_checks` sends them to pyshacl. Compiled
    once per shapes content (blank-node labels included) and cached.

    Examples
    --------
    >>> from rdflib import Graph
    >>> shapes = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
    ...     ex:S sh:targetNode ex:n ; sh:class ex:C ;
    ...         sh:qualifiedValueShape [ sh:class ex:D ] ; sh:qualifiedMinCount 1 .''')
    >>> checks = compile_shapes(shapes)
    >>> [c.component.split("#")[1] for c in checks]
    ['ClassConstraintComponent']
    >>> [(u.component.split("#")[1], u.reason) for u in checks.untranslated]
    [('QualifiedValueShapeConstraintComponent', 'QualifiedValueShapeConstraintComponent is not translated')]
    """
    digest = _digest(shapes)
    if digest not in _CACHE:
        compiler = _Compiler(shapes)
        compiler.run()
        if len(_CACHE) > 16:
            _CACHE.clear()
        _CACHE[digest] = CompiledShapes(compiler.checks, compiler.untranslated, shapes, digest)
    cached = _CACHE[digest]
    return CompiledShapes(list(cached), list(cached.untranslated), cached.shapes, digest)
