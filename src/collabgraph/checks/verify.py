"""Check that every quote still occurs, verbatim, in its source document.

Plain-text sources are read as they are; HTML, PDF and tables through the same text extraction
``collabgraph ingest`` used when it took the quote (:func:`collabgraph.ingest.text.document_text`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph

from collabgraph.errors import SourceMissing
from collabgraph.sparql.query import run_named

__all__ = ["QuoteCheck", "verify_quotes", "normalise", "find_quote"]

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class QuoteCheck:
    """The outcome for one quote: found or not, and where (character offset in the source)."""

    fact: str
    file: str
    quote: str
    found: bool
    offset: int | None = None
    problem: str | None = None

    def __str__(self) -> str:
        if self.found:
            return f"ok {self.file}@{self.offset}: {self.quote[:60]}"
        return f"{self.file}: {self.problem} for {self.fact}: {self.quote!r}"


def normalise(text: str) -> tuple[str, list[int]]:
    """Collapse runs of whitespace to one space; return the text and each character's offset.

    Examples
    --------
    >>> normalise("a \\n  b")
    ('a b', [0, 1, 5])
    """
    out, offsets = [], []
    i = 0
    for m in _SPACE.finditer(text):
        for j in range(i, m.start()):
            out.append(text[j])
            offsets.append(j)
        out.append(" ")
        offsets.append(m.start())
        i = m.end()
    for j in range(i, len(text)):
        out.append(text[j])
        offsets.append(j)
    return "".join(out), offsets


def find_quote(quote: str, text: str) -> int | None:
    """Offset in ``text`` where ``quote`` starts, ignoring differences in whitespace, or None.

    Examples
    --------
    >>> find_quote("seit Juli 2023", "Die seit\\nJuli   2023 bestehende")
    4
    >>> find_quote("im Juli 2025", "im Juli 2024") is None
    True
    """
    norm_text, offsets = normalise(text)
    norm_quote = _SPACE.sub(" ", quote).strip()
    at = norm_text.find(norm_quote)
    return None if at < 0 or not norm_quote else offsets[at]


def _source_text(path: Path) -> str | None:
    """The text quotes refer to: the file itself, or for a web page or PDF the text ingest read from it."""
    if not path.is_file():
        return None
    from collabgraph.files.documents import UnreadableDocument, document_text

    try:
        return document_text(path)  # plain text as it is (any encoding), pages and PDFs as ingest read them
    except UnreadableDocument:
        return None


def verify_quotes(ds: Dataset | Graph, sources_dir: Path | str) -> list[QuoteCheck]:
    """Check every quote in ``ds`` against the source documents in ``sources_dir``.

    Raises
    ------
    SourceMissing
        ``sources_dir`` is not a directory.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> import tempfile
    >>> checks = verify_quotes(load(sources="seeds", reason=False), tempfile.mkdtemp())
    >>> {c.problem for c in checks}
    {'source document missing'}
    """
    folder = Path(sources_dir)
    if not folder.is_dir():
        raise SourceMissing(f"{folder}: not a directory of source documents")
    texts: dict[str, str | None] = {}
    checks = []
    for row in run_named(ds, "quotes"):
        file, quote = row["file"], row["quote"]
        if file not in texts:
            texts[file] = _source_text(folder / file)
        text = texts[file]
        if text is None:
            checks.append(QuoteCheck(row["fact"], file, quote, False, problem="source document missing"))
            continue
        offset = find_quote(quote, text)
        checks.append(
            QuoteCheck(row["fact"], file, quote, offset is not None, offset, None if offset is not None else "quote not found")
        )
    return checks
