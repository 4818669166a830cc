"""The notebook-friendly façade: a :class:`KnowledgeGraph` is an rdflib Dataset with methods.

Functions first, façade second: every method here is a thin call of a plain function over the
dataset, so power users keep the whole rdflib ``Dataset`` API (``kg.graph(...)``,
``kg.serialize(...)``), and ``kg.query(text)`` returns typed :class:`~collabgraph.sparql.query.Rows`
(``rdflib.Graph.query(kg, ...)`` still gives rdflib's own result object).
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
from collabgraph.sparql.query import query_text, run

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


class KnowledgeGraph(Dataset):
    """The collabgraph dataset with one method per question users ask.

    Examples
    --------
    >>> import collabgraph as cg
    >>> kg = cg.load(sources="seeds")
    >>> [p.label for p in kg.partners("Klinikum Osnabrück")]
    ['University Hospital Münster']
    >>> kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a cg:MemorandumOfUnderstanding }")[0]["n"]
    5
    """

    def query(self, query_object, *args, **kwargs):  # type: ignore[override]
        """``kg.query(sparql)`` → :class:`Rows`; with rdflib's arguments, rdflib's result.

        A named query (``"partners"``) or a ``.rq`` path works too; keyword arguments that are
        not rdflib's are variable bindings: ``kg.query("agreements_in_year", year="2019")``.
        """
        rdflib_kwargs = {"processor", "result", "initNs", "initBindings", "use_store_provided"}
        if args or not isinstance(query_object, str) or rdflib_kwargs & set(kwargs):
            return Dataset.query(self, query_object, *args, **kwargs)
        from rdflib import Literal, URIRef

        bindings = {k: v if isinstance(v, (Literal, URIRef)) else Literal(v) for k, v in kwargs.items()}
        return run(self, query_text(query_object), **bindings)

    def parse(self, *args, **kwargs):
        """rdflib's ``parse``; the next question reconciles institutions again with the new data."""
        from collabgraph.questions.reconcile import forget

        result = Dataset.parse(self, *args, **kwargs)
        forget(self)
        return result

    def lookup(self, name: str, *, limit: int = 5) -> Match:
        """The organisation called ``name`` (any label, any case); raises with suggestions."""
        index = names(self)
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
        """Partners of an institution and what connects them (see :func:`collabgraph.questions.partners.partners`)."""
        from collabgraph.questions.partners import partners

        return partners(self, name, as_of=as_of, include_planned=include_planned, kinds=kinds, former=former)

    def members(self, alliance: str, *, as_of: str | None = None, include_planned: bool = False, former: bool = False):
        """Members of an alliance, each institution once (see :func:`collabgraph.questions.members.members`)."""
        from collabgraph.questions.members import members

        return members(self, alliance, as_of=as_of, include_planned=include_planned, former=former)

    def network(
        self,
        *,
        as_of: str | None = None,
        since: str | None = None,
        until: str | None = None,
        include_planned: bool = False,
        metrics: bool = True,
    ):
        """The institution–institution networkx graph, with centralities and communities set."""
        from collabgraph.network.metrics import with_metrics
        from collabgraph.network.project import institution_graph

        g = institution_graph(self, as_of=as_of, since=since, until=until, include_planned=include_planned)
        if metrics:
            with_metrics(g)
        return g

    def brokers(self, *, as_of: str | None = None, limit: int | None = 20):
        """Institutions that broker between alliances or clusters."""
        from collabgraph.network.brokers import brokers

        return brokers(self.network(as_of=as_of), limit=limit)

    def path(self, a: str, b: str, *, as_of: str | None = None):
        """Shortest path between two institutions, each hop with the ties behind it."""
        from collabgraph.network.paths import explain_path
        from collabgraph.questions.ties import institution

        index = names(self)
        return explain_path(
            self.network(as_of=as_of, metrics=False), institution(self, a, index), institution(self, b, index), labels=index.label
        )

    def growth(self, *, since: int | None = None, include_planned: bool = False):
        """Institutions, ties and agreements added per year, undated apart."""
        from collabgraph.network.growth import growth
        from collabgraph.network.project import institution_graph

        return growth(
            institution_graph(self, include_planned=include_planned, history=True), since=since, include_planned=include_planned
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
        """
        from collabgraph.questions.ties import institution
        from collabgraph.render import render_ego, render_whole

        target = Path(path) if path else Path(tempfile.mkdtemp(prefix="collabgraph-")) / "view.html"
        g = self.network(as_of=as_of)
        if name is None:
            render_whole(g, target, title="collabgraph network", color_by=color_by)
        else:
            render_ego(g, institution(self, name), target, depth=depth, size_by="betweenness", color_by=color_by)
        return View(target)

    def export(self, fmt: str, out: Path | str, *, as_of: str | None = None) -> list[Path]:
        """Write the network (graphml, gexf, csv, vosviewer) or dataset (ttl, trig, jsonld)."""
        from collabgraph.export import export

        if fmt in ("ttl", "trig", "jsonld"):
            return export(self, fmt, out)
        return export(self.network(as_of=as_of), fmt, out)

    def validate(self):
        """SHACL validation of the asserted data (see :func:`collabgraph.checks.validate`)."""
        from collabgraph.checks.validate import validate

        return validate(self)

    def stats(self):
        """Counts by type per named graph."""
        from collabgraph.questions.stats import stats

        return stats(self)


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
    return _load(factory=KnowledgeGraph, **options)  # type: ignore[return-value]
