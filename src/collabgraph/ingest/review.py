"""The review file: what ingest proposes, as YAML a curator edits in any editor, and read back.

:func:`write_review` writes one YAML document: a header comment that says how to review, then
per source its file name, path, SHA-256, URL, title, language and published date, and one block
per candidate fact (``accept``, ``kind``, ``status``, dates, ``parties``, ``gloss``, the quote as
a literal block scalar, its offsets, ``confidence`` and ``reasons``). :func:`read_review` reads it
back, checks every value and says where (file and line) anything is wrong.

What is hand-written, and why:

- **The layout** is a template: each ``key: value`` entry is emitted by PyYAML on its own (so
  every scalar is escaped by PyYAML's emitter, never by hand) and the entries are laid out and
  indented here, because the file carries comments a curator needs beside the fields (how to
  review, which quote still needs an English gloss), which ``yaml.safe_dump`` of plain data
  cannot write. Strings that hold a line break other than in a quote, or any character YAML
  would fold or normalise (CR, NEL, LS, PS), are written double-quoted with escapes; a quote is
  a literal block (``|-``) where YAML keeps it exactly, double-quoted otherwise. So
  write→read gives back every string exactly.
- **Reading** uses PyYAML's compose API (``yaml.compose``), not ``safe_load``: the nodes carry
  line numbers for every message, and each scalar is read by the type its field has. That
  keeps ``name: NO`` (Norway) a string and ``date: 2023-07-01`` the text ``2023-07-01``, where
  YAML 1.1 resolution would give ``False`` and a ``datetime.date``.
- **Curator edits** are detected with a ``proposed`` fingerprint written in each block: a short
  hash per editable field (kind, status, role, dates, parties) of the values ingest proposed.
  Read back, the fields whose hash differs are the curator's edits (``edited_fields``). Adding a
  gloss or setting ``accept`` is reviewing, not editing the fact.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rdflib import RDF, RDFS, Dataset, Graph, URIRef
from rdflib.namespace import SKOS

from collabgraph.dates import earliest, latest, parse_partial_date
from collabgraph.errors import BadDate, CollabgraphError, ReviewError
from collabgraph.files.atomic import atomic_write_text, refuse_inputs
from collabgraph.ingest.model import KINDS, ROLES, STATUSES, Candidate, Party, Reading
from collabgraph.namespaces import CG, ORG
from collabgraph.resources import ontology_dir

__all__ = [
    "ReviewedCandidate",
    "write_review",
    "read_review",
    "review_text",
    "organisation_types",
    "post_roles",
    "default_type",
    "fingerprint",
    "propose_accept",
    "FORMAT_VERSION",
    "EDITABLE_FIELDS",
]

#: The version of the review file layout, written as ``collabgraph_review``.
FORMAT_VERSION = 1
#: The fields whose change by a curator makes a candidate ``edited`` (in fingerprint order).
EDITABLE_FIELDS = ("kind", "status", "role", "date", "end_date", "parties")
#: ``accept: yes`` is proposed from this confidence up (and only when every party is settled).
ACCEPT_CONFIDENCE = 0.6

_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_TRUE = {"yes", "y", "true", "on"}
_FALSE = {"no", "n", "false", "off"}
_NULLS = {"", "~", "null", "Null", "NULL"}


@dataclass
class ReviewedCandidate:
    """A candidate as the curator left it: the fact, whether to accept it, and whether they edited it.

    ``edited_fields`` names the fields the curator changed (of :data:`EDITABLE_FIELDS`; all of
    them when the ``proposed`` fingerprint was removed, since then nothing can be told);
    ``lines`` maps each field (``"gloss"``, ``"parties.0"``…) to its line in the review file.

    Examples
    --------
    >>> c = Candidate(id="c-1", kind="Collaboration", status="reported", quote="q", start=0, end=1)
    >>> ReviewedCandidate(c, accept=True, edited=False).accept
    True
    """

    candidate: Candidate
    accept: bool
    edited: bool
    edited_fields: tuple[str, ...] = ()
    line: int | None = None
    lines: dict[str, int] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# Vocabulary read from the ontology
# ---------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _ontology() -> Graph:
    graph = Graph()
    graph.parse(ontology_dir() / "collabgraph.ttl", format="turtle")
    return graph


@functools.lru_cache(maxsize=1)
def organisation_types() -> tuple[str, ...]:
    """The classes a new party can be given (``type``): the ontology's organisation classes and ``Person``.

    Examples
    --------
    >>> types = organisation_types()
    >>> "University" in types and "Alliance" in types and "Person" in types
    True
    """
    graph = _ontology()
    found = {
        str(c)[len(str(CG)) :]
        for c in graph.transitive_subjects(RDFS.subClassOf, ORG.Organization)
        if isinstance(c, URIRef) and str(c).startswith(str(CG))
    }
    found.discard("UnresolvedOrganization")  # for names the curation could not resolve, not new parties
    return tuple(sorted(found)) + ("Person",)


@functools.lru_cache(maxsize=1)
def post_roles() -> dict[str, str]:
    """The roles of memberships and posts: every name of each ``org:Role`` (local name and labels,
    casefolded) mapped to its local name.

    Examples
    --------
    >>> roles = post_roles()
    >>> roles["head"], roles["leiter"], roles["partner"]
    ('Head', 'Head', 'Partner')
    """
    graph = _ontology()
    names: dict[str, str] = {}
    for role in sorted(graph.subjects(RDF.type, ORG.Role)):
        if not str(role).startswith(str(CG)):
            continue
        local = str(role)[len(str(CG)) :]
        names[local.casefold()] = local
        for label in graph.objects(role, RDFS.label):
            names.setdefault(str(label).casefold(), local)
    return names


def default_type(role: str) -> str:
    """The class a new party gets unless the curator says otherwise.

    Examples
    --------
    >>> default_type("alliance"), default_type("person"), default_type("party")
    ('Alliance', 'Person', 'Institution')
    """
    return {"alliance": "Alliance", "person": "Person"}.get(role, "Institution")


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def _editable(c: Candidate) -> dict:
    role = post_roles().get(c.role.strip().casefold(), c.role) if c.role else None
    return {
        "kind": c.kind,
        "status": c.status,
        "role": role,
        "date": c.date,
        "end_date": c.end_date,
        "parties": [
            [p.name, p.iri, p.label, bool(p.new), p.role, (p.type or default_type(p.role)) if p.new else None] for p in c.parties
        ],
    }


def fingerprint(candidate: Candidate) -> str:
    """A short hash of each editable field, joined by ``-``: what ``proposed`` records.

    Examples
    --------
    >>> c = Candidate(id="c-1", kind="Collaboration", status="reported", quote="q", start=0, end=1)
    >>> len(fingerprint(c).split("-")) == len(EDITABLE_FIELDS)
    True
    """
    values = _editable(candidate)
    return "-".join(hashlib.sha256(json.dumps(values[f], ensure_ascii=False).encode()).hexdigest()[:6] for f in EDITABLE_FIELDS)


def propose_accept(candidate: Candidate) -> bool:
    """Whether the review proposes ``accept: yes``: confidence of at least 0.6, and every party
    either reconciled (an ``iri``) or proposed as new.

    Examples
    --------
    >>> c = Candidate(id="c-1", kind="Collaboration", status="reported", quote="q", start=0, end=1,
    ...               confidence=0.8, parties=[Party("A", iri="https://w3id.org/collabgraph/id/a"), Party("B", new=True)])
    >>> propose_accept(c)
    True
    >>> c.parties.append(Party("C"))  # neither reconciled nor new
    >>> propose_accept(c)
    False
    """
    return candidate.confidence >= ACCEPT_CONFIDENCE and all(p.iri or p.new for p in candidate.parties)


class _Block(str):
    """A string written as a literal block scalar where YAML keeps it exactly."""


class _Flag:
    """A boolean written ``yes``/``no``."""

    def __init__(self, value: bool):
        self.value = bool(value)


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # never anchors: every value is written where it belongs
        return True


#: Characters YAML normalises in plain, single-quoted and block scalars: written escaped instead.
_FRAGILE = frozenset("\n\r\x85\u2028\u2029")


def _represent_str(dumper: yaml.SafeDumper, data: str):
    style = '"' if any(ch in _FRAGILE for ch in data) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style=style)


def _represent_block(dumper: yaml.SafeDumper, data: str):
    text = str(data)
    block = text and not text.endswith("\n") and not any(ch in "\r\x85\u2028\u2029" for ch in text)
    # PyYAML itself falls back to double quotes where a block cannot hold the text exactly
    # (trailing spaces, a line of only spaces, control characters).
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if block else '"')


def _represent_flag(dumper: yaml.SafeDumper, data: _Flag):
    return dumper.represent_scalar("tag:yaml.org,2002:bool", "yes" if data.value else "no")


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Block, _represent_block)
_Dumper.add_representer(_Flag, _represent_flag)


def _entry(key: str, value) -> list[str]:
    """``key: value`` as YAML lines (PyYAML escapes the value), unindented."""
    text = yaml.dump(
        {key: value}, Dumper=_Dumper, allow_unicode=True, width=float("inf"), sort_keys=False, default_flow_style=False
    )
    if text.endswith("\n...\n"):  # a document end marker: never inside a longer document
        text = text[:-4]
    return text.rstrip("\n").split("\n")


def _item(entries: list[tuple[str, object] | str], indent: int) -> list[str]:
    """A sequence item of a block mapping: ``- first: …`` then the others, indented; a plain
    string among ``entries`` is a comment line."""
    lines: list[str] = []
    pad = " " * indent
    first = True
    for entry in entries:
        if isinstance(entry, str):
            lines.append(f"{pad}  # {entry}" if entry else f"{pad}  #")
            continue
        for i, line in enumerate(_entry(*entry)):
            prefix = f"{pad}- " if first and i == 0 else f"{pad}  "
            lines.append(prefix + line)
        first = False
    return lines


def _wrapped(first: str, text: str) -> list[str]:
    lines = textwrap.wrap(text, width=96 - len(first), break_on_hyphens=False)
    return [first + lines[0]] + ["#" + " " * (len(first) - 1) + line for line in lines[1:]]


def _header(readings: list[Reading]) -> list[str]:
    types = ", ".join(t for t in organisation_types())
    roles = ", ".join(sorted(set(post_roles().values())))
    return [
        "# collabgraph review file: candidate facts that `collabgraph ingest` read in the sources below.",
        "# Nothing here is in the graph yet. Review each candidate against its quote, then run",
        "#     collabgraph accept THIS-FILE --into DIR",
        "# which checks everything and writes the accepted facts as Turtle, one file per source.",
        "#",
        "# How to review a candidate:",
        "#   accept     yes to add it to the graph, no to leave it out. `yes` is proposed when",
        "#              confidence is at least 0.6 and every party is known or proposed as new.",
        *_wrapped("#   kind       ", " | ".join(KINDS)),
        "#   status     " + " | ".join(STATUSES),
        "#   date, end_date",
        "#              YYYY, YYYY-MM or YYYY-MM-DD, only as precise as the text says; empty",
        "#              (null) when the text gives no date. A signing date is the date.",
        *_wrapped("#   role       ", "for a Membership or a Post: " + roles),
        "#   parties    each party: `name` as written in the text; `iri` of an institution the",
        "#              graph knows (then `new: no`), or `new: yes` with a `type` for one it does",
        "#              not know yet (`label` is then its name in the graph). A party's `role`:",
        "#              " + ", ".join(ROLES) + ".",
        "#              (agreements: party; Membership: member + alliance; Grant: funder +",
        "#              recipient; Post: person + organisation)",
        *_wrapped("#              ", "types: " + types),
        "#   gloss      an English gloss of the quote: REQUIRED when the quote is not in English",
        "#              (accept refuses the candidate without one). Write what the quote says;",
        "#              put it in quotes ('...' or \"...\") when it contains ': ' or ' #'.",
        "#   quote, start, end, id, proposed",
        "#              DO NOT EDIT: accept checks the quote against the source, and `proposed`",
        "#              tells which fields you changed (recorded as curation status `edited`).",
        "# At source level, `language` and `published` (YYYY[-MM[-DD]]) may be corrected too.",
        f"# {len(readings)} source(s), {sum(len(r.candidates) for r in readings)} candidate(s).",
    ]


def _is_english(language: str | None) -> bool:
    return bool(language) and language.split("-")[0].casefold() == "en"


def _candidate_lines(c: Candidate, language: str | None, number: int, total: int) -> list[str]:
    parties = []
    for p in c.parties:
        entry: dict = {"name": p.name, "iri": p.iri, "label": p.label, "new": _Flag(p.new), "role": p.role}
        if p.new or p.type is not None:
            entry["type"] = p.type if p.type is not None else default_type(p.role)
        for key in ("score", "start", "end"):
            if getattr(p, key) is not None:
                entry[key] = getattr(p, key)
        parties.append(entry)
    gloss_note = (
        [f"GIVE AN ENGLISH GLOSS: the quote is in {language or 'an unknown language'}; accept refuses it without one"]
        if not _is_english(language) and not c.gloss
        else []
    )
    entries: list = [
        ("id", c.id),
        ("accept", _Flag(propose_accept(c))),
        ("kind", c.kind),
        ("status", c.status),
        ("role", c.role),
        *([("role_text", c.role_text)] if c.role_text else []),
        ("date", c.date),
        ("end_date", c.end_date),
        ("parties", parties),
        *gloss_note,
        ("gloss", c.gloss),
        "the quote, verbatim from the source: do not edit",
        ("quote", _Block(c.quote)),
        ("start", c.start),
        ("end", c.end),
        ("confidence", c.confidence),
        ("reasons", list(c.reasons)),
        ("date_text", c.date_text),
        ("date_basis", c.date_basis),
        ("proposed", fingerprint(c)),
    ]
    return [f"    # ---- candidate {number} of {total}: {c.kind}, {c.status}, confidence {c.confidence:g}", *_item(entries, 4)]


def _one_line(text: str) -> str:
    """``text`` for a comment line: no line breaks or other control characters."""
    return "".join(ch if ch.isprintable() else " " for ch in text)


def _existing_files(paths) -> list[Path]:
    found = []
    for given in paths:
        try:
            if given and Path(given).is_file():
                found.append(Path(given))
        except (OSError, ValueError):  # a name too long, or with a NUL: not a file this could replace
            continue
    return found


def _source_lines(r: Reading) -> list[str]:
    entries: list = [
        ("source", r.source),
        ("path", r.path),
        ("sha256", r.sha256),
        ("url", r.url),
        ("title", r.title),
        ("language", r.language),
        ("published", r.published),
        ("published_basis", r.published_basis),
    ]
    lines = ["", f"# ======== {_one_line(r.source)}", *_item(entries, 0)]
    if not r.candidates:
        lines.append("  candidates: []")
        return lines
    lines.append("  candidates:")
    for number, c in enumerate(r.candidates, 1):
        lines += _candidate_lines(c, r.language, number, len(r.candidates))
    return lines


def review_text(readings: list[Reading]) -> str:
    """The review file's text for ``readings`` (what :func:`write_review` writes).

    Examples
    --------
    >>> r = Reading(source="page.txt", text="", language="en")
    >>> print("\\n".join(review_text([r]).splitlines()[-13:-8]))
    collabgraph_review: 1
    sources:
    <BLANKLINE>
    # ======== page.txt
    - source: page.txt
    """
    lines = _header(readings) + ["", f"collabgraph_review: {FORMAT_VERSION}", "sources:"]
    if not readings:
        lines[-1] = "sources: []"
    for r in readings:
        lines += _source_lines(r)
    return "\n".join(lines) + "\n"


def write_review(readings: list[Reading], path: Path | str, *, overwrite: bool = False) -> Path:
    """Write the review file for ``readings`` to ``path``, atomically.

    Parameters
    ----------
    readings : list of Reading
        What ingest read, each with its candidates.
    path : Path or str
        The YAML file to write.
    overwrite : bool
        Replace ``path`` if it exists (still atomically). Without it an existing file, which may
        hold a curator's edits, is never touched.

    Returns
    -------
    Path
        ``path``.

    Notes
    -----
    A new party without a ``type`` is written with the type it would get anyway
    (:func:`default_type`), so the curator sees it; everything else reads back exactly as
    written (:func:`read_review`), except the reading's ``text``, which the review does not hold.

    Raises
    ------
    CollabgraphError
        ``path`` exists and ``overwrite`` is False, or ``path`` is one of the sources read.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> c = Candidate(id="c-1", kind="MemorandumOfUnderstanding", status="signed", quote="Ein MoU: «A» und B.",
    ...               start=0, end=19, date="2024-07", confidence=0.9,
    ...               parties=[Party("A", iri="https://w3id.org/collabgraph/id/ukm"), Party("B", new=True)])
    >>> r = Reading(source="page.txt", text="Ein MoU: «A» und B.", language="de", candidates=[c])
    >>> out = write_review([r], pathlib.Path(tempfile.mkdtemp()) / "review.yaml")
    >>> print(out.read_text().split("candidates:")[1])  # doctest: +ELLIPSIS
    <BLANKLINE>
        # ---- candidate 1 of 1: MemorandumOfUnderstanding, signed, confidence 0.9
        - id: c-1
          accept: yes
          kind: MemorandumOfUnderstanding
          status: signed
          role: null
          date: 2024-07
          end_date: null
          parties:
          - name: A
            iri: https://w3id.org/collabgraph/id/ukm
            label: null
            new: no
            role: party
          - name: B
            iri: null
            label: null
            new: yes
            role: party
            type: Institution
          # GIVE AN ENGLISH GLOSS: the quote is in de; accept refuses it without one
          gloss: null
          # the quote, verbatim from the source: do not edit
          quote: |-
            Ein MoU: «A» und B.
          start: 0
          ...
    >>> write_review([r], out)
    Traceback (most recent call last):
    ...
    collabgraph.errors.CollabgraphError: .../review.yaml exists: refusing to overwrite a review file ...; pass --overwrite...
    """
    path = Path(path)
    refuse_inputs(path, _existing_files(r.path for r in readings))
    if path.exists() and not overwrite:
        raise CollabgraphError(
            f"{path} exists: refusing to overwrite a review file (it may hold your edits); "
            "pass --overwrite, or overwrite=True in Python"
        )
    return atomic_write_text(path, review_text(readings))


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


@dataclass
class _Source:
    reading: Reading
    reviewed: list[ReviewedCandidate]
    line: int
    lines: dict[str, int]


class _Reader:
    """Walks the composed YAML nodes, converting each field by its type and collecting problems."""

    def __init__(self, path: Path, graph: Dataset | Graph | None):
        self.path = path
        self.graph = graph
        self.problems: list[tuple[int | None, str]] = []
        self.known: dict[str, bool] = {}

    def problem(self, node, message: str) -> None:
        self.problems.append((_line(node) if node is not None else None, message))

    # -- node helpers ------------------------------------------------------------------------

    def mapping(self, node, what: str, keys: tuple[str, ...], required: tuple[str, ...] = ()) -> dict:
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{what} should be a mapping of `key: value` lines")
            return {}
        found: dict = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key not in keys:
                close = difflib.get_close_matches(str(key), keys, n=3, cutoff=0.6)
                hint = f"; did you mean: {', '.join(close)}?" if close else f" (known: {', '.join(keys)})"
                self.problem(key_node, f"unknown key {key!r} in {what}{hint}")
                continue
            if key in found:
                self.problem(key_node, f"{key!r} given twice in {what}")
                continue
            found[key] = value_node
        for key in required:
            if key not in found:
                self.problem(node, f"{what} has no `{key}`")
        return found

    def scalar(self, node, key: str) -> str | None:
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, f"`{key}` should be a single value, not a list or mapping")
            return None
        if node.style is None and node.value in _NULLS:
            return None
        return node.value

    def text(self, node, key: str, *, required: bool = False) -> str | None:
        value = self.scalar(node, key)
        if required and (value is None or not value.strip()):
            self.problem(node, f"`{key}` is empty")
        return value

    def flag(self, node, key: str, default: bool | None = None) -> bool | None:
        value = self.scalar(node, key)
        if value is None:
            if default is None:
                self.problem(node, f"`{key}` must be yes or no")
            return default
        if value.casefold() in _TRUE:
            return True
        if value.casefold() in _FALSE:
            return False
        self.problem(node, f"`{key}` must be yes or no, not {value!r}")
        return default

    def integer(self, node, key: str) -> int | None:
        value = self.scalar(node, key)
        if value is None:
            self.problem(node, f"`{key}` must be a whole number")
            return None
        try:
            return int(value, 10)
        except ValueError:
            self.problem(node, f"`{key}` must be a whole number, not {value!r}")
            return None

    def number(self, node, key: str) -> float | None:
        value = self.scalar(node, key)
        if value is None:
            return None
        try:
            return float(value)
        except ValueError:
            self.problem(node, f"`{key}` must be a number, not {value!r}")
            return None

    def texts(self, node, key: str) -> list[str]:
        if node is None:
            return []
        if isinstance(node, yaml.ScalarNode) and node.style is None and node.value in _NULLS:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"`{key}` should be a list (lines starting with '- ')")
            return []
        return [v for item in node.value if (v := self.text(item, key)) is not None]

    def choice(self, node, key: str, allowed: tuple[str, ...], *, required: bool = True) -> str | None:
        if node is not None and not isinstance(node, yaml.ScalarNode):
            return self.scalar(node, key)  # says it should be a single value
        value = self.scalar(node, key)
        if value is None:
            if required:
                self.problem(node, f"`{key}` is empty; choose one of: {', '.join(allowed)}")
            return None
        by_fold = {a.casefold(): a for a in allowed}
        if value.strip().casefold() in by_fold:
            return by_fold[value.strip().casefold()]
        close = difflib.get_close_matches(value.strip().casefold(), list(by_fold), n=3, cutoff=0.6)
        hint = f"; did you mean: {', '.join(by_fold[c] for c in close)}?" if close else f"; choose one of: {', '.join(allowed)}"
        self.problem(node, f"unknown {key} {value!r}{hint}")
        return None

    def date(self, node, key: str) -> str | None:
        value = self.scalar(node, key)
        if value is None:
            return None
        try:
            return parse_partial_date(value)
        except BadDate as exc:
            self.problem(node, f"`{key}`: {exc}")
            return None

    # -- structure ---------------------------------------------------------------------------

    def document(self, root) -> list[_Source]:
        if root is None:
            self.problems.append((1, "the review file is empty"))
            return []
        top = self.mapping(root, "the review file", ("collabgraph_review", "sources"), ("sources",))
        version = self.scalar(top.get("collabgraph_review"), "collabgraph_review")
        if version is not None and version != str(FORMAT_VERSION):
            self.problem(
                top["collabgraph_review"], f"review format {version!r} is not one this collabgraph reads ({FORMAT_VERSION})"
            )
        sources_node = top.get("sources")
        if sources_node is None:
            return []
        if isinstance(sources_node, yaml.ScalarNode) and sources_node.value in _NULLS:
            return []
        if not isinstance(sources_node, yaml.SequenceNode):
            self.problem(sources_node, "`sources` should be a list of sources")
            return []
        out = [self.source(node) for node in sources_node.value]
        seen: dict[str, int] = {}
        for s in out:
            for rc in s.reviewed:
                if rc.candidate.id in seen:
                    self.problems.append(
                        (
                            rc.lines.get("id"),
                            f"candidate id {rc.candidate.id!r} given twice (first on line {seen[rc.candidate.id]})",
                        )
                    )
                else:
                    seen[rc.candidate.id] = rc.lines.get("id")
        return out

    def source(self, node) -> _Source:
        keys = ("source", "path", "sha256", "url", "title", "language", "published", "published_basis", "candidates")
        m = self.mapping(node, "a source", keys, ("source",))
        lines = {k: _line(v) for k, v in m.items()}
        language = self.text(m.get("language"), "language")
        if language is not None and not _LANGUAGE.match(language):
            self.problem(m["language"], f"`language` {language!r} is not a language code (de, nl, en, fr…)")
        url = self.text(m.get("url"), "url")
        if url is not None and not _URL.match(url):
            self.problem(m["url"], f"`url` {url!r} is not an http(s) URL")
        sha = self.text(m.get("sha256"), "sha256")
        if sha is not None and not re.fullmatch(r"[0-9a-fA-F]{64}", sha):
            self.problem(m["sha256"], "`sha256` is not a SHA-256 digest (64 hex digits): do not edit it")
        reading = Reading(
            source=self.text(m.get("source"), "source", required="source" in m) or "",
            text="",
            language=language,
            published=self.date(m.get("published"), "published"),
            published_basis=self.text(m.get("published_basis"), "published_basis"),
            path=self.text(m.get("path"), "path"),
            sha256=sha,
            url=url,
            title=self.text(m.get("title"), "title"),
        )
        reviewed = []
        cands = m.get("candidates")
        if cands is not None and not (isinstance(cands, yaml.ScalarNode) and cands.value in _NULLS):
            if not isinstance(cands, yaml.SequenceNode):
                self.problem(cands, "`candidates` should be a list of candidates")
            else:
                reviewed = [rc for c in cands.value if (rc := self.candidate(c)) is not None]
        reading.candidates = [rc.candidate for rc in reviewed]
        news: dict[str, Party] = {}
        for c in reading.candidates:
            for p in c.parties:
                if p.new:
                    news.setdefault(p.label or p.name, p)
        reading.new_institutions = list(news.values())
        return _Source(reading, reviewed, _line(node), lines)

    def candidate(self, node) -> ReviewedCandidate | None:
        keys = (
            "id",
            "accept",
            "kind",
            "status",
            "role",
            "role_text",
            "date",
            "end_date",
            "parties",
            "gloss",
            "quote",
            "start",
            "end",
            "confidence",
            "reasons",
            "date_text",
            "date_basis",
            "proposed",
        )
        before = len(self.problems)
        m = self.mapping(node, "a candidate", keys, ("id", "accept", "kind", "status", "quote", "start", "end"))
        lines = {k: _line(v) for k, v in m.items()}
        cid = self.text(m.get("id"), "id", required="id" in m)
        accept = self.flag(m["accept"], "accept", default=False) if "accept" in m else False
        kind = self.choice(m.get("kind"), "kind", KINDS) if "kind" in m else None
        status = self.choice(m.get("status"), "status", STATUSES) if "status" in m else None
        role = self.text(m.get("role"), "role")
        if role is not None and role.strip().casefold() not in post_roles():
            close = difflib.get_close_matches(role.casefold(), list(post_roles()), n=3, cutoff=0.6)
            names = sorted({post_roles()[c] for c in close})
            hint = (
                f"; did you mean: {', '.join(names)}?"
                if names
                else f"; choose one of: {', '.join(sorted(set(post_roles().values())))}"
            )
            self.problem(m["role"], f"unknown role {role!r}{hint}")
        date = self.date(m.get("date"), "date")
        end_date = self.date(m.get("end_date"), "end_date")
        if date and end_date and latest(end_date) < earliest(date):
            self.problem(m["end_date"], f"`end_date` {end_date} is before `date` {date}")
        parties = self.parties(m.get("parties"))
        for i, pn in enumerate(m["parties"].value if isinstance(m.get("parties"), yaml.SequenceNode) else []):
            lines[f"parties.{i}"] = _line(pn)
        quote = self.text(m.get("quote"), "quote", required="quote" in m)
        start = self.integer(m["start"], "start") if "start" in m else None
        end = self.integer(m["end"], "end") if "end" in m else None
        if start is not None and end is not None and not 0 <= start <= end:
            self.problem(m["end"], f"`start` {start} and `end` {end} are not offsets of a quote: do not edit them")
        confidence = self.number(m.get("confidence"), "confidence")
        proposed = self.text(m.get("proposed"), "proposed")
        if len(self.problems) > before or None in (cid, kind, status, quote, start, end):
            return None
        candidate = Candidate(
            id=cid,
            kind=kind,
            status=status,
            quote=quote,
            start=start,
            end=end,
            date=date,
            end_date=end_date,
            date_text=self.text(m.get("date_text"), "date_text"),
            date_basis=self.text(m.get("date_basis"), "date_basis"),
            parties=parties,
            confidence=0.5 if confidence is None else confidence,
            reasons=self.texts(m.get("reasons"), "reasons"),
            role=role,
            role_text=self.text(m.get("role_text"), "role_text"),
            gloss=self.text(m.get("gloss"), "gloss"),
        )
        if candidate.gloss is not None and not candidate.gloss.strip():
            candidate.gloss = None
        if proposed is None:
            changed = EDITABLE_FIELDS  # the fingerprint is gone: nothing can be told, count all as edited
        else:
            theirs, ours = proposed.split("-"), fingerprint(candidate).split("-")
            changed = tuple(f for f, a, b in zip(EDITABLE_FIELDS, theirs, ours, strict=False) if a != b)
            if len(theirs) != len(ours):
                changed = EDITABLE_FIELDS
        return ReviewedCandidate(
            candidate, accept=bool(accept), edited=bool(changed), edited_fields=changed, line=_line(node), lines=lines
        )

    def parties(self, node) -> list[Party]:
        if node is None or (isinstance(node, yaml.ScalarNode) and node.style is None and node.value in _NULLS):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, "`parties` should be a list of parties (lines starting with '- name:')")
            return []
        out = []
        for item in node.value:
            m = self.mapping(item, "a party", ("name", "iri", "label", "new", "role", "type", "score", "start", "end"))
            name = self.text(m.get("name"), "name")
            if name is None or not name.strip():
                self.problem(m.get("name", item), "a party without a name: give `name` as the text writes it")
                continue
            role = self.choice(m["role"], "party role", ROLES) if "role" in m else "party"
            new = self.flag(m["new"], "new", default=False) if "new" in m else False
            iri = self.text(m.get("iri"), "iri")
            if iri is not None:
                iri = iri.strip()
                if not _URL.match(iri):
                    self.problem(m["iri"], f"`iri` {iri!r} is not an IRI (https://…)")
                elif self.graph is not None and not self.defined(iri):
                    self.problem(m["iri"], f"`iri` {iri} is not in the graph{self.close_iris(iri)}")
            if iri is not None and new:
                self.problem(
                    m["new"],
                    f"party {name!r} has an `iri` and `new: yes`: set `new: no` to use the "
                    "known institution, or remove the iri to add a new one",
                )
            kind = self.choice(m["type"], "type", organisation_types(), required=False) if "type" in m else None
            score = self.number(m.get("score"), "score")
            start = self.integer(m["start"], "start") if self.scalar(m.get("start"), "start") is not None else None
            end = self.integer(m["end"], "end") if self.scalar(m.get("end"), "end") is not None else None
            out.append(
                Party(
                    name=name,
                    iri=iri,
                    label=self.text(m.get("label"), "label"),
                    new=bool(new),
                    role=role or "party",
                    type=kind,
                    score=score,
                    start=start,
                    end=end,
                )
            )
        return out

    def defined(self, iri: str) -> bool:
        if iri not in self.known:
            term = URIRef(iri)
            self.known[iri] = any(True for _ in self.graph.triples((term, RDF.type, None))) or any(
                True for _ in self.graph.triples((term, SKOS.prefLabel, None))
            )
        return self.known[iri]

    def close_iris(self, iri: str) -> str:
        if not hasattr(self, "_iris"):
            self._iris = sorted({str(s) for s in self.graph.subjects(SKOS.prefLabel, None) if isinstance(s, URIRef)})
        close = difflib.get_close_matches(iri, self._iris, n=3, cutoff=0.8)
        return f"; did you mean: {', '.join(close)}?" if close else ""


def _line(node) -> int:
    return node.start_mark.line + 1


def _read(path: Path | str, graph: Dataset | Graph | None = None) -> list[_Source]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReviewError(str(path), [(None, "no such review file")]) from None
    except UnicodeDecodeError as exc:
        raise ReviewError(str(path), [(None, f"not UTF-8 text ({exc.reason})")]) from None
    except OSError as exc:
        raise ReviewError(str(path), [(None, exc.strerror or str(exc))]) from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        raise ReviewError(
            str(path), [(mark.line + 1 if mark else None, f"not valid YAML: {what} (column {mark.column + 1 if mark else '?'})")]
        ) from None
    except yaml.YAMLError as exc:
        raise ReviewError(str(path), [(None, f"not valid YAML: {exc}")]) from None
    reader = _Reader(path, graph)
    sources = reader.document(root)
    if reader.problems:
        raise ReviewError(str(path), sorted(reader.problems, key=lambda p: p[0] or 0))
    return sources


def read_review(path: Path | str, *, graph: Dataset | Graph | None = None) -> list[tuple[Reading, list[ReviewedCandidate]]]:
    """Read a review file back: each source, and its candidates as the curator left them.

    Parameters
    ----------
    path : Path or str
        The review file (as :func:`write_review` wrote it, edited).
    graph : Dataset or Graph, optional
        The graph the facts will join: every party ``iri`` must then be defined in it.

    Returns
    -------
    list of (Reading, list of ReviewedCandidate)
        Per source, in file order. Each Reading has no ``text`` (the review does not hold the
        page) and its ``candidates`` are the reviewed ones.

    Raises
    ------
    ReviewError
        The file is not valid YAML, or a value is wrong: an unknown kind, status or role (with
        close matches), a bad date, a party without a name, an ``iri`` not in ``graph``, an
        unknown key. The message names the file and the line; ``problems`` lists every one.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> c = Candidate(id="c-1", kind="Collaboration", status="reported", quote="A: «x»\\nB", start=0, end=8,
    ...               parties=[Party("NO", new=True, type="University"), Party("Münster", new=True, type="GovernmentBody")])
    >>> out = write_review([Reading(source="p.txt", text="", language="en", candidates=[c])],
    ...                    pathlib.Path(tempfile.mkdtemp()) / "review.yaml")
    >>> [(reading, [reviewed])] = read_review(out)
    >>> reviewed.candidate == c, reviewed.accept, reviewed.edited
    (True, False, False)
    >>> _ = out.write_text(out.read_text().replace("kind: Collaboration", "kind: Colaboration"))
    >>> read_review(out)
    Traceback (most recent call last):
    ...
    collabgraph.errors.ReviewError: .../review.yaml:...: unknown kind 'Colaboration'; did you mean: Collaboration?
    """
    return [(s.reading, s.reviewed) for s in _read(path, graph)]
