"""Resolving an institution by name: the one node that stands for it in every view, whichever
of its names, its units' names or its aliases' names is given.
"""

from __future__ import annotations

from rdflib import Dataset

from collabgraph.questions.lookup import Names, names, resolve
from collabgraph.questions.organisations import OrganisationLookup, top_level
from collabgraph.questions.reconcile import canonical

__all__ = ["institution"]


def institution(ds: Dataset, name: str, index: Names | None = None) -> str:
    """The node that stands for the institution called ``name`` in every view: its canonical,
    top-level IRI (a unit's name gives its institution).

    Raises
    ------
    UnknownInstitution
        No institution has that name (with close matches).

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> institution(load(sources="seeds"), "ITEM")
    'https://w3id.org/collabgraph/id/maastricht-university'
    """
    index = index or names(ds)
    return top_level(OrganisationLookup(ds, index), canonical(ds), str(resolve(index, name)))
