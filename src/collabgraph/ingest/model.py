"""What ingest proposes: a source read, and candidate facts with their quotes, ready for review.

The JSON form (``Reading.to_json``) is the contract between ``collabgraph ingest`` (which
writes it, or the YAML review file with the same keys), the curator (who edits the review file)
and ``collabgraph accept`` (which reads it back and writes Turtle).

Kinds are the local names of the ontology's classes (``MemorandumOfUnderstanding``,
``CooperationAgreement``, ``StrategicPartnership``, ``JointDegreeProgramme``, ``Collaboration``,
``Membership``, ``Grant``, ``Post``); statuses are the local names of the ``cgs:status`` concepts
(``signed``, ``planned``, ``announced``, ``active``, ``reported``, ``ended``). Dates are ``YYYY``,
``YYYY-MM`` or ``YYYY-MM-DD``: as precise as the text.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field

__all__ = ["AGREEMENT_KINDS", "KINDS", "STATUSES", "ROLES", "Party", "Candidate", "Reading", "candidate_id"]

#: Kinds that are agreements or collaborations between parties (the ones ``partners`` lists).
AGREEMENT_KINDS = (
    "MemorandumOfUnderstanding",
    "CooperationAgreement",
    "StrategicPartnership",
    "StrategicNetwork",
    "JointDegreeProgramme",
    "Collaboration",
    "Agreement",
)
KINDS = AGREEMENT_KINDS + ("Membership", "Grant", "Post")
STATUSES = ("signed", "planned", "announced", "active", "reported", "ended")
#: Roles a party can play in a candidate; agreements use ``party``.
ROLES = ("party", "member", "alliance", "funder", "recipient", "person", "organisation")


@dataclass
class Party:
    """One organisation (or person, for posts) named in a candidate fact.

    ``name`` is as written in the text; ``iri`` and ``label`` are set when the name was
    reconciled to an institution the graph knows; ``new`` is true when it was not and the
    curator is asked to accept a new institution (``type`` is the proposed class).

    Examples
    --------
    >>> Party("UKM", iri="https://w3id.org/collabgraph/id/ukm", label="Universitätsklinikum Münster").new
    False
    """

    name: str
    iri: str | None = None
    label: str | None = None
    new: bool = False
    role: str = "party"
    type: str | None = None
    score: float | None = None
    start: int | None = None
    end: int | None = None


@dataclass
class Candidate:
    """A proposed fact: kind, status, dates, parties, and the verbatim quote that states it.

    ``role`` is the ``org:Role`` of a membership or post (``Member``, ``Coordinator``, ``Head``, …),
    ``role_text`` the role as the text words it ("Präsidentin", "General Director").
    ``start``/``end`` are character offsets of ``quote`` in the text ingest read
    (``Reading.text``): ``text[start:end] == quote``. ``reasons`` lists the cue words and
    rules that fired; ``date_basis`` says how a relative date was anchored.

    Examples
    --------
    >>> c = Candidate(id="c1", kind="MemorandumOfUnderstanding", status="signed", quote="x", start=0, end=1)
    >>> c.to_json()["kind"]
    'MemorandumOfUnderstanding'
    """

    id: str
    kind: str
    status: str
    quote: str
    start: int
    end: int
    date: str | None = None
    end_date: str | None = None
    date_text: str | None = None
    date_basis: str | None = None
    parties: list[Party] = field(default_factory=list)
    confidence: float = 0.5
    reasons: list[str] = field(default_factory=list)
    role: str | None = None
    role_text: str | None = None
    gloss: str | None = None

    def to_json(self) -> dict:
        """The candidate as the JSON object ``ingest --format json`` prints."""
        out = asdict(self)
        out["parties"] = [{k: v for k, v in asdict(p).items()} for p in self.parties]
        return out


@dataclass
class Reading:
    """One source read by ingest: where it came from, its text, language, date and candidates.

    Examples
    --------
    >>> r = Reading(source="page.txt", text="", language="en")
    >>> sorted(r.to_json())[:4]
    ['candidates', 'language', 'path', 'published']
    """

    source: str
    text: str
    language: str | None = None
    published: str | None = None
    published_basis: str | None = None
    path: str | None = None
    sha256: str | None = None
    url: str | None = None
    title: str | None = None
    candidates: list[Candidate] = field(default_factory=list)
    new_institutions: list[Party] = field(default_factory=list)
    #: Where the dateline that gave ``published`` stands in ``text`` (not a date of any fact).
    dateline_span: tuple[int, int] | None = None

    def to_json(self, *, with_text: bool = False) -> dict:
        """The reading as ``ingest --format json`` prints it (without the text unless asked)."""
        out = {
            "source": self.source,
            "path": self.path,
            "sha256": self.sha256,
            "url": self.url,
            "title": self.title,
            "language": self.language,
            "published": self.published,
            "published_basis": self.published_basis,
            "candidates": [c.to_json() for c in self.candidates],
        }
        if with_text:
            out["text"] = self.text
        return out


def candidate_id(source: str, kind: str, start: int, end: int) -> str:
    """A short id for a candidate that stays the same when the same page is read again.

    Examples
    --------
    >>> candidate_id("page.txt", "Membership", 10, 40) == candidate_id("page.txt", "Membership", 10, 40)
    True
    """
    digest = hashlib.sha1(f"{source}|{kind}|{start}|{end}".encode()).hexdigest()[:8]
    return f"c-{digest}"


def sha256_of(data: bytes) -> str:
    """Hex SHA-256 of a file's bytes.

    Examples
    --------
    >>> sha256_of(b"")[:8]
    'e3b0c442'
    """
    return hashlib.sha256(data).hexdigest()
