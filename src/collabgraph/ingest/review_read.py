"""Reading the review file back: every value checked, and every problem said with its file and line.

:func:`read_review` composes the YAML (:mod:`collabgraph.ingest.review_nodes` reads each node by
the type of its field) and walks its structure: the format version, each source (language,
URL, SHA-256, published date) and each candidate (kind, status and role among the ontology's,
dates in order, parties with a name, an ``iri`` that is an IRI and, given a graph, defined in
it, offsets of a quote). Every problem is collected before :class:`~collabgraph.errors.ReviewError`
is raised, with close matches for a misspelt kind, status, role, type, key or IRI. The
``proposed`` fingerprint tells which fields the curator edited
(:func:`~collabgraph.ingest.fingerprints.edited_fields`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.namespace import SKOS

from collabgraph.dates import earliest, latest
from collabgraph.errors import ReviewError
from collabgraph.ingest.fingerprints import edited_fields
from collabgraph.ingest.model import KINDS, ROLES, STATUSES, Candidate, Party, Reading
from collabgraph.ingest.review_nodes import _NULLS, _line, _NodeReader
from collabgraph.ingest.review_write import FORMAT_VERSION
from collabgraph.ingest.vocabulary import organisation_types, post_roles

__all__ = ["ReviewedCandidate", "read_review"]

_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


@dataclass
class ReviewedCandidate:
    """A candidate as the curator left it: the fact, whether to accept it, and whether they edited it.

    ``edited_fields`` names the fields the curator changed (of
    :data:`~collabgraph.ingest.fingerprints.EDITABLE_FIELDS`; all of them when the ``proposed``
    fingerprint was removed, since then nothing can be told); ``lines`` maps each field
    (``"gloss"``, ``"parties.0"``…) to its line in the review file.

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


@dataclass
class _Source:
    reading: Reading
    reviewed: list[ReviewedCandidate]
    line: int
    lines: dict[str, int]


class _Reader(_NodeReader):
    """Walks the composed YAML nodes, converting each field by its type and collecting problems."""

    def __init__(self, path: Path, graph: Dataset | Graph | None):
        self.path = path
        self.graph = graph
        self.problems: list[tuple[int | None, str]] = []
        self.known: dict[str, bool] = {}

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
        seen: dict[str, int | None] = {}
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
        if (
            len(self.problems) > before
            or cid is None
            or kind is None
            or status is None
            or quote is None
            or start is None
            or end is None
        ):
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
        changed = edited_fields(proposed, candidate)
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
        assert self.graph is not None  # called only to check an iri against the graph given
        if iri not in self.known:
            term = URIRef(iri)
            self.known[iri] = any(True for _ in self.graph.triples((term, RDF.type, None))) or any(
                True for _ in self.graph.triples((term, SKOS.prefLabel, None))
            )
        return self.known[iri]

    def close_iris(self, iri: str) -> str:
        assert self.graph is not None  # called only to check an iri against the graph given
        if not hasattr(self, "_iris"):
            self._iris = sorted({str(s) for s in self.graph.subjects(SKOS.prefLabel, None) if isinstance(s, URIRef)})
        close = difflib.get_close_matches(iri, self._iris, n=3, cutoff=0.8)
        return f"; did you mean: {', '.join(close)}?" if close else ""


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
    >>> from collabgraph.ingest.review_write import write_review
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
