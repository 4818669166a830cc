"""Writing the review file: what ingest proposes, as YAML a curator edits in any editor.

:func:`write_review` writes one YAML document: a header comment that says how to review, then
per source its file name, path, SHA-256, URL, title, language and published date, and one block
per candidate fact (``accept``, ``kind``, ``status``, dates, ``parties``, ``gloss``, the quote as
a literal block scalar, its offsets, ``confidence``, ``reasons`` and the ``proposed``
fingerprint). The layout is a template, hand-written: each ``key: value`` entry is emitted by
PyYAML on its own (so every scalar is escaped by PyYAML's emitter, never by hand) and the
entries are laid out and indented here, because the file carries comments a curator needs
beside the fields (how to review, which quote still needs an English gloss), which
``yaml.safe_dump`` of plain data cannot write. Strings that hold a line break other than in a
quote, or any character YAML would fold or normalise (CR, NEL, LS, PS), are written
double-quoted with escapes; a quote is a literal block (``|-``) where YAML keeps it exactly,
double-quoted otherwise. So write→read gives back every string exactly.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import yaml

from collabgraph.errors import CollabgraphError
from collabgraph.files.atomic import atomic_write_text, refuse_inputs
from collabgraph.ingest.fingerprints import fingerprint
from collabgraph.ingest.model import KINDS, ROLES, STATUSES, Candidate, Reading
from collabgraph.ingest.vocabulary import default_type, organisation_types, post_roles

__all__ = ["write_review", "review_text", "propose_accept", "FORMAT_VERSION", "ACCEPT_CONFIDENCE"]

#: The version of the review file layout, written as ``collabgraph_review``.
FORMAT_VERSION = 1
#: ``accept: yes`` is proposed from this confidence up (and only when every party is settled).
ACCEPT_CONFIDENCE = 0.6


def propose_accept(candidate: Candidate) -> bool:
    """Whether the review proposes ``accept: yes``: confidence of at least 0.6, and every party
    either reconciled (an ``iri``) or proposed as new.

    Examples
    --------
    >>> from collabgraph.ingest.model import Party
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
    return bool(language and language.split("-")[0].casefold() == "en")


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
    >>> from collabgraph.ingest.model import Party
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
