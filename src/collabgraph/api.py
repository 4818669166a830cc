"""The notebook-friendly façade: a :class:`KnowledgeGraph` holds an rdflib Dataset and has methods.

Functions first, façade second: every method here is a thin call of a plain function over the
dataset (``kg.dataset``), so power users keep the whole rdflib ``Dataset`` API
(``kg.dataset.graph(...)``, ``kg.dataset.serialize(...)``, ``kg.dataset.query(...)`` with rdflib's
own result object), and ``kg.query(text)`` returns typed :class:`~collabgraph.sparql.query.Rows`.
"""

from __future__ import annotations

import html
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset

from collabgraph.errors import UnknownAlliance, UnknownInstitution
from collabgraph.loading.load import load as _load
from collabgraph.questions.lookup import names, resolve
from collabgraph.sparql.query import Rows, query_text, run

__all__ = ["KnowledgeGraph", "Match", "View", "load"]


@dataclass(frozen=True)
class Match:
    """An organisation found by :meth:`KnowledgeGraph.lookup`."""

    iri: str
    label: str
    alt_labels: list[str]
    alliance: bool


@dataclass(frozen=True)
class View:
    """An HTML file written by :meth:`KnowledgeGraph.show`; shows itself inline in Jupyter."""

    path: Path

    def _repr_html_(self) -> str:
        page = self.path.read_text(encoding="utf-8")
        return (
            f'<iframe srcdoc="{html.escape(page, quote=True)}" style="width:100%;height:620px;'
            'border:1px solid #ddd" sandbox="allow-scripts"></iframe>'
        )


class KnowledgeGraph:
    """The collabgraph dataset with one method per question users ask.

    A KnowledgeGraph *has* an rdflib :class:`~rdflib.Dataset` (``kg.dataset``); it is not one.
    Its methods are thin calls of the plain functions, which take the dataset. rdflib's own API
    stays one attribute away (``kg.dataset.graph(...)``, ``kg.dataset.serialize(...)``), and
    attributes a KnowledgeGraph does not define are looked up on the dataset, so ``kg.graph(...)``
    works too.

    Parameters
    ----------
    dataset : rdflib.Dataset
        A loaded dataset (:func:`collabgraph.loading.load.load`).

    Examples
    --------
    >>> import collabgraph as cg
    >>> kg = cg.load(sources="seeds")
    >>> [p.label for p in kg.partners("Klinikum Osnabrück")]
    ['University Hospital Münster']
    >>> kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a cg:MemorandumOfUnderstanding }")[0]["n"]
    5
    >>> type(kg.dataset).__name__
    'Dataset'
    """

    def __init__(self, dataset: Dataset):
        self.dataset = dataset

    def __getattr__(self, name: str):
        if name == "dataset":  # not set yet (unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.dataset, name)

    def __len__(self) -> int:
        return len(self.dataset)

    def __iter__(self):
        return iter(self.dataset)

    def __contains__(self, triple_or_quad) -> bool:
        return triple_or_quad in self.dataset

    def __repr__(self) -> str:
        return f"<KnowledgeGraph of {self.dataset!r}>"

    def query(self, text: str, **bindings) -> Rows:
        """Run SPARQL and return typed :class:`~collabgraph.sparql.query.Rows`.

        Parameters
        ----------
        text : str
            SPARQL text, the name of a shipped query (``"partners"``) or a ``.rq`` path.
        **bindings
            Values for the query's variables: ``kg.query("agreements_in_year", year="2019")``.

        Examples
        --------
        >>> import collabgraph as cg
        >>> kg = cg.load(sources="seeds")
        >>> len(kg.query("agreements_in_year", year="2019")) >= 1
        True

        rdflib's result object is the dataset's: ``kg.dataset.query(text)``.
        """
        from rdflib import Literal, URIRef

        values = {k: v if isinstance(v, (Literal, URIRef)) else Literal(v) for k, v in bindings.items()}
        return run(self.dataset, query_text(text), **values)

    def parse(self, *args, **kwargs) -> KnowledgeGraph:
        """rdflib's ``parse`` into the dataset; the next question reconciles institutions again.

        Examples
        --------
        >>> import collabgraph as cg
        >>> kg = cg.load(sources="seeds")
        >>> kg.parse(data="<urn:x> <urn:y> <urn:z> .", format="nt") is kg
        True
        """
        from collabgraph.questions.reconcile import forget

        self.dataset.parse(*args, **kwargs)
        forget(self.dataset)
        return self

    def lookup(self, name: str, *, limit: int = 5) -> Match:
        """The organisation called ``name`` (any label, any case); raises with suggestions.

        Examples
        --------
        >>> import collabgraph as cg
        >>> cg.load(sources="seeds").lookup("ukm").label
        'University Hospital Münster'
        """
        index = names(self.dataset)
        try:
            iri = str(resolve(index, name, limit=limit))
        except UnknownInstitution as not_institution:
            try:
                iri = str(resolve(index, name, alliance=True, limit=limit))
            except UnknownAlliance:
                raise not_institution from None
        return Match(iri, index.label(iri), index.alt_labels(iri), iri in index.alliances)

    def partners(
        self,
        name: str,
        *,
        as_of: str | None = None,
        include_planned: bool = False,
        kinds: set[str] | None = None,
        former: bool = False,
    ):
        """Partners of an institution and what connects them (see :func:`collabgraph.questions.partners.partners`).

        Examples
        --------
        >>> import collabgraph as cg
        >>> [(p.label, [v.kind for v in p.via]) for p in cg.load(sources="seeds").partners("Klinikum Osnabrück")]
        [('University Hospital Münster', ['mou'])]
        """
        from collabgraph.questions.partners import partners

        return partners(self.dataset, name, as_of=as_of, include_planned=include_planned, kinds=kinds, former=former)

    def members(self, alliance: str, *, as_of: str | None = None, include_planned: bool = False, former: bool = False):
        """Members of an alliance, each institution once (see :func:`collabgraph.questions.members.members`).

        Examples
        --------
        >>> import collabgraph as cg
        >>> [m.label for m in cg.load(sources="seeds").members("YUFE")]
        ['Maastricht University']
        """
        from collabgraph.questions.members import members

        return members(self.dataset, alliance, as_of=as_of, include_planned=include_planned, former=former)

    def network(
        self,
        *,
        as_of: str | None = None,
        since: str | None = None,
        until: str | None = None,
        include_planned: bool = False,
        metrics: bool = True,
    ):
        """The institution–institution networkx graph, with centralities and communities set.

        Examples
        --------
        >>> import collabgraph as cg
        >>> g = cg.load(sources="seeds").network()
        >>> g.number_of_nodes() > 10, "community" in g.nodes["https://w3id.org/collabgraph/id/ukm"]
        (True, True)
        """
        from collabgraph.network.metrics import with_metrics
        from collabgraph.network.project import institution_graph

        g = institution_graph(self.dataset, as_of=as_of, since=since, until=until, include_planned=include_planned)
        if metrics:
            with_metrics(g)
        return g

    def brokers(self, *, as_of: str | None = None, limit: int | None = 20):
        """Institutions that broker between alliances or clusters.

        Examples
        --------
        >>> import collabgraph as cg
        >>> cg.load(sources="seeds").brokers(limit=1)[0].label
        'University Medical Center Utrecht'
        """
        from collabgraph.network.brokers import brokers

        return brokers(self.network(as_of=as_of), limit=limit)

    def path(self, a: str, b: str, *, as_of: str | None = None):
        """Shortest path between two institutions, each hop with the ties behind it.

        Examples
        --------
        >>> import collabgraph as cg
        >>> hop = cg.load(sources="seeds").path("Klinikum Osnabrück", "UKM")[0]
        >>> hop.target_label, hop.ties[0]["kind"], hop.ties[0]["date"]
        ('University Hospital Münster', 'mou', '2024-07')
        """
        from collabgraph.network.paths import explain_path
        from collabgraph.questions.ties import institution

        index = names(self.dataset)
        return explain_path(
            self.network(as_of=as_of, metrics=False),
            institution(self.dataset, a, index),
            institution(self.dataset, b, index),
            labels=index.label,
        )

    def growth(self, *, since: int | None = None, include_planned: bool = False):
        """Institutions, ties and agreements added per year, undated apart.

        Examples
        --------
        >>> import collabgraph as cg
        >>> type(cg.load(sources="seeds").growth(since=2018)).__name__
        'Growth'
        """
        from collabgraph.network.growth import growth
        from collabgraph.network.project import institution_graph

        return growth(
            institution_graph(self.dataset, include_planned=include_planned, history=True),
            since=since,
            include_planned=include_planned,
        )

    def show(
        self,
        name: str | None = None,
        *,
        path: Path | str | None = None,
        depth: int = 1,
        as_of: str | None = None,
        color_by: str = "type",
    ) -> View:
        """Write an offline HTML view (around ``name``, or the whole network with a time slider).

        Returns a :class:`View` that Jupyter shows inline; its ``path`` is the HTML file.

        Examples
        --------
        >>> import collabgraph as cg, tempfile
        >>> view = cg.load(sources="seeds").show("UKM", path=tempfile.mkdtemp() + "/ukm.html")
        >>> view.path.name, "University Hospital Münster" in view.path.read_text(encoding="utf-8")
        ('ukm.html', True)
        """
        from collabgraph.questions.ties import institution
        from collabgraph.render import render_ego, render_whole

        target = Path(path) if path else Path(tempfile.mkdtemp(prefix="collabgraph-")) / "view.html"
        g = self.network(as_of=as_of)
        if name is None:
            render_whole(g, target, title="collabgraph network", color_by=color_by)
        else:
            render_ego(g, institution(self.dataset, name), target, depth=depth, size_by="betweenness", color_by=color_by)
        return View(target)

    def export(self, fmt: str, out: Path | str, *, as_of: str | None = None) -> list[Path]:
        """Write the network (graphml, gexf, csv, vosviewer) or dataset (ttl, trig, jsonld).

        Examples
        --------
        >>> import collabgraph as cg, tempfile
        >>> [p.name for p in cg.load(sources="seeds").export("gexf", tempfile.mkdtemp())]
        ['institutions.gexf']
        """
        from collabgraph.export import export

        if fmt in ("ttl", "trig", "jsonld"):
            return export(self.dataset, fmt, out)
        return export(self.network(as_of=as_of), fmt, out)

    def validate(self):
        """SHACL validation of the asserted data (see :func:`collabgraph.checks.validate.validate`).

        Examples
        --------
        >>> import collabgraph as cg
        >>> cg.load(sources="seeds").validate().conforms
        True
        """
        from collabgraph.checks.validate import validate

        return validate(self.dataset)

    def stats(self):
        """Counts by type per named graph.

        Examples
        --------
        >>> import collabgraph as cg
        >>> [s.graph for s in cg.load(sources="seeds").stats()][0]
        'inferred'
        """
        from collabgraph.questions.stats import stats

        return stats(self.dataset)


def load(**options) -> KnowledgeGraph:
    """Load the curated graph as a :class:`KnowledgeGraph` (options as :func:`collabgraph.loading.load.load`).

    Examples
    --------
    >>> import collabgraph as cg
    >>> kg = cg.load()
    >>> kg.lookup("umcu").label
    'University Medical Center Utrecht'
    >>> kg.path("UMC Utrecht", "Maastricht University")[0].source_label
    'University Medical Center Utrecht'
    """
    return KnowledgeGraph(_load(**options))
