"""Curator edits, detected with the ``proposed`` fingerprint written in each candidate block of the review file.

The fingerprint is a short hash per editable field (kind, status, role, dates, parties) of the
values ingest proposed. Read back, the fields whose hash differs are the curator's edits
(:func:`edited_fields`), recorded by accept as curation status ``edited``. Adding a gloss or
setting ``accept`` is reviewing, not editing the fact.
"""

from __future__ import annotations

import hashlib
import json

from collabgraph.ingest.model import Candidate
from collabgraph.ingest.vocabulary import default_type, post_roles

__all__ = ["EDITABLE_FIELDS", "fingerprint", "edited_fields"]

#: The fields whose change by a curator makes a candidate ``edited`` (in fingerprint order).
EDITABLE_FIELDS = ("kind", "status", "role", "date", "end_date", "parties")


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


def edited_fields(proposed: str | None, candidate: Candidate) -> tuple[str, ...]:
    """The fields a curator changed: those whose hash in ``proposed`` differs from the candidate's own.

    Without a fingerprint nothing can be told, and every field counts as edited.

    Examples
    --------
    >>> c = Candidate(id="c-1", kind="Collaboration", status="reported", quote="q", start=0, end=1)
    >>> proposed = fingerprint(c)
    >>> c.status = "signed"
    >>> edited_fields(proposed, c), edited_fields(None, c) == EDITABLE_FIELDS
    (('status',), True)
    """
    changed: tuple[str, ...]
    if proposed is None:
        changed = EDITABLE_FIELDS  # the fingerprint is gone: nothing can be told, count all as edited
    else:
        theirs, ours = proposed.split("-"), fingerprint(candidate).split("-")
        changed = tuple(f for f, a, b in zip(EDITABLE_FIELDS, theirs, ours, strict=False) if a != b)
        if len(theirs) != len(ours):
            changed = EDITABLE_FIELDS
    return changed
