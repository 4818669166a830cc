"""Parsing one RDF file (a :class:`DataFile`: a path and its named graph) into a graph, its format
named by its suffix, with every parser's
error (rdflib's, Oxigraph's bulk loader's, an encoding error) turned into a
:class:`~collabgraph.errors.DataFileError` that names the file and the line to look at.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from collabgraph.errors import DataFileError
from collabgraph.files.safe_input import utf8_error_line, vet
from collabgraph.store import backend

__all__ = ["DataFile", "parse_file", "load_in_bulk", "rdf_format", "FORMATS"]

#: The RDF format of each file suffix rdflib parses (Turtle for any other suffix).
FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".trix": "trix",
    ".xml": "xml",
}


_QUAD_FORMATS = frozenset({"trig", "nquads", "trix"})


def rdf_format(path: Path) -> str:
    """The format rdflib parses ``path`` as, named by its suffix (Turtle for an unknown one).

    Examples
    --------
    >>> rdf_format(Path("people.JSONLD")), rdf_format(Path("notes.txt"))
    ('json-ld', 'turtle')
    """
    return FORMATS.get(path.suffix.lower(), "turtle")


@dataclass(frozen=True)
class DataFile:
    """A file and the named graph it loads into."""

    path: Path
    graph: URIRef


def parse_file(path: Path | str, into: Graph | None = None, *, vetted: bool = False) -> Graph:
    """Parse one RDF file, turning syntax errors into a :class:`DataFileError` with file and line.

    Parameters
    ----------
    path : Path or str
        The file; its suffix names the format (Turtle if unknown).
    into : Graph, optional
        Add the triples here (default: a new graph).
    vetted : bool
        The file was already vetted (:func:`~collabgraph.loading.sources.data_files` does it) or ships with collabgraph;
        otherwise :func:`collabgraph.files.safe_input.vet` runs first.

    Raises
    ------
    DataFileError
        The file is refused by the vetting, is not valid in its format (with the line: for a
        missing ``.`` the line the statement ends on), or holds no triples.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> bad = pathlib.Path(tempfile.mkdtemp()) / "bad.ttl"
    >>> _ = bad.write_text('@prefix ex: <http://example.org/> .\\nex:a ex:b "open .\\n')
    >>> parse_file(bad)
    Traceback (most recent call last):
    ...
    collabgraph.errors.DataFileError: .../bad.ttl:2: newline found in string literal
    """
    path = Path(path)
    graph = Graph() if into is None else into
    fmt = rdf_format(path)
    if not vetted:
        vet(path, fmt)
    quads = fmt in _QUAD_FORMATS and graph.store.context_aware  # these fill the graphs they name
    before = len(graph.store) if quads else _is_empty(graph)
    try:
        if _has_bom(path):  # a UTF-8 byte-order mark, which some parsers take for text
            with open(path, "rb") as stream:
                stream.seek(3)
                graph.parse(file=stream, format=fmt, publicID=path.absolute().as_uri())
        elif not backend(graph).bulk_load(path, fmt):  # Oxigraph's loader: ~10x rdflib's parser
            graph.parse(path, format=fmt)
    except BadSyntax as exc:
        text = exc._str.decode("utf-8", "replace")[: exc._i]
        raise DataFileError(path, exc._why, line=_statement_line(text, exc._why)) from None
    except SyntaxError as exc:  # Oxigraph's loader
        line = exc.lineno
        message = exc.msg
        if line and _MISSING_DOT[1] in message:
            with open(path, encoding="utf-8", errors="replace") as lines:
                head = list(islice(lines, line))
            head[-1] = head[-1][: max((exc.offset or 1) - 1, 0)]
            line = _statement_line("".join(head), message)
            message = message.rpartition(": ")[2]  # its own "at line N" named the next token's line
        raise DataFileError(path, message, line=line) from None
    except FileNotFoundError:
        raise DataFileError(path, "no such file") from None
    except UnicodeDecodeError as exc:
        raise DataFileError(path, f"not UTF-8 text ({exc.reason})", line=utf8_error_line(path)) from None
    except Exception as exc:  # other parsers (RDF/XML, JSON-LD) raise their own types
        raise DataFileError(path, f"not valid {fmt}: {exc}") from None
    if (len(graph.store) == before) if quads else (before and _is_empty(graph)):
        raise DataFileError(path, "no triples in this file")
    return graph


#: How rdflib and Oxigraph say a statement lacks its closing dot.
_MISSING_DOT = ("at end of statement", "A dot is expected")


def _statement_line(before: str, message: str) -> int:
    """The line to report for a syntax error found at the end of ``before`` (the text up to it).

    A parser finds a missing ``.`` only at the next token, often lines later; the mistake is on
    the line where the statement ended, the last one before it holding more than a comment.
    """
    lines = before.split("\n")
    if not any(cue in message for cue in _MISSING_DOT) or lines[-1].strip():
        return len(lines)
    for index in range(len(lines) - 2, -1, -1):
        text = lines[index].strip()
        if text and not text.startswith("#"):
            return index + 1
    return len(lines)


def _is_empty(graph: Graph) -> bool:
    return next(iter(graph.triples((None, None, None))), None) is None


def load_in_bulk(path: Path, into: Graph) -> bool:
    """Load ``path`` into ``into`` with the store's own loader alone, binding no prefixes and
    touching no Python object of the dataset (safe from a second thread); False where the store
    has no loader for the file (rdflib's store, a format Oxigraph does not read, a byte-order
    mark): then use :func:`parse_file`. A syntax error raises the loader's own ``SyntaxError``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from rdflib import Dataset
    >>> mine = pathlib.Path(tempfile.mkdtemp()) / "mine.ttl"
    >>> _ = mine.write_text("<urn:s> <urn:p> <urn:o> .")
    >>> load_in_bulk(mine, Dataset().graph("urn:g"))  # rdflib's memory store: parse_file instead
    False
    """
    return not _has_bom(path) and backend(into).bulk_load(path, rdf_format(path), prefixes=False)


def _has_bom(path: Path) -> bool:
    with open(path, "rb") as stream:
        return stream.read(3) == b"\xef\xbb\xbf"
