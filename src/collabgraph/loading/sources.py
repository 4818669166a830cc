"""The files a load reads, each with the named graph it goes into: the ontology, the curated
source documents (``seeds``, or ``all`` with the public reference facts) and a user's own RDF
files or directories, each of those vetted before anything parses it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from collabgraph.errors import CollabgraphError, DataFileError
from collabgraph.files.safe_input import vet
from collabgraph.namespaces import ONTOLOGY_GRAPH, graph_iri
from collabgraph.resources import data_dir, ontology_dir
from collabgraph.store.parse import FORMATS, DataFile, rdf_format

__all__ = ["DataFile", "data_files", "user_files", "SOURCES", "ONTOLOGY_FILES"]

#: Which curated graphs a source selection includes.
SOURCES = {"seeds": ("seed",), "all": ("seed", "public")}

#: Ontology files loaded into the ontology graph (the shapes are loaded only to validate).
ONTOLOGY_FILES = ("collabgraph.ttl", "concepts.ttl", "places.ttl")

#: What a directory given as data contributes (a folder's other .xml files may be anything).
_FOLDER_SUFFIXES = frozenset(FORMATS) - {".xml"}


def data_files(sources: str = "all", data: Iterable[Path | str] = (), *, curated: bool = True) -> list[DataFile]:
    """List the files a load reads, each with its named graph.

    Parameters
    ----------
    sources : {"seeds", "all"}
        ``"seeds"`` for the five curated source documents only, ``"all"`` to add public sources.
    data : paths
        A user's own RDF files or directories, loaded read-only into ``graph/user/<stem>``.
        Each file is vetted first (:func:`collabgraph.files.safe_input.vet`): readable, not empty,
        and nothing in it that would make a parser expand entities or fetch or open anything.
    curated : bool
        Include the curated data (``False`` loads the ontology and the user's files only).

    Raises
    ------
    DataFileError
        A file is missing, unreadable, empty or refused, or a directory holds no RDF file.

    Examples
    --------
    >>> [f.graph.split("/graph/")[1] for f in data_files("seeds")][:2]
    ['ontology', 'ontology']
    """
    if sources not in SOURCES:
        raise CollabgraphError(f"unknown source selection {sources!r}; choose seeds or all")
    files = [DataFile(ontology_dir() / name, ONTOLOGY_GRAPH) for name in ONTOLOGY_FILES]
    if curated:
        for kind in SOURCES[sources]:
            for path in sorted((data_dir() / f"{kind}s" if kind == "seed" else data_dir() / kind).glob("*.ttl")):
                files.append(DataFile(path, graph_iri(kind, path.stem)))
    for path in _user_paths(data):
        vet(path, rdf_format(path))
        files.append(DataFile(path, graph_iri("user", path.stem)))
    return files


def _user_paths(data: Iterable[Path | str]) -> list[Path]:
    """The files ``data`` names: each file, and each directory's RDF files (whatever the
    directory is called: ``x.ttl/`` is a directory too)."""
    paths = []
    for item in map(Path, data):
        if item.is_dir():
            found = sorted(p for p in item.rglob("*") if p.suffix.lower() in _FOLDER_SUFFIXES and p.is_file())
            if not found:
                raise DataFileError(
                    item, f"a directory with no RDF files in it (looked for {', '.join(sorted(_FOLDER_SUFFIXES))})"
                )
            paths += found
        elif item.exists():
            paths.append(item)
        else:
            raise DataFileError(item, "no such file or directory")
    return paths


def user_files(data: Iterable[Path | str]) -> list[DataFile]:
    """The user's files among ``data`` (files or directories), each with its named graph.

    Examples
    --------
    >>> user_files(["data/seeds/000_b86e7fc7cd7be3f7.ttl"])[0].graph.split("/graph/")[1]
    'user/000_b86e7fc7cd7be3f7'
    """
    return [DataFile(p, graph_iri("user", p.stem)) for p in _user_paths(data)]
