"""Read a source document's text: plain text in any encoding, HTML, PDF or a table.

Text extraction is trafilatura's (HTML: the main text, with navigation, cookie banners,
footers and sidebars dropped) and pypdf's (PDF). Nothing here reaches the network: trafilatura is
given the page's markup, never a URL. Quotes, offsets and later verification all use the text
this module returns: ``ingest`` reads pages through it and ``verify`` reads HTML and PDF sources
through :func:`document_text` too.
"""

from __future__ import annotations

from pathlib import Path

from collabgraph.errors import CollabgraphError
from collabgraph.files.tables import TABLE_SUFFIXES

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
PDF_SUFFIXES = {".pdf"}
#: Languages the cue lexicons know; identification is restricted to these and a few neighbours.


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


def extract(path: Path) -> tuple[str, dict, bytes]:
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
        from collabgraph.files.tables import table_text

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
    return extract(Path(path))[0]
