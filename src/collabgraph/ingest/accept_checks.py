"""The checks accept makes before it writes anything, each problem said with the review file's line.

Per source (:func:`_check_source`): its language is known; the file is still where ingest read
it (its ``path``; a relative path from the working directory, else beside the review file) and
its SHA-256 is unchanged; every accepted quote occurs in the text read from it again
(:func:`collabgraph.checks.verify.find_quote` on the text
:func:`~collabgraph.ingest.text.document_text` gives, tables included). Per candidate
(:func:`_check_candidate`): an English gloss for a quote that is not in English (never
invented), every party either known or accepted as new, and the parties a kind needs. Then the
new files in the context of the graph (:func:`_graph_problems`): the user-data checks a load
makes (:func:`collabgraph.checks.user_data.check_user_data`) and the SHACL shapes
(:func:`collabgraph.checks.validate.validate`), on the curated graph plus the new files.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from collabgraph.checks.verify import find_quote, normalise
from collabgraph.errors import CollabgraphError
from collabgraph.ingest.model import AGREEMENT_KINDS, Reading, sha256_of
from collabgraph.ingest.review_read import ReviewedCandidate, _Source
from collabgraph.ingest.text import document_text
from collabgraph.ingest.vocabulary import default_type
from collabgraph.loading.load import DataFile, parse_file
from collabgraph.namespaces import DERIVED_GRAPHS, graph_iri
from collabgraph.store import new_dataset

if TYPE_CHECKING:
    from collabgraph.ingest.triples import _Builder


def _is_english(language: str | None) -> bool:
    return bool(language and language.split("-")[0].casefold() == "en")


def _where(review: Path, line: int | None) -> str:
    return f"{review}:{line}" if line else str(review)


def _resolve_path(review: Path, given: str) -> Path | None:
    try:
        path = Path(given).expanduser()
        for candidate in [path] if path.is_absolute() else [path, review.parent / path]:
            if candidate.is_file():
                return candidate
    except (OSError, ValueError, RuntimeError):  # a name too long, a NUL, an unknown ~user
        pass
    return None


@dataclass
class _Located:
    """An accepted candidate with the verified offsets of its quote."""

    reviewed: ReviewedCandidate
    start: int
    end: int


def _quote_span(quote: str, start: int, end: int, text: str) -> tuple[int, int] | None:
    """Where ``quote`` is in ``text``: at its offsets, else exactly elsewhere, else up to whitespace."""
    if text[start:end] == quote:
        return start, end
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    if find_quote(quote, text) is None:
        return None
    norm_text, offsets = normalise(text)
    norm_quote = re.sub(r"\s+", " ", quote).strip()
    first = norm_text.find(norm_quote)
    return offsets[first], offsets[first + len(norm_quote) - 1] + 1


def _check_source(
    review: Path, s: _Source, accepted: list[ReviewedCandidate], problems: list[str]
) -> tuple[str, list[_Located]] | None:
    """Check one source and its accepted candidates; return the sha256 and the located quotes."""
    r = s.reading
    where = _where(review, s.lines.get("source", s.line))
    if not r.language:
        problems.append(
            f"{_where(review, s.lines.get('language', s.line))}: say which language {r.source} "
            "is in: set `language:` (de, nl, en, fr…)"
        )
    if not r.path:
        problems.append(f"{where}: {r.source} has no `path`: accept needs the source to check the quotes")
        return None
    path = _resolve_path(review, r.path)
    if path is None:
        problems.append(
            f"{_where(review, s.lines.get('path'))}: source {r.source} is not at {r.path} "
            "(nor beside the review file): cannot check its quotes"
        )
        return None
    digest = sha256_of(path.read_bytes())
    if r.sha256 and digest.lower() != r.sha256.lower():
        problems.append(
            f"{_where(review, s.lines.get('sha256'))}: {path} changed since ingest read it "
            f"(sha256 {r.sha256[:12]}…, now {digest[:12]}…): run ingest on it again"
        )
        return None
    try:
        text = document_text(path)  # the text ingest quoted from, tables included
    except CollabgraphError as exc:
        problems.append(f"{where}: cannot read {path}: {exc}")
        return None
    located = []
    for rc in accepted:
        c = rc.candidate
        span = _quote_span(c.quote, c.start, c.end, text)
        if span is None:
            problems.append(
                f"{_where(review, rc.lines.get('quote', rc.line))}: candidate {c.id}: the quote is not "
                f"in {r.source} (quotes must be verbatim: was it edited?)"
            )
            continue
        located.append(_Located(rc, *span))
    return digest, located


def _check_candidate(review: Path, r: Reading, rc: ReviewedCandidate, problems: list[str]) -> None:
    """What a candidate needs before it can be written: its parties settled, the parties its kind
    needs, and an English gloss of a quote that is not in English (in the order of the block)."""
    c = rc.candidate
    roles = [p.role for p in c.parties]
    need = None
    if c.kind in AGREEMENT_KINDS:
        if "person" in roles:
            need = "an agreement's parties are organisations, not persons (role person)"
        elif len({p.iri or (p.label or p.name).casefold() for p in c.parties}) < 2:
            need = "an agreement needs at least two parties"
    elif c.kind == "Membership":
        if roles.count("alliance") != 1 or roles.count("member") < 1 or set(roles) - {"member", "alliance"}:
            need = "a Membership needs one party with role alliance and one or more with role member"
    elif c.kind == "Grant":
        if not {"funder", "recipient"} & set(roles) or set(roles) - {"funder", "recipient"}:
            need = "a Grant needs parties with role funder and/or recipient (and no others)"
    elif c.kind == "Post":
        if roles.count("person") != 1 or roles.count("organisation") != 1 or len(roles) != 2:
            need = "a Post needs one party with role person and one with role organisation"
        elif not c.role:
            need = "a Post needs a `role` (Head, Rector, Director…)"
    if need:
        problems.append(f"{_where(review, rc.line)}: candidate {c.id}: {need}")
    for i, p in enumerate(c.parties):
        here = _where(review, rc.lines.get(f"parties.{i}", rc.line))
        if not p.iri and not p.new:
            problems.append(
                f"{here}: candidate {c.id}: party {p.name!r} is neither known (give its `iri`) nor new (set `new: yes`)"
            )
        kind = p.type or default_type(p.role)
        if p.new and (kind == "Person") != (p.role == "person"):
            problems.append(
                f"{here}: candidate {c.id}: party {p.name!r} with role {p.role} cannot be of type {kind}"
                + (" (a person is type Person)" if p.role == "person" else "")
            )
    if not _is_english(r.language) and not c.gloss:
        problems.append(f"give an English gloss for candidate {c.id} ({_where(review, rc.lines.get('gloss', rc.line))})")


def _with_files(base: Dataset, files: list[DataFile]) -> Dataset:
    """A memory dataset: the asserted graphs of ``base`` and the new files, each in its user graph."""
    ds = new_dataset("memory")
    for prefix, ns in base.namespaces():
        ds.bind(prefix, ns, override=False)
    for graph in base.graphs():
        if graph.identifier in DERIVED_GRAPHS or graph.identifier == DATASET_DEFAULT_GRAPH_ID:
            continue
        target = ds.graph(graph.identifier)
        target.addN((s, p, o, target) for s, p, o in graph)
    for f in files:
        parse_file(f.path, into=ds.graph(f.graph))
    return ds


def _graph_problems(base: Dataset, texts: dict[Path, str], builders: dict[Path, _Builder], review: Path) -> list[str]:
    """Write the files to a temporary folder, load them beside ``base``, check and validate."""
    from collabgraph.checks.user_data import check_user_data
    from collabgraph.checks.validate import validate

    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="collabgraph-accept-") as folder:
        files, final = [], {}
        for path, text in texts.items():
            tmp = Path(folder) / path.name
            tmp.write_text(text, encoding="utf-8")
            files.append(DataFile(tmp, graph_iri("user", tmp.stem)))
            final[str(tmp)] = str(path)
        try:
            ds = _with_files(base, files)
        except CollabgraphError as exc:
            message = str(exc)
            for temporary, written in final.items():
                message = message.replace(temporary, written)
            return [f"{message} (written by accept: please report this)"]
        for problem in check_user_data(ds, files):
            message = str(problem)
            for temporary, written in final.items():
                message = message.replace(temporary, written)
            problems.append(message)
        report = validate(ds, focus_graphs=[f.graph for f in files])
        origin = {k: v for b in builders.values() for k, v in b.origin.items()}
        for v in report.violations:
            node = v.node.removeprefix("quote of ")
            cid, line = origin.get(node, (None, None))
            who = f"candidate {cid}: " if cid else ""
            problems.append(f"{_where(review, line)}: {who}{v.node}{' ' + v.path if v.path else ''}: {v.message}")
    return problems
