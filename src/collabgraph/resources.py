"""Where the shipped ontology, curated data and queries live, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

__all__ = ["ontology_dir", "data_dir", "queries_dir", "resource_dir"]

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """Return the directory of a shipped resource (``"ontology"`` or ``"data"``).

    In a wheel the directories are under ``collabgraph/_resources``; in a source checkout they
    are at the repository root.

    Examples
    --------
    >>> (resource_dir("ontology") / "collabgraph.ttl").is_file()
    True
    """
    for candidate in (_PACKAGE / "_resources" / name, _PACKAGE.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"collabgraph resource directory {name!r} not found")


def ontology_dir() -> Path:
    """Directory holding ``collabgraph.ttl``, ``concepts.ttl``, ``places.ttl`` and ``shapes.ttl``."""
    return resource_dir("ontology")


def data_dir() -> Path:
    """Directory holding ``seeds/*.ttl`` and ``public/*.ttl``."""
    return resource_dir("data")


def queries_dir() -> Path:
    """Directory of the named SPARQL queries (``*.rq``)."""
    return _PACKAGE / "queries"
