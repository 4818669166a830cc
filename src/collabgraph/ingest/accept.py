"""Accept a reviewed file: write the accepted candidates as Turtle, after checking everything.

:func:`accept` reads a review file (:mod:`collabgraph.ingest.review`), builds one RDF graph per
source in the model of the curated data (``data/seeds``), and writes each as
``INTO/<source>.ttl``, but only after every check passed; on any problem it writes nothing and
raises :class:`~collabgraph.errors.AcceptError`, one line per problem. The checks:

- the review file itself: YAML, kinds, statuses, roles, dates, party names, and every party
  ``iri`` defined in the graph (:func:`~collabgraph.ingest.review.read_review`);
- per source: its language is known; the file is still where ingest read it (its ``path``;
  a relative path from the working directory, else beside the review file) and its SHA-256
  is unchanged; every accepted quote occurs in the text read from it again
  (:func:`collabgraph.checks.verify.find_quote` on the text
  :func:`~collabgraph.ingest.text.document_text` gives, tables included);
- per candidate: an English gloss for a quote that is not in English (never invented), every
  party either known or accepted as new, and the parties a kind needs (two for an agreement;
  member and alliance for a membership; funder or recipient for a grant; person,
  organisation and role for a post);
- the new files in the context of the graph: the user-data checks a load makes
  (:func:`collabgraph.checks.user_data.check_user_data`) and the SHACL shapes
  (:func:`collabgraph.checks.validate.validate`), on the curated graph plus the new files;
- no output file exists already (unless ``overwrite``) or is one of the inputs.

How facts are written (as the curated data does): agreements ``a cg:<kind>`` with
``rdfs:label``, ``cg:hasParty``, ``cg:status``, ``cg:startDate`` (a signing date is the start,
as in the seeds) and ``cg:endDate``; with no date ``cg:undated true``, plus ``cg:reportedDate``
of the page when its published date is known (the page reports the fact then); a relative date
keeps the text as ``cg:dateText`` with a ``skos:editorialNote`` saying what it was resolved
against, and is ``cg:curationStatus cgs:inferred``. Memberships are one ``cg:Membership`` per
member (``org:member``, ``org:organization``, ``org:role``); grants ``cg:funder`` and
``cg:recipient``; posts ``org:postIn``, ``org:heldBy`` (a ``cg:Person``) and ``org:role``. Each
fact is ``cg:curationStatus cgs:stated``, or ``cgs:edited`` when the curator changed a field.
Each quote is an ``oa:Annotation`` whose target has a ``TextQuoteSelector`` (``oa:exact`` in
the source's language) and a ``TextPositionSelector`` (offsets in the text read), and a
``cg:gloss`` in English when given. New institutions are minted in ``cgr:`` from their name.

Hand-written because the mapping from a candidate to the curated model (which property, which
date, which IRI) is collabgraph's own; the checks reuse the project's loader, checker,
validator and quote finder.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, SKOS

from collabgraph.checks.verify import find_quote, normalise
from collabgraph.errors import AcceptError, CollabgraphError, ReviewError
from collabgraph.files.atomic import atomic_write_text, refuse_inputs
from collabgraph.ingest.model import AGREEMENT_KINDS, Party, Reading, sha256_of
from collabgraph.ingest.review import ReviewedCandidate, _read, _Source, default_type, post_roles
from collabgraph.ingest.text import document_text
from collabgraph.loading.load import DataFile, load, parse_file
from collabgraph.namespaces import CG, CGR, CGS, DERIVED_GRAPHS, OA, ORG, PREFIXES, SCHEMA, SRC, graph_iri
from collabgraph.store import new_dataset

__all__ = ["accept", "slugify"]

#: How a kind starts the IRI of a fact, and names it in its label.
_KIND_NAMES = {
    "MemorandumOfUnderstanding": ("mou", "MoU"),
    "CooperationAgreement": ("cooperation-agreement", "Cooperation agreement"),
    "StrategicPartnership": ("strategic-partnership", "Strategic partnership"),
    "StrategicNetwork": ("strategic-network", "Strategic network"),
    "JointDegreeProgramme": ("joint-degree", "Joint degree programme"),
    "Collaboration": ("collab", "Collaboration"),
    "Agreement": ("agreement", "Agreement"),
    "Membership": ("membership", "Membership"),
    "Grant": ("grant", "Grant"),
    "Post": ("post", "Post"),
}
_TRANSLITERATE = str.maketrans(
    {
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "ß": "ss",
        "Ä": "ae",
        "Ö": "oe",
        "Ü": "ue",
        "æ": "ae",
        "ø": "o",
        "å": "a",
        "œ": "oe",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
    }
)


def slugify(text: str, *, limit: int = 60) -> str:
    """A lower-case ASCII slug for an IRI: umlauts spelled out, accents dropped, words joined by ``-``.

    Examples
    --------
    >>> slugify("Universität Münster"), slugify("Université Paris-Saclay"), slugify("«»")
    ('universitaet-muenster', 'universite-paris-saclay', 'x')
    """
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] or slug[:limit]
    return slug or "x"


# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------


def _is_english(language: str | None) -> bool:
    return bool(language) and language.split("-")[0].casefold() == "en"


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
    at = find_quote(quote, text)
    if at is None:
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


# ---------------------------------------------------------------------------------------------
# Building the graph
# ---------------------------------------------------------------------------------------------


def _date(value: str) -> Literal:
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)
    return Literal(value, datatype=datatype)


@dataclass
class _Minter:
    """Mints IRIs that are in neither the base graph nor this run."""

    base: Dataset
    taken: set[str] = field(default_factory=set)
    parties: dict[tuple, URIRef] = field(default_factory=dict)

    def free(self, iri: str) -> bool:
        return iri not in self.taken and next(iter(self.base.triples((URIRef(iri), None, None))), None) is None

    def mint(self, local: str, suffix: str) -> URIRef:
        iri = str(CGR[local])
        if not self.free(iri):
            iri = str(CGR[f"{local}-{suffix}"])
            n = 2
            while not self.free(iri):
                iri, n = str(CGR[f"{local}-{suffix}-{n}"]), n + 1
        self.taken.add(iri)
        return URIRef(iri)

    def party(self, p: Party) -> URIRef:
        if p.iri:
            return URIRef(p.iri)
        kind = p.type or default_type(p.role)
        name = (p.label or p.name).strip()
        key = (name.casefold(), kind == "Person")  # one new institution per name, whatever type each mention guessed
        if key not in self.parties:
            local = ("person-" if kind == "Person" else "") + slugify(name)
            self.parties[key] = self.mint(local, "new")
        return self.parties[key]


def _local(iri: URIRef, label: str) -> str:
    text = str(iri)
    return text[len(str(CGR)) :] if text.startswith(str(CGR)) else slugify(label)


def _role(role: str | None) -> str | None:
    """The local name of the ``org:Role`` a candidate's role names (checked by the review reader)."""
    return post_roles()[role.strip().casefold()] if role else None


def _name(p: Party) -> str:
    return (p.label or p.name).strip()


class _Builder:
    """Builds the graph of one source."""

    def __init__(self, minter: _Minter, review: Path, reading: Reading, source_iri: URIRef, lang: str):
        self.minter, self.review, self.r, self.src, self.lang = minter, review, reading, source_iri, lang
        self.g = Graph()
        for prefix in ("cg", "cgr", "cgs", "src", "dct", "oa", "org", "rdfs", "schema", "skos", "xsd"):
            self.g.bind(prefix, PREFIXES[prefix], replace=True)
        self.origin: dict[str, tuple[str, int | None]] = {}  # prefixed IRI -> (candidate id, line)

    def source(self, digest: str) -> None:
        g, r, s = self.g, self.r, self.src
        g.add((s, RDF.type, CG.SourceDocument))
        g.add((s, CG.fileName, Literal(r.source)))
        g.add((s, CG.sha256, Literal(digest)))
        if r.url:
            g.add((s, DCTERMS.source, URIRef(r.url)))
        g.add((s, DCTERMS.language, Literal(self.lang)))
        if r.title:
            g.add((s, DCTERMS.title, Literal(r.title, lang=self.lang)))
        if r.published:
            g.add((s, DCTERMS.issued, _date(r.published)))

    def party(self, p: Party, rc: ReviewedCandidate) -> URIRef:
        iri = self.minter.party(p)
        index = next(i for i, q in enumerate(rc.candidate.parties) if q is p)
        # a violation on the party (not an organisation, two labels) is reported at its line
        self.origin.setdefault(
            self.g.namespace_manager.normalizeUri(iri), (rc.candidate.id, rc.lines.get(f"parties.{index}", rc.line))
        )
        if p.new:
            g = self.g
            kind = p.type or default_type(p.role)
            g.add((iri, RDF.type, CG[kind]))
            name = _name(p)
            g.add((iri, SKOS.prefLabel, Literal(name) if kind == "Person" else Literal(name, lang=self.lang)))
            if p.name.strip() != name:
                g.add((iri, SKOS.altLabel, Literal(p.name.strip(), lang=None if kind == "Person" else self.lang)))
            g.add(
                (
                    iri,
                    SKOS.editorialNote,
                    Literal(
                        f"Added by collabgraph accept: named {p.name.strip()!r} in {self.r.source} and accepted by a curator "
                        "as new (not reconciled to a known institution).",
                        lang="en",
                    ),
                )
            )
        return iri

    def evidence(self, fact: URIRef, located: _Located) -> None:
        g, c = self.g, located.reviewed.candidate
        # Blank node ids from the fact and the candidate: the same review gives the same Turtle
        # (rdflib orders the two selectors by their ids).
        annotation, target, quote, position = (
            BNode("b" + hashlib.sha1(f"{fact}|{c.id}|{part}".encode()).hexdigest()[:20])
            for part in ("annotation", "target", "quote", "position")
        )
        g.add((fact, CG.evidence, annotation))
        g.add((annotation, RDF.type, OA.Annotation))
        g.add((annotation, OA.hasTarget, target))
        g.add((target, OA.hasSource, self.src))
        g.add((target, OA.hasSelector, quote))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(c.quote, lang=self.lang)))
        g.add((target, OA.hasSelector, position))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, Literal(located.start, datatype=XSD.nonNegativeInteger)))
        g.add((position, OA.end, Literal(located.end, datatype=XSD.nonNegativeInteger)))
        if c.gloss:
            g.add((annotation, CG.gloss, Literal(c.gloss, lang="en")))

    def common(self, fact: URIRef, located: _Located, label: str, kind_class: URIRef) -> None:
        """What every fact has: type, label, status, dates, curation status and the quote."""
        g, rc = self.g, located.reviewed
        c = rc.candidate
        g.add((fact, RDF.type, kind_class))
        g.add((fact, RDFS.label, Literal(label, lang="en")))
        g.add((fact, CG.status, CGS[c.status]))
        relative = bool(c.date and c.date_basis and c.date_text)
        if c.date:
            g.add((fact, CG.startDate, _date(c.date)))
        else:
            g.add((fact, CG.undated, Literal(True)))
            if self.r.published:
                g.add((fact, CG.reportedDate, _date(self.r.published)))
        if c.end_date:
            g.add((fact, CG.endDate, _date(c.end_date)))
        if c.date_text and (relative or not c.date):
            g.add((fact, CG.dateText, Literal(c.date_text, lang=self.lang)))
        notes = []
        if relative and "date" not in rc.edited_fields:
            against = f"the page's published date {self.r.published}" if self.r.published else "the page's date"
            notes.append(
                f"The text dates this relatively ({c.date_text!r}); collabgraph ingest resolved it to "
                f"{c.date} against {against} (basis: {c.date_basis})."
            )
        if rc.edited:
            notes.append(
                "Proposed by collabgraph ingest from the quote; a curator changed "
                + ", ".join(f.replace("_", " ") for f in rc.edited_fields)
                + " in review."
            )
        for note in notes:
            g.add((fact, SKOS.editorialNote, Literal(note, lang="en")))
        curation = "edited" if rc.edited else "inferred" if relative else "stated"
        g.add((fact, CG.curationStatus, CGS[curation]))
        self.evidence(fact, located)
        self.origin[self.g.namespace_manager.normalizeUri(fact)] = (c.id, rc.line)

    def fact(self, located: _Located) -> None:
        rc = located.reviewed
        c = rc.candidate
        prefix, kind_label = _KIND_NAMES[c.kind]
        year = f"-{c.date[:4]}" if c.date else ""
        suffix = c.id.removeprefix("c-")
        if c.kind in AGREEMENT_KINDS:
            iris, names = [], []
            for p in c.parties:
                iri = self.party(p, rc)
                if iri not in iris:
                    iris.append(iri)
                    names.append(_name(p))
            local = "-".join([prefix] + [_local(i, n) for i, n in zip(iris, names, strict=True)][:4])
            fact = self.minter.mint(slugify(local, limit=100) + year, suffix)
            self.common(fact, located, f"{kind_label} {' – '.join(names)}", CG[c.kind])
            for iri in iris:
                self.g.add((fact, CG.hasParty, iri))
        elif c.kind == "Membership":
            alliance = next(p for p in c.parties if p.role == "alliance")
            a_iri = self.party(alliance, rc)
            role = CG[_role(c.role) or "Member"]
            for member in (p for p in c.parties if p.role == "member"):
                m_iri = self.party(member, rc)
                local = slugify(f"membership-{_local(a_iri, _name(alliance))}-{_local(m_iri, _name(member))}", limit=100)
                fact = self.minter.mint(local, suffix)
                self.common(fact, located, f"Membership of {_name(member)} in {_name(alliance)}", CG.Membership)
                self.g.add((fact, ORG.member, m_iri))
                self.g.add((fact, ORG.organization, a_iri))
                self.g.add((fact, ORG.role, role))
        elif c.kind == "Grant":
            funders = [(p, self.party(p, rc)) for p in c.parties if p.role == "funder"]
            recipients = [(p, self.party(p, rc)) for p in c.parties if p.role == "recipient"]
            local = "-".join([prefix] + [_local(i, _name(p)) for p, i in funders + recipients][:4])
            fact = self.minter.mint(slugify(local, limit=100) + year, suffix)
            label = (
                "Grant"
                + (f" from {', '.join(_name(p) for p, _ in funders)}" if funders else "")
                + (f" to {', '.join(_name(p) for p, _ in recipients)}" if recipients else "")
            )
            self.common(fact, located, label, CG.Grant)
            for _, iri in funders:
                self.g.add((fact, CG.funder, iri))
            for _, iri in recipients:
                self.g.add((fact, CG.recipient, iri))
        elif c.kind == "Post":
            person = next(p for p in c.parties if p.role == "person")
            org = next(p for p in c.parties if p.role == "organisation")
            p_iri, o_iri = self.party(person, rc), self.party(org, rc)
            role = _role(c.role)
            local = slugify(f"post-{role}-{_local(o_iri, _name(org))}-{_local(p_iri, _name(person))}", limit=100)
            fact = self.minter.mint(local, suffix)
            self.common(fact, located, f"{role} of {_name(org)}: {_name(person)}", CG.Post)
            self.g.add((fact, ORG.postIn, o_iri))
            self.g.add((fact, ORG.heldBy, p_iri))
            self.g.add((fact, ORG.role, CG[role]))
            if c.role_text:
                self.g.add((fact, SCHEMA.roleName, Literal(c.role_text, lang=self.lang)))

    def turtle(self, review: Path) -> str:
        header = (
            f"# Accepted by collabgraph accept from the review file {review.name}: facts read in "
            f"{self.r.source}\n# (sha256 {self.g.value(self.src, CG.sha256)}), each with its quote. "
            "Written by collabgraph; check with collabgraph validate after editing by hand.\n\n"
        )
        return header + self.g.serialize(format="turtle")


# ---------------------------------------------------------------------------------------------
# Checking the new files in the context of the graph
# ---------------------------------------------------------------------------------------------


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
            for tmp, out in final.items():
                message = message.replace(tmp, out)
            return [f"{message} (written by accept: please report this)"]
        for problem in check_user_data(ds, files):
            message = str(problem)
            for tmp, out in final.items():
                message = message.replace(tmp, out)
            problems.append(message)
        report = validate(ds, focus_graphs=[f.graph for f in files])
        origin = {k: v for b in builders.values() for k, v in b.origin.items()}
        for v in report.violations:
            node = v.node.removeprefix("quote of ")
            cid, line = origin.get(node, (None, None))
            who = f"candidate {cid}: " if cid else ""
            problems.append(f"{_where(review, line)}: {who}{v.node}{' ' + v.path if v.path else ''}: {v.message}")
    return problems


# ---------------------------------------------------------------------------------------------
# accept
# ---------------------------------------------------------------------------------------------


def accept(review_path: Path | str, into: Path | str, *, overwrite: bool = False, base: Dataset | None = None) -> list[Path]:
    """Write the accepted candidates of a review file as Turtle, one file per source, in ``into``.

    Everything is checked before anything is written (see the module docstring); on any
    problem nothing is written. Candidates with ``accept: no`` are left out; a source with no
    accepted candidate gets no file.

    Parameters
    ----------
    review_path : Path or str
        The review file (:func:`collabgraph.ingest.review.write_review`, edited by a curator).
    into : Path or str
        The folder for the Turtle files (created if needed): ``INTO/<source>.ttl``, the
        source's file name as a slug (with a short hash where two sources share a name).
    overwrite : bool
        Replace files that exist already (atomically). Without it, an existing file is refused.
    base : Dataset, optional
        The graph the facts join: every party ``iri`` must be defined in it, minted IRIs avoid
        its IRIs, and the new files are checked and validated together with its asserted
        graphs. Default: the curated data (``collabgraph.loading.load.load(reason=False)``).

    Returns
    -------
    list of Path
        The files written, in the order of the sources.

    Raises
    ------
    AcceptError
        Any problem (one line each, naming the review file and line): the review file's own
        (:class:`~collabgraph.errors.ReviewError`), nothing accepted, a missing English gloss, a
        source changed or missing, a quote not in the source, a party neither known nor new, the
        user-data checks and the SHACL shapes on the new files, an output file that exists.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from collabgraph.ingest.model import Candidate, Party, Reading, sha256_of
    >>> from collabgraph.ingest.review import write_review
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> page = folder / "news.txt"
    >>> text = "Universität Münster and Aurora Institute signed an MoU in July 2024."
    >>> _ = page.write_text(text, encoding="utf-8")
    >>> mou = Candidate(id="c-1a2b3c4d", kind="MemorandumOfUnderstanding", status="signed", quote=text[:-1],
    ...                 start=0, end=len(text) - 1, date="2024-07", confidence=0.9, parties=[
    ...                     Party("Universität Münster", iri="https://w3id.org/collabgraph/id/university-of-muenster"),
    ...                     Party("Aurora Institute", new=True, type="ResearchInstitute")])
    >>> review = write_review([Reading(source="news.txt", text=text, language="en", path=str(page),
    ...                                sha256=sha256_of(page.read_bytes()), candidates=[mou])], folder / "review.yaml")
    >>> [p.name for p in accept(review, folder / "accepted")]
    ['news.ttl']
    >>> accept(review, folder / "accepted")
    Traceback (most recent call last):
    ...
    collabgraph.errors.AcceptError: .../accepted/news.ttl exists: refusing to overwrite it (pass --overwrite...
    .../review.yaml: nothing written (1 problem)
    """
    review = Path(review_path)
    into = Path(into)
    if base is None:
        base = load(reason=False)
    try:
        sources = _read(review, base)
    except ReviewError as exc:
        raise AcceptError(str(review), [f"{_where(review, line)}: {message}" for line, message in exc.problems]) from None
    chosen = [(s, [rc for rc in s.reviewed if rc.accept]) for s in sources]
    chosen = [(s, accepted) for s, accepted in chosen if accepted]
    if not chosen:
        raise AcceptError(str(review), [f"{review}: no candidate is accepted (set `accept: yes` on those to add)"])
    problems: list[str] = []
    checked = []
    for s, accepted in chosen:
        for rc in accepted:
            _check_candidate(review, s.reading, rc, problems)
        found = _check_source(review, s, accepted, problems)
        if found is not None:
            checked.append((s, *found))
    # Output files: the source's name as a slug, with its hash where two sources share one.
    stems: dict[str, int] = {}
    for s, _ in chosen:
        stem = slugify(Path(s.reading.source).stem)
        stems[stem] = stems.get(stem, 0) + 1
    targets: dict[int, Path] = {}
    for s, _ in chosen:
        stem = slugify(Path(s.reading.source).stem)
        if stems[stem] > 1:
            stem = f"{stem}-{(s.reading.sha256 or '')[:8] or s.line}"
        targets[id(s)] = into / f"{stem}.ttl"
    for target in targets.values():
        if target.exists() and not overwrite:
            problems.append(f"{target} exists: refusing to overwrite it (pass --overwrite, or overwrite=True in Python)")
    inputs = [review] + [p for s, _ in chosen if s.reading.path and (p := _resolve_path(review, s.reading.path))]
    try:
        refuse_inputs(list(targets.values()), inputs)
    except CollabgraphError as exc:
        problems.append(str(exc))
    if problems:
        raise AcceptError(str(review), problems)
    minter = _Minter(base)
    texts: dict[Path, str] = {}
    builders: dict[Path, _Builder] = {}
    for s, digest, located in checked:
        r = s.reading
        source_iri = SRC[f"{slugify(Path(r.source).stem)}-{digest[:8]}"]
        builder = _Builder(minter, review, r, source_iri, r.language)
        builder.source(digest)
        for item in located:
            builder.fact(item)
        target = targets[id(s)]
        texts[target] = builder.turtle(review)
        builders[target] = builder
    problems = _graph_problems(base, texts, builders, review)
    if problems:
        raise AcceptError(str(review), problems)
    return [atomic_write_text(path, text) for path, text in texts.items()]
