"""The SHACL core constraint components as SPARQL, for :mod:`collabgraph.checks.shacl_compile`.

Each translator returns one piece per check pyshacl makes of the component (one per
``sh:class`` value, per ``sh:pattern``, per ``sh:or`` list …), each with pyshacl's own default
message. A translator raises ``_Untranslatable`` for what it leaves to pyshacl: malformed
parameters (pyshacl decides how to fail), blank nodes to be named in a query, regular
expressions only Python reads, and the few places pyshacl departs from what SPARQL can say.

Examples
--------
>>> sorted(PIECES)[:3]
['AndConstraintComponent', 'ClassConstraintComponent', 'ClosedConstraintComponent']
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from pyshacl.rdfutil import stringify_node
from rdflib import RDF, RDFS, BNode, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node, _toPythonMapping

from collabgraph.checks.shacl_shapes import (
    _FAST,
    _RANGE,
    COMPARE,
    DATATYPE_OK,
    XSD,
    _escape,
    _n3,
    _path_of,
    _PathPattern,
    _Piece,
    _Untranslatable,
)

if TYPE_CHECKING:
    from collabgraph.checks.shacl_compile import _Compiler

__all__ = ["PIECES"]


_KINDS = {SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
          SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))", SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
          SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))"}  # fmt: skip
_PYTHON_ONLY_REGEX = re.compile(r"\(\?(?:=|!|<=|<!|P)|\\[1-9]")


def _path(c: _Compiler, s: Node) -> _PathPattern:
    path = c.path(s)
    if path is None:
        raise _Untranslatable("a count constraint on a node shape")
    return _path_of(c.g, path)


def _int(value: Node) -> int:
    if not isinstance(value, Literal) or not isinstance(value.value, int) or isinstance(value.value, bool):
        raise _Untranslatable(f"{value!r} is not an integer")
    return value.value


def _class(c: _Compiler, s: Node) -> list[_Piece]:
    classes = list(c.g.objects(s, SH["class"]))
    if len(classes) < 2:
        msg = f"Value does not have class {c.label(classes[0])}"
    else:
        msg = "Value class is not in classes ({})".format(", ".join(c.label(k) for k in classes))
    cls = [_n3(k) for k in classes]

    def make(x: str, v: str, k: str) -> str:
        t = c.var("t")
        return f"NOT EXISTS {{ {v} a {t} . FILTER EXISTS {{ {t} <{RDFS.subClassOf}>* {k} }} }}"

    return [_Piece("value", lambda x, v, k=k: make(x, v, k), msg) for k in cls]


def _datatype(c: _Compiler, s: Node) -> list[_Piece]:
    d = c.one(s, SH.datatype)
    msg = f"Value is not Literal with datatype {c.label(d)}"
    if d == RDFS.Datatype:
        raise _Untranslatable("sh:datatype rdfs:Datatype (rdflib tells plain from xsd:string literals, SPARQL cannot)")
    if d == RDFS.Literal:
        return [_Piece("value", lambda x, v: f"!isLiteral({v})", msg)]
    if d == RDF.langString:
        return [_Piece("value", lambda x, v: f'!(isLiteral({v}) && LANG({v}) != "")', msg)]
    test = ""
    if d in _toPythonMapping and d != XSD.string:  # rdflib may find the literal ill-typed: ask it, as pyshacl does
        test = f" && <{DATATYPE_OK}>({{v}})"
        if isinstance(d, URIRef) and d in _FAST:
            test = f' && (REGEX(STR({{v}}), "{_FAST[d]}") || <{DATATYPE_OK}>({{v}}))'
    dt = _n3(d)
    return [_Piece("value", lambda x, v: f"!(isLiteral({v}) && DATATYPE({v}) = {dt}{test.replace('{v}', v)})", msg)]


def _node_kind(c: _Compiler, s: Node) -> list[_Piece]:
    kind = c.one(s, SH.nodeKind)
    test = _KINDS.get(kind) if isinstance(kind, URIRef) else None
    if test is None:
        raise _Untranslatable(f"unknown node kind {kind}")
    return [_Piece("value", lambda x, v: "!" + test.format(v=v), f"Value is not of Node Kind {c.label(kind)}")]


def _count(c: _Compiler, s: Node, name: str) -> list[_Piece]:
    param = SH.minCount if name == "MinCount" else SH.maxCount
    n, path = _int(c.one(s, param)), _path(c, s)
    where = f"{{focus}}->{c.label(c.path(s))}"  # type: ignore[arg-type]
    if name == "MinCount":
        if n == 0:
            return []
        return [_Piece("focus", lambda x: f"!{c.count_at_least(x, path, n)}", f"Less than {n} values on {where}")]
    return [_Piece("focus", lambda x: c.count_at_least(x, path, n + 1), f"More than {n} values on {where}")]


def _range(c: _Compiler, s: Node, name: str) -> list[_Piece]:
    param = URIRef(str(SH) + name[0].lower() + name[1:])
    bounds = list(c.g.objects(s, param))
    op = _RANGE[name].split()[0]
    if len(bounds) < 2:
        msg = f"Value is not {op} {c.label(bounds[0])}"
    else:
        msg = f"Value is not {op} in ({', '.join(c.label(b) for b in bounds)})"
    if not all(isinstance(b, Literal) for b in bounds):
        raise _Untranslatable(f"a non-literal sh:{param}")
    terms = [_n3(b) for b in bounds]
    return [_Piece("value", lambda x, v, b=b: f'!<{COMPARE}>({v}, {b}, "{name}")', msg) for b in terms]


def _length(c: _Compiler, s: Node, name: str) -> list[_Piece]:
    param = SH.minLength if name == "MinLength" else SH.maxLength
    rule = c.one(s, param)
    n = _int(rule)
    op = ">=" if name == "MinLength" else "<="
    msg = f"String length not {op} {c.label(rule)}"
    if name == "MinLength" and n == 0:
        return []
    cmp = "<" if name == "MinLength" else ">"
    return [_Piece("value", lambda x, v: f"(isBlank({v}) || STRLEN(STR({v})) {cmp} {n})", msg)]


def _pattern(c: _Compiler, s: Node) -> list[_Piece]:
    rules = [r for r in c.g.objects(s, SH.pattern) if isinstance(r, Literal)]
    flags = set(c.g.objects(s, SH.flags))
    if len(flags) > 1 or len(rules) != len(list(c.g.objects(s, SH.pattern))):
        raise _Untranslatable("several sh:flags, or a non-literal sh:pattern")
    flag = "".join(f for f in "im" if flags and f in str(next(iter(flags))).lower())  # the flags pyshacl reads
    texts = [str(r.value) if r.value is not None and len(r.value) > 1 else str(r) for r in rules]
    if any(_PYTHON_ONLY_REGEX.search(t) for t in texts):
        raise _Untranslatable("a regular expression with Python-only syntax (lookaround, backreference)")
    if len(texts) < 2:
        msg = _escape(f"Value does not match pattern '{rules[0].value}'")
    else:
        msg = _escape("Value does not match every pattern in ('{}')".format("', '".join(str(r.value) for r in rules)))
    return [
        _Piece("value", lambda x, v, t=t: f'(isBlank({v}) || !REGEX(STR({v}), {t}, "{flag}"))', msg)
        for t in [Literal(t).n3() for t in texts]
    ]


def _language_in(c: _Compiler, s: Node) -> list[_Piece]:
    lst = c.one(s, SH.languageIn)
    items = [i for i in c.g.items(lst) if isinstance(i, Literal) and isinstance(i.value, str)]
    if len(items) != len(list(c.g.items(lst))):
        raise _Untranslatable("sh:languageIn items must be strings")
    langs = ", ".join(Literal(str(i.value).lower()).n3() for i in items)
    msg = f"String language is not in {c.label(lst)}"

    def make(x: str, v: str) -> str:
        if "*" in {str(i.value) for i in items}:
            ok = "true"
        elif items:
            ok = f'LCASE(LANG({v})) IN ({langs}) || LCASE(STRBEFORE(CONCAT(LANG({v}), "-"), "-")) IN ({langs})'
        else:
            ok = "false"
        return f'!(isLiteral({v}) && LANG({v}) != "" && ({ok}))'

    return [_Piece("value", make, msg)]


def _unique_lang(c: _Compiler, s: Node) -> list[_Piece]:
    flag = c.one(s, SH.uniqueLang)
    if not isinstance(flag, Literal) or flag.value is not True:
        raise _Untranslatable("sh:uniqueLang other than true (pyshacl then fails the shape without a result)")
    path = _path(c, s)

    def rows(x: str, v: str, k: str) -> str:
        a, b = c.var(), c.var()
        same = f'isLiteral({a}) && isLiteral({b}) && LANG({a}) != "" && LCASE(LANG({a})) = LCASE(LANG({b}))'
        return f"{path(x, a)} {path(x, b)} FILTER(!sameTerm({a}, {b}) && {same}) BIND(LCASE(LANG({a})) AS {k})"

    return [_Piece("rows", rows, "More than one String shares the same Language", value="none")]


def _in_values(c: _Compiler, s: Node, x: str, v: str) -> str:
    path = c.path(s)
    return f"sameTerm({x}, {v})" if path is None else _path_of(c.g, path).exists(x, v)


def _pair(c: _Compiler, s: Node, name: str) -> list[_Piece]:
    param = SH.equals if name == "Equals" else SH.disjoint
    others = list(set(c.g.objects(s, param)))
    op = "!=" if name == "Equals" else "=="
    rules = c.label(others[0]) if len(others) == 1 else ", ".join(c.label(o) for o in others)
    msg = f"Value of {{focus}}->{rules} {op} {{value}}"
    pieces = []
    for o in map(_n3, others):
        if name == "Disjoint":
            pieces.append(_Piece("value", lambda x, v, o=o: f"EXISTS {{ {x} {o} {v} }}", msg))
            continue
        pieces.append(
            _Piece("rows", lambda x, v, k, o=o: f"{c.values_of_path(s, x, v)} FILTER NOT EXISTS {{ {x} {o} {v} }}", msg)
        )
        pieces.append(_Piece("rows", lambda x, v, k, o=o: f"{x} {o} {v} . FILTER(!{_in_values(c, s, x, v)})", msg))
    return pieces


def _members(c: _Compiler, lst: Node) -> list[Node]:
    items = list(c.g.items(lst))
    if not items:
        raise _Untranslatable("an empty shape list")
    return items


def _logical(c: _Compiler, s: Node, name: str) -> list[_Piece]:
    param = {"Or": SH["or"], "And": SH["and"], "Xone": SH.xone}[name]
    lists = list(c.g.objects(s, param))
    texts = [" , ".join(c.label(m) for m in c.g.items(lst)) for lst in lists]
    joined = texts[0] if len(texts) < 2 else " and ".join(f"({t})" for t in texts)
    verb = {"Or": "one or more shapes", "And": "all shapes", "Xone": "exactly one shape"}[name]
    msg = f"Node {{value}} must conform to {verb} in {joined}"

    def maker(members: list[Node]) -> Callable[[str, str], str]:
        def make(x: str, v: str) -> str:
            fails = [c.fails(m, v) for m in members]
            if name == "Or":
                return "(" + " && ".join(fails) + ")"
            if name == "And":
                return "(" + " || ".join(fails) + ")"
            return "((" + " + ".join(f"IF({f}, 0, 1)" for f in fails) + ") != 1)"

        return make

    return [_Piece("value", maker(_members(c, lst)), msg) for lst in lists]


def _not(c: _Compiler, s: Node) -> list[_Piece]:
    nots = list(c.g.objects(s, SH["not"]))
    if len(nots) == 1:
        msg = f"Node {{value}} must not conform to shape {c.label(nots[0])}"
    else:
        msg = f"Node {{value}} must not conform to any shapes in {' , '.join(c.label(n) for n in nots)}"
    return [_Piece("value", lambda x, v, n=n: f"!{c.fails(n, v)}", msg) for n in nots]


def _node(c: _Compiler, s: Node) -> list[_Piece]:
    nodes = list(c.g.objects(s, SH.node))
    if any(c.path(n) is not None for n in nodes):
        raise _Untranslatable("sh:node names a property shape")
    if len(nodes) < 2:
        msg = f"Value does not conform to Shape {c.label(nodes[0])}."
    else:
        msg = "Value must conform to every Shape in ('{}').".format("', '".join(c.label(n) for n in nodes))
    msg += " See details for more information."
    return [_Piece("value", lambda x, v, n=n: c.fails(n, v), msg) for n in nodes]


def _closed(c: _Compiler, s: Node) -> list[_Piece]:
    closed = c.one(s, SH.closed)
    if not isinstance(closed, Literal):
        raise _Untranslatable("sh:closed must be a boolean")
    if c.path(s) is not None:
        raise _Untranslatable("sh:closed on a property shape")
    if not closed.value:
        return []
    allowed: set[Node | None] = {i for lst in c.g.objects(s, SH.ignoredProperties) for i in c.g.items(lst)}
    allowed |= {c.g.value(p, SH.path) for p in c.g.objects(s, SH.property)}
    names = sorted(_n3(p) for p in allowed if isinstance(p, URIRef))
    keep = f"FILTER({{k}} NOT IN ({', '.join(names)}))" if names else ""
    rdf_type, resource = _n3(RDF.type), _n3(RDFS.Resource)

    def rows(x: str, v: str, k: str) -> str:
        return f"{x} {k} {v} . {keep.format(k=k)} FILTER(!(sameTerm({k}, {rdf_type}) && sameTerm({v}, {resource})))"

    return [_Piece("rows", rows, "Node {focus} is closed. It cannot have value: {value}", dynamic_path=True)]


def _has_value(c: _Compiler, s: Node) -> list[_Piece]:
    values = set(c.g.objects(s, SH.hasValue))
    the_set = _escape(str([stringify_node(c.g, h) for h in values]))
    path = c.path(s)
    if path is None:
        msg = f"Node {{focus}} value is not a in the set of values: {the_set}"
        return [_Piece("focus", lambda x, h=h: f"!sameTerm({x}, {h})", msg) for h in map(_n3, values)]
    sparql_path = _path_of(c.g, path)
    msg = f"Node {{focus}}->{c.label(path)} does not contain a value in the set: {the_set}"
    return [_Piece("focus", lambda x, h=h: f"!{sparql_path.exists(x, h)}", msg) for h in map(_n3, values)]


def _in(c: _Compiler, s: Node) -> list[_Piece]:
    lst = c.one(s, SH["in"])
    values: set[Node] = set()
    for item in c.g.items(lst):
        values.add(item)
    if any(isinstance(v, BNode) for v in values):
        raise _Untranslatable("sh:in with a blank node")
    listed = _escape(str([stringify_node(c.g, v) for v in values]))
    terms = [_n3(v) for v in values]
    return [
        _Piece(
            "value",
            lambda x, v: "!(" + " || ".join(f"sameTerm({v}, {t})" for t in terms) + ")" if terms else "true",
            f"Value {{value}} not in list {listed}",
        )  # fmt: skip
    ]


PIECES: dict[str, Callable[[_Compiler, Node], list[_Piece]]] = {
    "ClassConstraintComponent": _class,
    "DatatypeConstraintComponent": _datatype,
    "NodeKindConstraintComponent": _node_kind,
    "MinCountConstraintComponent": lambda c, s: _count(c, s, "MinCount"),
    "MaxCountConstraintComponent": lambda c, s: _count(c, s, "MaxCount"),
    **{f"{n}ConstraintComponent": partial(_range, name=n) for n in _RANGE},
    "MinLengthConstraintComponent": lambda c, s: _length(c, s, "MinLength"),
    "MaxLengthConstraintComponent": lambda c, s: _length(c, s, "MaxLength"),
    "PatternConstraintComponent": _pattern,
    "LanguageInConstraintComponent": _language_in,
    "UniqueLangConstraintComponent": _unique_lang,
    "EqualsConstraintComponent": lambda c, s: _pair(c, s, "Equals"),
    "DisjointConstraintComponent": lambda c, s: _pair(c, s, "Disjoint"),
    **{f"{n}ConstraintComponent": partial(_logical, name=n) for n in ("Or", "And", "Xone")},
    "NotConstraintComponent": _not,
    "NodeConstraintComponent": _node,
    "ClosedConstraintComponent": _closed,
    "HasValueConstraintComponent": _has_value,
    "InConstraintComponent": _in,
}
