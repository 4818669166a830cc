"""From a new page to trusted facts: read a page, propose candidate facts with quotes, review, accept.

``ingest`` reads pages (:mod:`.text`), finds the organisations they name (:mod:`.organisations`)
and proposes facts (:mod:`.proposals`) as :class:`~.model.Candidate` objects; :mod:`.review`
writes and reads the YAML review file; :mod:`.accept` turns accepted candidates into Turtle in
the curated model, validated and verified before anything is written; :mod:`.table` reads a
CSV/XLSX of agreements into the same candidates.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Dataset

from collabgraph.ingest.model import Candidate, Party, Reading
from collabgraph.ingest.organisations import Gazetteer
from collabgraph.ingest.text import HTML_SUFFIXES, PDF_SUFFIXES, TEXT_SUFFIXES, UnreadableDocument, read_document

__all__ = ["ingest", "ingest_file", "document_paths", "Candidate", "Party", "Reading", "Gazetteer"]

PAGE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES


def document_paths(paths: Iterable[Path | str]) -> list[Path]:
    """The pages to read: files as given, and every page file in a directory (sorted).

    Raises
    ------
    UnreadableDocument
        A path does not exist, or a directory holds no page.

    Examples
    --------
    >>> document_paths(["/nonexistent/page.html"])
    Traceback (most recent call last):
    ...
    collabgraph.files.documents.UnreadableDocument: /nonexistent/page.html: no such file or directory
    """
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES)
            if not found:
                raise UnreadableDocument(f"{path}: no .txt, .html or .pdf pages in this directory")
            out += found
        elif path.is_file():
            out.append(path)
        else:
            raise UnreadableDocument(f"{path}: no such file or directory")
    return out


def ingest_file(path: Path | str, gazetteer: Gazetteer, *, published: str | None = None) -> Reading:
    """Read one page and propose its candidate facts.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> page = pathlib.Path(tempfile.mkdtemp()) / "news.txt"
    >>> _ = page.write_text("Maastricht University and Ghent University signed a double degree agreement "
    ...                     "on 3 May 2024.", encoding="utf-8")
    >>> r = ingest_file(page, Gazetteer())
    >>> [(c.kind, c.status, c.date) for c in r.candidates]
    [('JointDegreeProgramme', 'signed', '2024-05-03')]
    """
    from collabgraph.ingest.proposals import propose

    return propose(read_document(path, published=published), gazetteer)


def ingest(paths: Iterable[Path | str], ds: Dataset, *, published: str | None = None) -> list[Reading]:
    """Read pages (files or directories) against the organisations of ``ds``.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> import tempfile, pathlib
    >>> page = pathlib.Path(tempfile.mkdtemp()) / "news.txt"
    >>> _ = page.write_text("Das UKM und die Universität Ulm haben im Mai 2024 ein MoU unterzeichnet.", encoding="utf-8")
    >>> [[(p.name, p.iri is not None) for p in c.parties] for c in ingest([page], load(sources="seeds"))[0].candidates]
    [[('UKM', True), ('Universität Ulm', False)]]
    """
    gazetteer = Gazetteer.from_dataset(ds)
    return [ingest_file(p, gazetteer, published=published) for p in document_paths(paths)]
