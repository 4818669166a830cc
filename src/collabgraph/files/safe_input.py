"""Vet a user's input file before any parser reads it: no input may hang, fetch or open anything.

What it guards, and why here. Every file a user hands to collabgraph (``--data``, ``validate
FILE``, ``collabgraph.load(data=...)``) is listed by :func:`collabgraph.loading.sources.data_files`, which
calls :func:`vet` on it before anything else happens, so one guard covers the CLI, the server
and the Python API alike:

- **Any file** must be a readable regular file that is not empty. Turtle and its kin are
  streamed once to check they are UTF-8 (the bad byte's line is reported) and hold more than
  comments, so such mistakes are refused before the curated data is parsed.
- **XML** (RDF/XML, TriX): entity declarations (``<!ENTITY``; the "billion laughs" expand a few
  hundred bytes into gigabytes), external entities and external DTDs (they make the parser open
  a file or a URL) are refused. defusedxml's expat parser reads the prolog, streamed, up to the
  root element: a DOCTYPE cannot come later, so a huge file costs one small read.
- **JSON-LD**: every ``@context`` must be written inline. A context given as a string (on its
  own, or in a list), or an ``@import``, anywhere in the document (nested and scoped contexts
  included), is a URL or a file that rdflib's JSON-LD processor would fetch or open while
  parsing. rdflib has no switch to forbid that, and no library vets contexts, so this walk is
  hand-written; the document is parsed as JSON for it (JSON-LD is read whole anyway).

Turtle, TriG, N-Triples and N-Quads parsers never fetch or expand anything.
"""

from __future__ import annotations

import codecs
import json
import re
import stat
from pathlib import Path

from collabgraph.errors import DataFileError

__all__ = ["vet", "XML_FORMATS", "utf8_error_line"]

#: The rdflib formats that are XML, and so need the entity guard.
XML_FORMATS = frozenset({"xml", "trix"})

_CHUNK = 1 << 16
_INLINE = "write the context object inline instead (see 'Your own data' in the README)"


def vet(path: Path | str, fmt: str) -> None:
    """Refuse a file that is not a readable, non-empty regular file, or that would make its
    parser expand entities or fetch or open anything.

    Reads the XML prolog only (up to the root element), a JSON-LD document whole, and any
    other format streamed in chunks (valid UTF-8, more than comments), in bounded memory.
    Opens nothing but ``path``; writes nothing.

    Parameters
    ----------
    path : Path or str
        The file.
    fmt : str
        Its rdflib format name (``"turtle"``, ``"xml"``, ``"json-ld"``, …).

    Raises
    ------
    DataFileError
        One line naming the file (and the line, where there is one) and what is wrong.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> bomb = pathlib.Path(tempfile.mkdtemp()) / "bomb.rdf"
    >>> _ = bomb.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aa">]><r>&a;</r>')
    >>> vet(bomb, "xml")
    Traceback (most recent call last):
    ...
    collabgraph.errors.DataFileError: .../bomb.rdf:1: refused: the DOCTYPE declares entity 'a'; ...
    """
    path = Path(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise DataFileError(path, "is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise DataFileError(path, "not a regular file")
        with open(path, "rb") as stream:
            if fmt in XML_FORMATS:
                _vet_xml(path, stream)
            elif fmt == "json-ld":
                _vet_jsonld(path, stream.read())
            else:
                _vet_text(path, stream)
    except FileNotFoundError:
        raise DataFileError(path, "no such file") from None
    except PermissionError:
        raise DataFileError(path, "cannot read: permission denied") from None
    except IsADirectoryError:
        raise DataFileError(path, "is a directory, not a file") from None
    except OSError as exc:
        raise DataFileError(path, f"cannot read: {exc.strerror or exc}") from None


class _RootReached(Exception):
    """The prolog is over: no DOCTYPE can follow."""


def _prolog_parser():
    """defusedxml's expat parser, stopping at the root element, that also refuses an external
    DTD (``<!DOCTYPE r SYSTEM "…">``); an internal DOCTYPE without entities is harmless and
    stays allowed. (Imported here: only XML input pays for it.)"""
    from xml.sax.handler import ContentHandler

    from defusedxml import DTDForbidden
    from defusedxml.expatreader import DefusedExpatParser

    class StopAtRoot(ContentHandler):
        def startElement(self, name, attrs):  # noqa: N802  (SAX's name)
            raise _RootReached

    class Parser(DefusedExpatParser):
        def reset(self):
            super().reset()
            self._parser.StartDoctypeDeclHandler = self._doctype

        @staticmethod
        def _doctype(name, sysid, pubid, has_internal_subset):
            if sysid or pubid:
                raise DTDForbidden(name, sysid, pubid)

    parser = Parser(forbid_dtd=False, forbid_entities=True, forbid_external=True)
    parser.setContentHandler(StopAtRoot())
    return parser


def _vet_xml(path: Path, stream) -> None:
    from xml.sax import SAXParseException

    from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

    parser = _prolog_parser()
    first = stream.read(_CHUNK)
    if not first.strip():
        raise DataFileError(path, "empty file: no triples")
    chunk = first
    try:
        while chunk:
            parser.feed(chunk)
            chunk = stream.read(_CHUNK)
        parser.close()
    except _RootReached:
        return
    except EntitiesForbidden as exc:
        if exc.sysid or exc.pubid:
            raise DataFileError(
                path,
                f"refused: external entity {exc.name!r} ({exc.sysid or exc.pubid}); "
                "collabgraph opens no file or URL an input names",
                line=_line(parser),
            ) from None
        raise DataFileError(
            path,
            f"refused: the DOCTYPE declares entity {exc.name!r}; entities "
            "can expand without bound or read other files, so collabgraph "
            "does not expand them (write the values out, or save as Turtle)",
            line=_line(parser),
        ) from None
    except ExternalReferenceForbidden as exc:
        raise DataFileError(
            path,
            f"refused: external entity {exc.sysid or exc.pubid!r}; collabgraph opens no file or URL an input names",
            line=_line(parser),
        ) from None
    except DTDForbidden as exc:
        raise DataFileError(
            path,
            f"refused: external DTD {exc.sysid or exc.pubid!r}; collabgraph opens no file or URL an input names",
            line=_line(parser),
        ) from None
    except SAXParseException as exc:
        raise DataFileError(path, f"not well-formed XML: {exc.getMessage()}", line=exc.getLineNumber()) from None


def _line(parser) -> int | None:
    try:
        return parser._parser.CurrentLineNumber
    except AttributeError:
        return None


def _vet_jsonld(path: Path, raw: bytes) -> None:
    if not raw.strip():
        raise DataFileError(path, "empty file: no triples")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataFileError(path, f"not UTF-8 text ({exc.reason})", line=raw.count(b"\n", 0, exc.start) + 1) from None
    try:
        document = json.loads(text)
        _walk(document, path)
    except json.JSONDecodeError as exc:
        raise DataFileError(path, f"not valid JSON: {exc.msg}", line=exc.lineno) from None
    except RecursionError:
        raise DataFileError(path, "JSON nested too deeply") from None


def _walk(node, path: Path) -> None:
    """Check every ``@context`` in a JSON-LD document (contexts inside contexts too)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                _context(value, path)
            else:
                _walk(value, path)
    elif isinstance(node, list):
        for item in node:
            _walk(item, path)


def _context(context, path: Path) -> None:
    if isinstance(context, str):
        raise DataFileError(
            path, f"refused: remote JSON-LD @context {context!r}; collabgraph fetches and opens nothing an input names; {_INLINE}"
        )
    if isinstance(context, list):
        for item in context:
            _context(item, path)
    elif isinstance(context, dict):
        if "@import" in context:
            raise DataFileError(
                path,
                f"refused: JSON-LD @import {context['@import']!r}; "
                f"collabgraph fetches and opens nothing an input names; "
                f"{_INLINE}",
            )
        _walk(context, path)  # scoped contexts in term definitions


def _vet_text(path: Path, stream) -> None:
    """Turtle and its kin: valid UTF-8, and more than blank lines and comments."""
    bad, content = _scan_text(stream)
    if bad is not None:
        raise DataFileError(path, "not UTF-8 text", line=bad)
    if not content:
        raise DataFileError(path, "empty file: no triples" if stream.tell() == 0 else "no triples: only blank lines and comments")


#: A line that starts with more than blanks or a comment (at a chunk's start it may be the end of
#: a comment's line: then the file is only taken for having content, which the parser settles).
_CONTENT = re.compile(r"^[^\S\n]*[^\s#]", re.MULTILINE)


def _scan_text(stream) -> tuple[int | None, bool]:
    """Stream a binary file: the line of its first byte that is not UTF-8 (None if all are), and
    whether any line holds more than blanks or a comment. Memory stays bounded."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    newlines, content = 0, False
    while chunk := stream.read(_CHUNK):
        try:
            text = decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            # exc.object may start with up to 3 bytes of a character begun in the last chunk
            held = len(exc.object) - len(chunk)
            return newlines + chunk.count(b"\n", 0, max(exc.start - held, 0)) + 1, content
        content = content or _CONTENT.search(text) is not None
        newlines += chunk.count(b"\n")
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return newlines + 1, content
    return None, content


def utf8_error_line(path: Path | str) -> int | None:
    """The line of the first byte of ``path`` that is not UTF-8 (None if all of it is).

    Reads the file in chunks: memory stays bounded however large it is.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> bad = pathlib.Path(tempfile.mkdtemp()) / "bad.ttl"
    >>> _ = bad.write_bytes(b'# ok\\n"caf\\xe9" .\\n')
    >>> utf8_error_line(bad)
    2
    """
    with open(path, "rb") as stream:
        return _scan_text(stream)[0]
