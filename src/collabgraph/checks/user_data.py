"""Check a user's own data files in the context of the graph they join, before anything uses them.

A user's file (``--data my.ttl``) is read beside the ontology and the curated data. Three
mistakes in it would otherwise pass silently and change answers: an IRI in a collabgraph
namespace that nothing defines (``cgr:maastricht-univeristy`` becomes a new partner), a date that
is not one (``"2020-13"`` is counted in 2020) and a status, curation status or role outside the
ontology's concepts (``cgs:plannned`` makes a plan count as a tie). :func:`check_user_data`
finds all three and says where, with close matches.

Why hand-written and not SHACL: the checks need the whole dataset as context (an IRI is
defined if anything anywhere types or labels it), close matches (rapidfuzz) and the line in the
user's file, none of which pyshacl reports; and they run on every load with ``data``, so they
must cost a few lookups per IRI of the user's graphs rather than a SHACL run over the merged
graph (seconds). ``collabgraph validate`` still runs the shapes as well.

Line numbers come from a plain text search of the file for the term as written: its prefixed
name under any prefix the file declares, its full ``<IRI>``, or a literal's quoted lexical form.
The first occurrence counts (a comment mentioning the term first would be reported instead), and
a term the search cannot find (RDF/XML, JSON-LD written another way) is reported without a line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import OWL, RDF, RDFS, XSD, BNode, Dataset, Literal, URIRef
from rdflib.namespace import SKOS

from collabgraph.dates import earliest, latest
from collabgraph.errors import DataFileError
from collabgraph.namespaces import CG, CGR, CGS, ORG, PREFIXES, SCHEMA, SRC
from collabgraph.sparql.query import run_for

if TYPE_CHECKING:
    from collabgraph.store.parse import DataFile

__all__ = ["Problem", "check_user_data"]

#: Namespaces whose IRIs must be defined somewhere in the dataset.
CHECKED_NAMESPACES = (str(CGR), str(CGS), str(CG), str(SRC))
#: An IRI is defined where some graph gives it one of these.
_DEFINING = (RDF.type, RDFS.label, SKOS.prefLabel)
_DATE_PROPERTIES = (CG.startDate, CG.endDate, CG.reportedDate, SCHEMA.startDate)
_DATATYPES = {"YYYY": XSD.gYear, "YYYY-MM": XSD.gYearMonth, "YYYY-MM-DD": XSD.date}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_PROPERTY_TYPES = (RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
_CLASS_TYPES = (OWL.Class, RDFS.Class)
_PREFIX_DECLARATION = re.compile(r"(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.I)


@dataclass(frozen=True)
class Problem:
    """One mistake in a user's file: where it is and what is wrong, as one line.

    ``kind`` is ``unknown-iri``, ``bad-date`` or ``unknown-concept``; ``node`` is the offending
    term as written in messages and ``property`` the predicate it was used with.
    """

    file: str
    line: int | None
    kind: str
    node: str
    property: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.message}"

    def error(self, more: int = 0) -> DataFileError:
        """This problem as the :class:`DataFileError` a load raises (``more``: how many follow)."""
        hint = f" (and {more} more: collabgraph validate lists them all)" if more else ""
        return DataFileError(self.file, self.message + hint, line=self.line)


def check_user_data(ds: Dataset, files: Iterable[DataFile]) -> list[Problem]:
    """Check the user's graphs of ``ds`` against the whole dataset; return what is wrong.

    Three checks, on every triple of the graphs that ``files`` were loaded into:

    - an IRI in a collabgraph namespace (``cgr:``, ``cgs:``, ``cg:``, ``src:``) that no graph
      types or labels (``rdf:type``, ``rdfs:label``, ``skos:prefLabel``) is unknown; the message
      offers the closest defined IRIs and labels;
    - a ``cg:startDate``, ``cg:endDate``, ``cg:reportedDate`` or ``schema:startDate`` whose
      lexical form is not a real ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date (``"2020-13"``,
      ``"2020-02-30"``), or whose datatype is not the one its form needs (a plain literal
      passes here; ``collabgraph validate`` asks for the datatype);
    - a ``cg:status`` or ``cg:curationStatus`` outside its concept scheme (``cgs:status``,
      ``cgs:curation``), or an ``org:role`` that is not an ``org:Role``: the message lists the
      allowed values, read from the dataset.

    Each offending term is reported once, at the first line of the file where it appears.
    Nothing is written.

    Parameters
    ----------
    ds : Dataset
        The loaded dataset: ontology, curated data (so references to curated institutions
        pass) and the user's graphs.
    files : iterable of :class:`~collabgraph.loading.load.DataFile`
        The user's files, each with the named graph it was loaded into.

    Returns
    -------
    list of Problem
        In file and line order; empty when the files are fine.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from collabgraph.loading.load import load, user_files
    >>> mine = pathlib.Path(tempfile.mkdtemp()) / "mine.ttl"
    >>> _ = mine.write_text(
    ...     "@prefix cg: <https://w3id.org/collabgraph/ontology#> .\\n"
    ...     "@prefix cgr: <https://w3id.org/collabgraph/id/> .\\n"
    ...     "cgr:ukm cg:hasPartner cgr:maastricht-univeristy .\\n")
    >>> ds = load(sources="seeds", data=[mine], reason=False, check=False)
    >>> for problem in check_user_data(ds, user_files([mine])):
    ...     print(problem.line, problem.message)  # doctest: +ELLIPSIS
    3 unknown IRI cg:hasPartner: ...; did you mean cg:hasPart...?
    3 unknown IRI cgr:maastricht-univeristy: ...; did you mean cgr:maastricht-university ...?
    """
    by_graph: dict[URIRef, list[Path]] = defaultdict(list)
    for f in files:
        by_graph[f.graph].append(Path(f.path))
    allowed = _Allowed(ds)
    candidates: dict = {}  # close-match candidates, per namespace and kind, read once
    found: list[tuple[list[Path], str, str | None, str, str, list[str]]] = []
    for graph, paths in by_graph.items():
        # Each check is one query over the user's graph, run by the store (Oxigraph at scale):
        # Python sees only the distinct values and what is wrong, never every triple.
        checked = run_for(ds, "user_checked_values", [graph])
        for row in checked:
            prop, value = URIRef(row["p"]), row["o"]
            if prop in _DATE_PROPERTIES:
                wrong = _date_problem(row["lexical"], row["datatype"] or None, bool(row["literal"]))
                if wrong:
                    shown = _show_value(row)
                    found.append((paths, "bad-date", _name(prop), shown, f"{_name(prop)} {shown} {wrong}", _value_needles(row)))
            elif not row["literal"]:
                wrong = allowed.problem(prop, URIRef(value))
                if wrong:
                    found.append((paths, "unknown-concept", _name(prop), _name(URIRef(value)), wrong, [value]))
        concepts = {r["o"] for r in checked if not r["literal"]}
        for row in sorted(run_for(ds, "user_undefined_terms", [graph]), key=lambda r: r["term"]):
            term = URIRef(row["term"])
            if row["term"] in concepts:
                continue  # reported above as an unknown concept, with the allowed values
            kind = {1: "predicate", 2: "class", 3: "object"}.get(int(row["rank"]), "subject")
            found.append((paths, "unknown-iri", None, _name(term), _unknown_iri(ds, term, kind, candidates), [str(term)]))
        found.extend(_per_subject(ds, graph, paths))
    problems = []
    for paths, kind, prop_name, node, message, needles in found:
        file, line = _locate(paths, needles)
        problems.append(Problem(str(file), line, kind, node, prop_name, message))
    return sorted(problems, key=lambda q: (q.file, q.line or 0, q.node, q.message))


#: Properties a fact has at most once: a second value would make every command pick one at random.
_FUNCTIONAL = (CG.startDate, CG.endDate, CG.reportedDate, CG.status, CG.curationStatus)


def _per_subject(ds: Dataset, graph: URIRef, paths: list[Path]) -> list[tuple]:
    """A second value of a single-valued property, and an end before the start, per subject."""
    found = []
    values: dict[tuple, list] = defaultdict(list)
    for row in run_for(ds, "user_repeated_values", [graph]):
        values[(row["s"], row["p"])].append(row["o"])
    for (subject, prop), objects in sorted(values.items()):
        shown = ", ".join(
            sorted(_name(URIRef(o)) if o.startswith(("http://", "https://")) else f'"{o}"' for o in map(str, objects))
        )
        found.append(
            (
                paths,
                "duplicate",
                _name(URIRef(prop)),
                _name(URIRef(subject)),
                f"{_name(URIRef(subject))} has {len(objects)} values of {_name(URIRef(prop))} ({shown}); give one",
                [str(o) for o in objects],
            )
        )
    for row in run_for(ds, "user_end_before_start", [graph]):
        start, end = str(row["start"]), str(row["end"])
        if _date_problem(start) is None and _date_problem(end) is None and latest(end) < earliest(start):
            subject = _name(URIRef(row["s"]))
            found.append(
                (
                    paths,
                    "end-before-start",
                    _name(CG.endDate),
                    subject,
                    f"{subject} ends ({end}) before it starts ({start})",
                    [end],
                )
            )
    return found


def _name(term) -> str:
    """A term as messages write it: ``cgr:ukm`` for collabgraph's own prefixes, else ``<IRI>``."""
    text = str(term)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(str(kv[1]))):
        if text.startswith(str(ns)) and re.fullmatch(r"[\w.-]*", text[len(str(ns)) :]):
            return f"{prefix}:{text[len(str(ns)) :]}"
    return f"<{text}>"


def _show(term) -> str:
    if isinstance(term, Literal):
        shown = f'"{term}"'
        return shown + (f"^^{_name(term.datatype)}" if term.datatype not in (None, XSD.string) else "")
    if isinstance(term, BNode):
        return "a blank node"
    return _name(term)


def _date_problem(text: str, datatype: str | None = None, literal: bool = True) -> str | None:
    """What is wrong with a date given by its lexical form and datatype, or None."""
    if not literal:
        return "is not a date: give a literal YYYY, YYYY-MM or YYYY-MM-DD"
    m = _DATE.match(text)
    if not m:
        return "is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"
    year, month, day = (int(g) if g else None for g in m.groups())
    try:
        dt.date(year or 0, month or 1, day or 1)  # the pattern requires the year
    except ValueError as exc:
        return f"is not a real date ({exc}); write YYYY, YYYY-MM or YYYY-MM-DD"
    form = "YYYY-MM-DD" if day else "YYYY-MM" if month else "YYYY"
    if datatype in (None, "", str(XSD.string), str(_DATATYPES[form])):
        return None
    return f'has the wrong datatype for {form}; did you mean "{text}"^^{_name(_DATATYPES[form])}?'


def _show_value(row: dict) -> str:
    """A value of :data:`user_checked_values` as messages write it."""
    if not row["literal"]:
        return _name(URIRef(row["o"]))
    datatype = row["datatype"]
    return f'"{row["lexical"]}"' + (f"^^{_name(URIRef(datatype))}" if datatype and datatype != str(XSD.string) else "")


def _value_needles(row: dict) -> list[str]:
    text = row["lexical"] if row["literal"] else row["o"]
    return [f'"{text}"', f"'{text}'", text] if row["literal"] else [text]


class _Allowed:
    """The values cg:status, cg:curationStatus and org:role accept, read from the dataset."""

    properties = (CG.status, CG.curationStatus, ORG.role)

    def __init__(self, ds: Dataset):
        self.ds = ds
        self.values: dict[URIRef, list[str]] = {}

    def allowed(self, prop: URIRef) -> list[str]:
        if prop not in self.values:
            if prop == ORG.role:
                members = self.ds.subjects(RDF.type, ORG.Role)
            else:
                scheme = CGS.status if prop == CG.status else CGS.curation
                members = self.ds.subjects(SKOS.inScheme, scheme)
            self.values[prop] = sorted({_name(m) for m in members})
        return self.values[prop]

    def problem(self, prop: URIRef, value) -> str | None:
        allowed = self.allowed(prop)
        if _show(value) in allowed:
            return None
        takes = "an org:Role" if prop == ORG.role else "a concept of " + _name(CGS.status if prop == CG.status else CGS.curation)
        close = _closest(_show(value), {a: a for a in allowed}, limit=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        return f"unknown {_name(prop)} {_show(value)}: {_name(prop)} takes {takes}, one of {', '.join(allowed)}{hint}"


def _unknown_iri(ds: Dataset, term: URIRef, kind: str, cache: dict) -> str:
    """The message for an IRI nothing defines, with the closest defined IRIs of its namespace."""
    ns = next(n for n in CHECKED_NAMESPACES if str(term).startswith(n))
    if (ns, kind) not in cache:
        cache[ns, kind] = _candidates(ds, ns, kind)
    candidates, labels = cache[ns, kind]
    close = _closest(str(term)[len(ns) :].replace("-", " "), candidates, limit=3)
    shown = [f'{_name(URIRef(i))} "{labels[i]}"' if i in labels else _name(URIRef(i)) for i in close]
    hint = f"; did you mean {' or '.join(shown)}?" if shown else ""
    return (
        f"unknown IRI {_name(term)}: nothing in the graph or this file defines it "
        f"(a new resource needs an rdf:type and a label){hint}"
    )


def _candidates(ds: Dataset, ns: str, kind: str) -> tuple[dict[str, str], dict[str, str]]:
    """Names (local names, labels) of the defined IRIs of ``ns`` that fit ``kind``, each with its
    IRI; and each IRI's label (English preferred)."""
    wanted: tuple[URIRef, ...] | None
    if kind == "predicate":
        wanted = _PROPERTY_TYPES
    elif kind == "class":
        wanted = _CLASS_TYPES
    else:
        wanted = None
    candidates: dict[str, str] = {}
    labels: dict[str, str] = {}
    for prop in _DEFINING:
        for node, obj in ds.subject_objects(prop):
            if not (isinstance(node, URIRef) and str(node).startswith(ns)):
                continue
            if wanted is not None and not any((node, RDF.type, t) in ds for t in wanted):
                continue
            candidates[str(node)[len(ns) :].replace("-", " ")] = str(node)
            if isinstance(obj, Literal):
                candidates[str(obj)] = str(node)
                if prop != RDF.type and (str(node) not in labels or obj.language == "en"):
                    labels[str(node)] = str(obj)
    return candidates, labels


def _closest(text: str, candidates: dict[str, str], *, limit: int) -> list[str]:
    """Up to ``limit`` distinct values of ``candidates`` whose keys are closest to ``text``: the
    best match and those nearly as close."""
    from rapidfuzz import fuzz, process  # only when something is wrong

    picked: list[str] = []
    matches = process.extract(
        text, list(candidates), scorer=fuzz.WRatio, processor=str.casefold, limit=limit * 5, score_cutoff=80
    )
    for key, score, _ in matches:
        if score >= matches[0][1] - 5 and candidates[key] not in picked:
            picked.append(candidates[key])
    return picked[:limit]


def _locate(paths: list[Path], needles: list[str]) -> tuple[Path, int | None]:
    """The first file and line where a term appears (see the module docstring)."""
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for needle in needles:
            for pattern in _patterns(text, needle):
                m = pattern.search(text)
                if m:
                    return path, text.count("\n", 0, m.start()) + 1
    return paths[0], None


def _patterns(text: str, needle: str) -> list[re.Pattern]:
    """Ways a term can be written: prefixed names under the file's prefixes, then as written."""
    found = []
    if needle.startswith(("http://", "https://", "urn:")):
        for prefix, ns in _PREFIX_DECLARATION.findall(text):
            if ns and needle.startswith(ns):
                pname = re.escape(f"{prefix}:{needle[len(ns) :]}")
                found.append(re.compile(rf"(?<![\w.:-]){pname}(?![\w:-]|\.[\w-])"))
        found.append(re.compile(re.escape(f"<{needle}>")))
        found.append(re.compile(rf"{re.escape(needle)}(?![\w/#.-])"))
    else:
        found.append(re.compile(re.escape(needle)))
    return found
