"""Building the triples of one source's accepted facts, in the model of the curated data.

Agreements are ``a cg:<kind>`` with ``rdfs:label``, ``cg:hasParty``, ``cg:status``,
``cg:startDate`` (a signing date is the start, as in the seeds) and ``cg:endDate``; with no
date ``cg:undated true``, plus ``cg:reportedDate`` of the page when its published date is known;
a relative date keeps the text as ``cg:dateText`` with a ``skos:editorialNote`` saying what it
was resolved against, and is ``cg:curationStatus cgs:inferred``. Memberships are one
``cg:Membership`` per member (``org:member``, ``org:organization``, ``org:role``); grants
``cg:funder`` and ``cg:recipient``; posts ``org:postIn``, ``org:heldBy`` (a ``cg:Person``) and
``org:role``. Each quote is an ``oa:Annotation`` with a ``TextQuoteSelector`` and a
``TextPositionSelector``. :class:`_Builder` is hand-written because this mapping from a
candidate to the curated model (which property, which date, which IRI) is collabgraph's own.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from collabgraph.ingest.accept_checks import _Located
from collabgraph.ingest.iris import _local, _Minter, slugify
from collabgraph.ingest.model import AGREEMENT_KINDS, Party, Reading
from collabgraph.ingest.review_read import ReviewedCandidate
from collabgraph.ingest.vocabulary import default_type, post_roles
from collabgraph.namespaces import CG, CGS, OA, ORG, PREFIXES, SCHEMA

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


def _date(value: str) -> Literal:
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)
    return Literal(value, datatype=datatype)


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
            post_role = _role(c.role)
            assert post_role is not None  # a Post without a role is refused before anything is built
            local = slugify(f"post-{post_role}-{_local(o_iri, _name(org))}-{_local(p_iri, _name(person))}", limit=100)
            fact = self.minter.mint(local, suffix)
            self.common(fact, located, f"{post_role} of {_name(org)}: {_name(person)}", CG.Post)
            self.g.add((fact, ORG.postIn, o_iri))
            self.g.add((fact, ORG.heldBy, p_iri))
            self.g.add((fact, ORG.role, CG[post_role]))
            if c.role_text:
                self.g.add((fact, SCHEMA.roleName, Literal(c.role_text, lang=self.lang)))

    def turtle(self, review: Path) -> str:
        header = (
            f"# Accepted by collabgraph accept from the review file {review.name}: facts read in "
            f"{self.r.source}\n# (sha256 {self.g.value(self.src, CG.sha256)}), each with its quote. "
            "Written by collabgraph; check with collabgraph validate after editing by hand.\n\n"
        )
        return header + self.g.serialize(format="turtle")
