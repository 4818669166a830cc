"""Reading a shapes graph for the SHACL-to-SPARQL compiler: terms, paths, the fallback graph.

Shared by :mod:`collabgraph.checks.shacl_compile` (terms and paths in queries),
:mod:`collabgraph.checks.shacl_components` (what a constraint compiles to) and
:mod:`collabgraph.checks.shacl_sparql` (the shapes graph pyshacl gets for what is not translated).

Examples
--------
>>> from rdflib import Graph
>>> shapes = Graph().parse(format="turtle", data='''
...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix oa: <http://www.w3.org/ns/oa#> .
...     [] sh:path ( oa:hasTarget oa:hasSource ) .''')
>>> path = next(shapes.objects(None, SH.path))
>>> path_text(shapes, path)
'oa:hasTarget/oa:hasSource'
>>> print(_path_of(shapes, path).exists("?x", "?v"))  # doctest: +ELLIPSIS
EXISTS { ?x <http://www.w3.org/ns/oa#hasTarget> ?m... . FILTER(EXISTS { ?m... <http://www.w3.org/ns/oa#hasSource> ?v . }) }
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING

from pyshacl.rdfutil.compare import compare_literal
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

if TYPE_CHECKING:
    from collabgraph.checks.shacl_compile import Untranslated

XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # rdflib's closed XSD warns when doctest looks it over

__all__ = ["DATATYPE_OK", "COMPARE", "TARGETS", "XSD", "path_text", "fallback_shapes"]

TARGETS = (SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)

#: SPARQL functions the queries call where plain SPARQL cannot say what pyshacl does; both are
#: provided by :func:`collabgraph.checks.shacl_sparql.run_checks` (rdflib and Oxigraph).
DATATYPE_OK = URIRef("urn:x-collabgraph:shacl:datatype-ok")
COMPARE = URIRef("urn:x-collabgraph:shacl:compare")
# Lexical forms rdflib surely reads (so pyshacl accepts them) without asking Python: the others go to DATATYPE_OK.
_DAY = r"[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])"
_FAST = {XSD.date: f"^{_DAY}$", XSD.dateTime: f"^{_DAY}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$",
         XSD.integer: "^-?[0-9]+$", XSD.decimal: r"^-?[0-9]+\\.[0-9]+$", XSD.boolean: "^(true|false)$"}  # fmt: skip
_RANGE = {"MinExclusive": "> 0", "MinInclusive": ">= 0", "MaxExclusive": "< 0", "MaxInclusive": "<= 0"}


_PY_TYPES: dict[Node, type | tuple[type, ...]] = {XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int,
                                                  XSD.float: float, XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date,
                                                  XSD.time: time, XSD.dateTime: datetime}  # fmt: skip
_RANGE_OK: dict[str, Callable[[int], bool]] = {"MinExclusive": lambda c: c > 0, "MinInclusive": lambda c: c >= 0,
                                               "MaxExclusive": lambda c: c < 0, "MaxInclusive": lambda c: c <= 0}  # fmt: skip


# -- what pyshacl decides in Python, offered to both engines as SPARQL functions -------------------
def _datatype_ok(lit: Node) -> bool:
    """pyshacl's test of a literal against its own datatype (rdflib's ``ill_typed``, the value's type)."""
    if not isinstance(lit, Literal) or lit.ill_typed is True:
        return False
    want = _PY_TYPES.get(lit.datatype) if lit.datatype is not None else None
    return want is None or isinstance(lit.value, want)


def _compare_ok(value: Node, bound: Node, name: str) -> bool:
    """pyshacl's ``sh:minExclusive`` … test of ``value`` against ``bound``."""
    if not isinstance(value, Literal) or not isinstance(bound, Literal):
        return False
    if isinstance(value.value, str) != isinstance(bound.value, str):
        return False
    try:
        return _RANGE_OK[name](compare_literal(value, bound))
    except (TypeError, NotImplementedError):
        return False


class _Untranslatable(Exception):
    """Raised while compiling a constraint the compiler leaves to pyshacl."""


def _n3(term: Node) -> str:
    if isinstance(term, URIRef):
        if any(c in str(term) for c in '<>"{}|^`\\ \n'):
            raise _Untranslatable(f"IRI {term!r} cannot be written in SPARQL")
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    raise _Untranslatable(f"a blank node ({term}) cannot be named in SPARQL")


def _sparql_path(g: Graph, p: Node) -> str:
    if isinstance(p, URIRef):
        return _n3(p)
    if isinstance(p, BNode):
        if (p, RDF.first, None) in g:
            return "(" + "/".join(_sparql_path(g, i) for i in g.items(p)) + ")"
        for pred, fmt in ((SH.inversePath, "^({})"), (SH.zeroOrMorePath, "({})*"), (SH.oneOrMorePath, "({})+"),
                          (SH.zeroOrOnePath, "({})?")):  # fmt: skip
            if (inner := g.value(p, pred)) is not None:
                return fmt.format(_sparql_path(g, inner))
        if (alt := g.value(p, SH.alternativePath)) is not None:
            return "(" + "|".join(_sparql_path(g, i) for i in g.items(alt)) + ")"
    raise _Untranslatable(f"unsupported path {p!r}")


_MIDDLE = itertools.count(1)


@dataclass(frozen=True)
class _PathPattern:
    """Triple patterns from a focus to the values of a path; sequence paths spelled out step by
    step (Oxigraph evaluates ``?x (a/b) ?v`` inside ``EXISTS`` far slower than two triples)."""

    steps: tuple[str, ...]

    def __call__(self, x: str, v: str) -> str:
        nodes = [x, *(f"?m{next(_MIDDLE)}" for _ in self.steps[:-1]), v]
        return " ".join(f"{a} {step} {b} ." for step, a, b in zip(self.steps, nodes, nodes[1:], strict=False))

    def exists(self, x: str, v: str, inner: str = "true") -> str:
        """``EXISTS`` a value ``v`` for which ``inner`` holds, one triple pattern per ``EXISTS``:
        Oxigraph plans a group of several as if the focus were unbound (a scan per focus node)."""
        expr = inner
        nodes = [x, *(f"?m{next(_MIDDLE)}" for _ in self.steps[:-1]), v]
        for step, a, b in reversed(list(zip(self.steps, nodes, nodes[1:], strict=False))):
            expr = f"EXISTS {{ {a} {step} {b} . }}" if expr == "true" else f"EXISTS {{ {a} {step} {b} . FILTER({expr}) }}"
        return expr


def _path_of(g: Graph, p: Node) -> _PathPattern:
    if isinstance(p, BNode) and (p, RDF.first, None) in g:
        return _PathPattern(tuple(_sparql_path(g, i) for i in g.items(p)))
    return _PathPattern((_sparql_path(g, p),))


def path_text(shapes: Graph, path: Node | None) -> str | None:
    """A SHACL path as short text: ``cg:hasParty``, ``oa:hasTarget/oa:hasSource``, ``^org:member``.

    Examples
    --------
    >>> from rdflib import Graph, URIRef
    >>> path_text(Graph(), URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
    'rdfs:label'
    """
    if path is None:
        return None
    if isinstance(path, URIRef):
        return shapes.namespace_manager.normalizeUri(path)
    if (path, RDF.first, None) in shapes:
        return "/".join(str(path_text(shapes, i)) for i in shapes.items(path))
    for pred, fmt in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "({})*"), (SH.oneOrMorePath, "({})+"),
                      (SH.zeroOrOnePath, "({})?")):  # fmt: skip
        if (inner := shapes.value(path, pred)) is not None:
            return fmt.format(path_text(shapes, inner))
    if (alt := shapes.value(path, SH.alternativePath)) is not None:
        return "(" + "|".join(str(path_text(shapes, i)) for i in shapes.items(alt)) + ")"
    return str(path)


def _escape(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


@dataclass
class _Piece:
    """One check of a component: ``kind`` "value" (``make(x, v)`` is true when value ``v`` of focus
    ``x`` fails), "focus" (``make(x)`` true when ``x`` fails) or "rows" (``make(x, v, k)`` a pattern)."""

    kind: str
    make: Callable[..., str]
    message: str
    value: str = "value"
    dynamic_path: bool = False


def _closure(shapes: Graph, start: Node, out: Graph, strip: bool = True) -> None:
    """Copy what ``start`` says, recursively, leaving out targets (only roots keep theirs)."""
    todo, seen = [start], set()
    while todo:
        node = todo.pop()
        if node in seen or isinstance(node, Literal):
            continue
        seen.add(node)
        for p, o in shapes.predicate_objects(node):
            if strip and (
                p in TARGETS or (p == RDF.type and (o in (RDFS.Class, OWL.Class) or (o, RDFS.subClassOf, RDFS.Class) in shapes))
            ):
                continue
            out.add((node, p, o))
            todo.append(o)


def fallback_shapes(shapes: Graph, untranslated: Iterable[Untranslated]) -> Graph:
    """A shapes graph for pyshacl holding only the ``untranslated`` constraints: each with the
    targets of its root shape, the ``sh:property`` steps down to its shape, that shape's path,
    severity and messages, the constraint's parameters and all they refer to.

    Examples
    --------
    >>> from collabgraph.checks.shacl_compile import compile_shapes
    >>> shapes = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
    ...     ex:S sh:targetClass ex:C ; sh:class ex:D ;
    ...         sh:sparql [ sh:select "SELECT $this WHERE { $this ex:p ex:q }" ] .''')
    >>> fallback = fallback_shapes(shapes, compile_shapes(shapes).untranslated)
    >>> sorted(p.n3(shapes.namespace_manager) for p in fallback.predicates(URIRef("http://example.org/S")))
    ['sh:sparql', 'sh:targetClass']
    """
    out = Graph()
    for prefix, ns in shapes.namespaces():
        out.bind(prefix, ns)
    for kind in (SH.ConstraintComponent, SH.SPARQLFunction, SH.Function):  # definitions used by name
        for node in shapes.subjects(RDF.type, kind):
            _closure(shapes, node, out, strip=False)
    for u in untranslated:
        for p in (*TARGETS, RDF.type, SH.deactivated):
            for o in shapes.objects(u.root, p):
                out.add((u.root, p, o))
                if p == SH.target:  # a custom target: its own node (the others name classes and properties)
                    _closure(shapes, o, out)
        if u.whole:
            _closure(shapes, u.root, out)
            continue
        parent = u.root
        for step in u.chain:
            out.add((parent, SH.property, step))
            parent = step
        for p in (SH.path, SH.severity, SH.message, SH.deactivated, SH.name):
            for o in shapes.objects(u.shape, p):
                out.add((u.shape, p, o))
                _closure(shapes, o, out)
        for step in u.chain:
            for o in shapes.objects(step, SH.path):
                out.add((step, SH.path, o))
                _closure(shapes, o, out)
        params = _params(shapes, u.component)
        for param, o in shapes.predicate_objects(u.shape):
            if param in params or (u.component == SH.PropertyConstraintComponent and param == SH.property):
                out.add((u.shape, param, o))
                _closure(shapes, o, out)
    return out


def _params(shapes: Graph, component: Node) -> set[Node | None]:
    """The parameters of a constraint component, as pyshacl reads them (a custom one's too)."""
    from pyshacl.constraints import CONSTRAINT_PARAMETERS_MAP

    if (component, RDF.type, SH.ConstraintComponent) in shapes or (component, SH.parameter, None) in shapes:
        return {shapes.value(p, SH.path) for p in shapes.objects(component, SH.parameter)}
    name = str(component).rsplit("#", 1)[-1]
    found = {p for p, cls in CONSTRAINT_PARAMETERS_MAP.items() if cls.constraint_name() == name}
    found |= {SH.flags} if SH.pattern in found else set()
    return found | ({SH.expression} if "Expression" in name else set()) | ({SH.sparql} if "SPARQL" in name else set())


#: Python frames rdflib's SPARQL parser may use for one compiled check. Once matplotlib has drawn
#: text in the process, pyparsing's packrat cache is on for every grammar (matplotlib's mathtext
#: enables it at import), and each nesting level of a query then takes several more frames: the
#: deepest checks no longer parse within Python's default limit of 1,000.
_PARSER_FRAMES = 8_000


@contextmanager
def deep_enough() -> Iterator[None]:
    """Let rdflib parse and evaluate a compiled check with at least :data:`_PARSER_FRAMES` frames."""
    import sys

    before = sys.getrecursionlimit()
    sys.setrecursionlimit(max(before, _PARSER_FRAMES))
    try:
        yield
    finally:
        sys.setrecursionlimit(before)
