"""The ontology's vocabulary a review file uses: the classes a new party can be given and the roles of memberships and posts.

Read once from the ontology collabgraph ships (``collabgraph.ttl``), so that the review file,
its reader and accept offer and check exactly the organisation classes and ``org:Role`` names
the ontology defines, in every language its labels give.
"""

from __future__ import annotations

import functools

from rdflib import RDF, RDFS, Graph, URIRef

from collabgraph.namespaces import CG, ORG
from collabgraph.resources import ontology_dir

__all__ = ["organisation_types", "post_roles", "default_type"]


@functools.lru_cache(maxsize=1)
def _ontology() -> Graph:
    graph = Graph()
    graph.parse(ontology_dir() / "collabgraph.ttl", format="turtle")
    return graph


@functools.lru_cache(maxsize=1)
def organisation_types() -> tuple[str, ...]:
    """The classes a new party can be given (``type``): the ontology's organisation classes and ``Person``.

    Examples
    --------
    >>> types = organisation_types()
    >>> "University" in types and "Alliance" in types and "Person" in types
    True
    """
    graph = _ontology()
    found = {
        str(c)[len(str(CG)) :]
        for c in graph.transitive_subjects(RDFS.subClassOf, ORG.Organization)
        if isinstance(c, URIRef) and str(c).startswith(str(CG))
    }
    found.discard("UnresolvedOrganization")  # for names the curation could not resolve, not new parties
    return tuple(sorted(found)) + ("Person",)


@functools.lru_cache(maxsize=1)
def post_roles() -> dict[str, str]:
    """The roles of memberships and posts: every name of each ``org:Role`` (local name and labels,
    casefolded) mapped to its local name.

    Examples
    --------
    >>> roles = post_roles()
    >>> roles["head"], roles["leiter"], roles["partner"]
    ('Head', 'Head', 'Partner')
    """
    graph = _ontology()
    names: dict[str, str] = {}
    for role in sorted(graph.subjects(RDF.type, ORG.Role), key=str):
        if not str(role).startswith(str(CG)):
            continue
        local = str(role)[len(str(CG)) :]
        names[local.casefold()] = local
        for label in graph.objects(role, RDFS.label):
            names.setdefault(str(label).casefold(), local)
    return names


def default_type(role: str) -> str:
    """The class a new party gets unless the curator says otherwise.

    Examples
    --------
    >>> default_type("alliance"), default_type("person"), default_type("party")
    ('Alliance', 'Person', 'Institution')
    """
    return {"alliance": "Alliance", "person": "Person"}.get(role, "Institution")
