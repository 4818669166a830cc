"""Read a source document into the text ingest works on: plain text, HTML, PDF, or a table.

Text extraction is trafilatura's (HTML: the main text, with navigation, cookie banners,
footers and sidebars dropped) and pypdf's (PDF); language identification is py3langid's;
sentence splitting pysbd's. Nothing here reaches the network: trafilatura is given the page's
markup, never a URL. Quotes, offsets and later verification all use the text this module
returns, so ``verify`` reads HTML and PDF sources through :func:`document_text` too.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from collabgraph.files.documents import (
    HTML_SUFFIXES,
    PDF_SUFFIXES,
    TABLE_SUFFIXES,
    TEXT_SUFFIXES,
    UnreadableDocument,
    document_text,
    extract,
)
from collabgraph.ingest.model import Reading, sha256_of

__all__ = [
    "HTML_SUFFIXES",
    "PDF_SUFFIXES",
    "TABLE_SUFFIXES",
    "TEXT_SUFFIXES",
    "UnreadableDocument",
    "document_text",
    "language_of",
    "sentences",
    "read_document",
    "LANGUAGES",
]

LANGUAGES = ("de", "nl", "en", "fr", "it", "es", "pt", "vi", "id")
_URL = re.compile(r"https?://[^\s<>\"')\]]+")


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def language_of(text: str) -> str | None:
    """The text's language as an ISO 639-1 code (py3langid), or None for too little text.

    Examples
    --------
    >>> language_of("Die beiden Kliniken haben eine Kooperationsvereinbarung unterzeichnet.")
    'de'
    >>> language_of("De universiteit heeft een samenwerkingsovereenkomst ondertekend.")
    'nl'
    """
    words = re.findall(r"\w+", text)
    if len(words) < 3:
        return None
    lang, _ = _identifier().classify(text)
    return lang


@lru_cache(maxsize=8)
def _segmenter(language: str):
    import pysbd

    supported = language if language in {"de", "nl", "en", "fr", "it", "es"} else "en"
    return pysbd.Segmenter(language=supported, clean=False, char_span=True)


def sentences(text: str, language: str | None) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in ``text`` (pysbd), trimmed of surrounding whitespace.

    Lines that stand alone (headings, list items) are sentences of their own.

    Examples
    --------
    >>> t = "Das UKM hat ein MoU unterzeichnet. Es gilt seit Juli 2023."
    >>> [t[a:b] for a, b in sentences(t, "de")]
    ['Das UKM hat ein MoU unterzeichnet.', 'Es gilt seit Juli 2023.']
    """
    spans = []
    for block in re.finditer(r"[^\n]+", text):
        line = block.group()
        if not line.strip():
            continue
        for piece in _segmenter(language or "en").segment(line):
            start = block.start() + piece.start
            end = block.start() + piece.end
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                spans.append((start, end))
    return spans


_DATELINE_WINDOW = 400
_DATELINE_PREFIX = re.compile(
    r"^\W*(?:(?:published|updated|posted|date|datum|veröffentlicht|stand|gepubliceerd|"
    r"publié|mis à jour|le)\b[\s:]*|[\w.()/-]+(?:\s+[\w.()/-]+){0,3}\s*[,–—|-]\s*)?$",
    re.I,
)


def _is_dateline(head: str, start: int, end: int) -> bool:
    """A date that opens its line ("Münster, 14. März 2025 –", "Published: 4 June 2024"), not one in a sentence."""
    line_start = head.rfind("\n", 0, start) + 1
    line_end = head.find("\n", end)
    after = head[end : line_end if line_end >= 0 else len(head)].lstrip()
    return bool(_DATELINE_PREFIX.match(head[line_start:start])) and (not after or after[0] in ".–—-|:")


def read_document(path: Path | str, *, published: str | None = None) -> Reading:
    """Read a source document: its text, language, publication date, URL and SHA-256.

    ``published`` (``YYYY-MM-DD``) anchors relative dates; without it the page's own date
    (HTML metadata, or a dateline near the top of the text) is used when there is one, and
    :attr:`Reading.published_basis` says which.

    Raises
    ------
    UnreadableDocument
        The file is missing, of an unknown type, or has no text.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> page = pathlib.Path(tempfile.mkdtemp()) / "news.txt"
    >>> _ = page.write_text("Münster, 14. März 2025. Das UKM und die Universität Twente haben gestern "
    ...                     "eine Kooperationsvereinbarung unterzeichnet.", encoding="utf-8")
    >>> r = read_document(page)
    >>> r.language, r.published, r.published_basis
    ('de', '2025-03-14', 'dateline')
    """
    from collabgraph.dates import parse_partial_date
    from collabgraph.ingest.when import find_dates

    path = Path(path)
    text, info, data = extract(path)
    language = language_of(text)
    basis = span = None
    if published:
        published = parse_partial_date(published)
        basis = "given"
    elif info.get("date"):
        published, basis = info["date"][:10], "page metadata"
    else:
        head = text[:_DATELINE_WINDOW]
        for found in find_dates(head, language, None):
            if found.precision == "day" and not found.relative and _is_dateline(head, found.start, found.end):
                published, basis, span = found.value, "dateline", (found.start, found.end)
                break
    url = info.get("url")
    if not url:
        urls = _URL.findall(text)
        url = urls[-1].rstrip(".,;") if urls else None
    return Reading(
        source=path.name,
        text=text,
        language=language,
        published=published,
        published_basis=basis,
        path=str(path),
        sha256=sha256_of(data),
        url=url,
        title=info.get("title"),
        dateline_span=span,
    )
