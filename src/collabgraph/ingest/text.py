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

from collabgraph.errors import CollabgraphError
from collabgraph.ingest.model import Reading, sha256_of
from collabgraph.ingest.table_files import TABLE_SUFFIXES

__all__ = ["document_text", "read_document", "language_of", "sentences", "UnreadableDocument", "TEXT_SUFFIXES"]

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
PDF_SUFFIXES = {".pdf"}
#: Languages the cue lexicons know; identification is restricted to these and a few neighbours.
LANGUAGES = ("de", "nl", "en", "fr", "it", "es", "pt", "vi", "id")
_URL = re.compile(r"https?://[^\s<>\"')\]]+")


class UnreadableDocument(CollabgraphError):
    """A source document that cannot be read as text (wrong type, broken file, no text)."""


def _decode(data: bytes, path: Path) -> str:
    for encoding in ("utf-8-sig", "utf-8"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnreadableDocument(f"{path}: not text in any encoding charset-normalizer knows")
    return str(best)


def _html_text(markup: str, path: Path) -> tuple[str, dict]:
    import trafilatura

    text = trafilatura.extract(
        markup, include_comments=False, include_tables=True, favor_precision=True, deduplicate=False, with_metadata=False
    )
    if not text:
        text = trafilatura.extract(markup, include_comments=False, include_tables=True, favor_recall=True)
    if not text:
        raise UnreadableDocument(f"{path}: no main text found in the HTML")
    meta = trafilatura.extract_metadata(markup, extensive=False)  # a date the page declares, not one in its text
    info = {}
    if meta is not None:
        info = {"title": meta.title, "url": meta.url, "date": meta.date}
    return text, info


def _pdf_text(data: bytes, path: Path) -> str:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as err:
        raise UnreadableDocument(f"{path}: not a readable PDF ({err})") from None
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise UnreadableDocument(f"{path}: the PDF has no text layer (scanned pages need OCR first)")
    return text


def _extract(path: Path) -> tuple[str, dict, bytes]:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise UnreadableDocument(f"{path}: {err.strerror or err}") from None
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        text, info = _html_text(_decode(data, path), path)
        return text, info, data
    if suffix in PDF_SUFFIXES:
        return _pdf_text(data, path), {}, data
    if suffix in TABLE_SUFFIXES:
        from collabgraph.ingest.table_files import table_text

        return table_text(path), {}, data
    if suffix in TEXT_SUFFIXES or not suffix:
        text = _decode(data, path)
        if text.lstrip().lower().startswith(("<!doctype html", "<html")):
            text, info = _html_text(text, path)
            return text, info, data
        if not text.strip():
            raise UnreadableDocument(f"{path}: the file is empty")
        return text, {}, data
    raise UnreadableDocument(f"{path}: unknown document type {suffix!r} (use .txt, .html, .pdf, .csv or .xlsx)")


def document_text(path: Path | str) -> str:
    """The text collabgraph reads from a source document: what quotes and offsets refer to.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> page = pathlib.Path(tempfile.mkdtemp()) / "p.txt"
    >>> _ = page.write_text("Die Universität Münster und das UKM.", encoding="utf-8")
    >>> document_text(page)
    'Die Universität Münster und das UKM.'
    """
    return _extract(Path(path))[0]


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
    text, info, data = _extract(path)
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
