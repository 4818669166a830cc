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

from .dates import earliest, latest
from .errors import DataFileError
from .namespaces import CG, CGR, CGS, ORG, PREFIXES, SCHEMA, SRC

if TYPE_CHECKING:  # load imports this module, not the other way round
    from .load import DataFile

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
    files : iterable of :class:`~collabgraph.load.DataFile`
        The user's files, each with the named graph it was loaded into.

    Returns
    -------
    list of Problem
        In file and line order; empty when the files are fine.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from collabgraph.load import load, user_files
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
    defined: dict[URIRef, bool] = {}
    candidates: dict = {}  # close-match candidates, per namespace and kind, read once
    found: list[tuple[list[Path], str, str | None, str, str, list[str]]] = []
    for graph, paths in by_graph.items():
        seen: set = set()
        for s, p, o in ds.graph(graph):
            if p in _DATE_PROPERTIES and ("date", o) not in seen:
                seen.add(("date", o))
                wrong = _date_problem(o)
                if wrong:
                    found.append((paths, "bad-date", _name(p), _show(o),
                                  f"{_name(p)} {_show(o)} {wrong}", _literal_needles(o)))
            if p in allowed.properties and ("concept", o) not in seen:
                seen.add(("concept", o))
                seen.add(("iri", o))  # reported here, not again as an unknown IRI
                wrong = allowed.problem(p, o)
                if wrong:
                    found.append((paths, "unknown-concept", _name(p), _show(o), wrong, [str(o)]))
            for position, term in (("subject", s), ("predicate", p), ("object", o)):
                if (isinstance(term, URIRef) and str(term).startswith(CHECKED_NAMESPACES)
                        and ("iri", term) not in seen):
                    seen.add(("iri", term))
                    if term not in defined:
                        defined[term] = any((term, d, None) in ds for d in _DEFINING)
                    if not defined[term]:
                        kind = "class" if p == RDF.type and position == "object" else position
                        found.append((paths, "unknown-iri", _name(p), _name(term),
                                      _unknown_iri(ds, term, kind, candidates),
                                      [str(term)]))
        found.extend(_per_subject(ds.graph(graph), paths))
    problems = []
    for paths, kind, prop, node, message, needles in found:
        file, line = _locate(paths, needles)
        problems.append(Problem(str(file), line, kind, node, prop, message))
    return sorted(problems, key=lambda q: (q.file, q.line or 0))


#: Properties a fact has at most once: a second value would make every command pick one at random.
_FUNCTIONAL = (CG.startDate, CG.endDate, CG.reportedDate, CG.status, CG.curationStatus)


def _per_subject(graph, paths: list[Path]) -> list[tuple]:
    """A second value of a single-valued property, and an end before the start, per subject."""
    found = []
    values: dict[tuple, list] = defaultdict(list)
    for prop in _FUNCTIONAL:
        for s, o in graph.subject_objects(prop):
            values[(s, prop)].append(o)
    for (s, prop), objects in sorted(values.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
        if len(objects) > 1:
            shown = ", ".join(sorted(_show(o) for o in objects))
            found.append((paths, "duplicate", _name(prop), _name(s),
                          f"{_name(s)} has {len(objects)} values of {_name(prop)} ({shown}); give one",
                          [str(o) for o in objects]))
    for s, start in graph.subject_objects(CG.startDate):
        for end in graph.objects(s, CG.endDate):
            if _date_problem(start) is None and _date_problem(end) is None and \
                    latest(str(end)) < earliest(str(start)):
                found.append((paths, "end-before-start", _name(CG.endDate), _name(s),
                              f"{_name(s)} ends ({end}) before it starts ({start})", [str(end)]))
    return found


def _name(term) -> str:
    """A term as messages write it: ``cgr:ukm`` for collabgraph's own prefixes, else ``<IRI>``."""
    text = str(term)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(str(kv[1]))):
        if text.startswith(str(ns)) and re.fullmatch(r"[\w.-]*", text[len(str(ns)):]):
            return f"{prefix}:{text[len(str(ns)):]}"
    return f"<{text}>"


def _show(term) -> str:
    if isinstance(term, Literal):
        shown = f'"{term}"'
        return shown + (f"^^{_name(term.datatype)}" if term.datatype not in (None, XSD.string) else "")
    if isinstance(term, BNode):
        return "a blank node"
    return _name(term)


def _date_problem(value) -> str | None:
    """What is wrong with a date value, or None."""
    if not isinstance(value, Literal):
        return "is not a date: give a literal YYYY, YYYY-MM or YYYY-MM-DD"
    text = str(value)
    m = _DATE.match(text)
    if not m:
        return "is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"
    year, month, day = (int(g) if g else None for g in m.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError as exc:
        return f"is not a real date ({exc}); write YYYY, YYYY-MM or YYYY-MM-DD"
    form = "YYYY-MM-DD" if day else "YYYY-MM" if month else "YYYY"
    if value.datatype in (None, XSD.string, _DATATYPES[form]):
        return None
    return f"has the wrong datatype for {form}; did you mean \"{text}\"^^{_name(_DATATYPES[form])}?"


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
        takes = "an org:Role" if prop == ORG.role else "a concept of " + _name(
            CGS.status if prop == CG.status else CGS.curation)
        close = _closest(_show(value), {a: a for a in allowed}, limit=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        return (f"unknown {_name(prop)} {_show(value)}: {_name(prop)} takes {takes}, one of "
                f"{', '.join(allowed)}{hint}")


def _unknown_iri(ds: Dataset, term: URIRef, kind: str, cache: dict) -> str:
    """The message for an IRI nothing defines, with the closest defined IRIs of its namespace."""
    ns = next(n for n in CHECKED_NAMESPACES if str(term).startswith(n))
    if (ns, kind) not in cache:
        cache[ns, kind] = _candidates(ds, ns, kind)
    candidates, labels = cache[ns, kind]
    close = _closest(str(term)[len(ns):].replace("-", " "), candidates, limit=3)
    shown = [f'{_name(URIRef(i))} "{labels[i]}"' if i in labels else _name(URIRef(i))
             for i in close]
    hint = f"; did you mean {' or '.join(shown)}?" if shown else ""
    return (f"unknown IRI {_name(term)}: nothing in the graph or this file defines it "
            f"(a new resource needs an rdf:type and a label){hint}")


def _candidates(ds: Dataset, ns: str, kind: str) -> tuple[dict[str, str], dict[str, str]]:
    """Names (local names, labels) of the defined IRIs of ``ns`` that fit ``kind``, each with its
    IRI; and each IRI's label (English preferred)."""
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
            candidates[str(node)[len(ns):].replace("-", " ")] = str(node)
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
    matches = process.extract(text, list(candidates), scorer=fuzz.WRatio, processor=str.casefold,
                              limit=limit * 5, score_cutoff=80)
    for key, score, _ in matches:
        if score >= matches[0][1] - 5 and candidates[key] not in picked:
            picked.append(candidates[key])
    return picked[:limit]


def _literal_needles(value) -> list[str]:
    text = str(value)
    return [f'"{text}"', f"'{text}'", text] if isinstance(value, Literal) else [text]


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
                pname = re.escape(f"{prefix}:{needle[len(ns):]}")
                found.append(re.compile(rf"(?<![\w.:-]){pname}(?![\w:-]|\.[\w-])"))
        found.append(re.compile(re.escape(f"<{needle}>")))
        found.append(re.compile(rf"{re.escape(needle)}(?![\w/#.-])"))
    else:
        found.append(re.compile(re.escape(needle)))
    return found
