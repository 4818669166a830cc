"""The export entry point: formats, input protection, atomic writes; graphs the format tests share."""

from __future__ import annotations

import copy
import functools
import os

import networkx as nx
import pytest

from collabgraph.errors import CollabgraphError
from collabgraph.export import FORMATS, export
from collabgraph.export.files import protected_files, write_outputs
from collabgraph.loading.load import load
from collabgraph.network.project import institution_graph

#: A label that needs CSV quoting, XML escaping and VOSviewer quoting.
AWKWARD = 'Universität "Nord", Süd\nCampus'
CHARITE = "https://w3id.org/collabgraph/id/charite"
UKM, RUG = "https://w3id.org/collabgraph/id/ukm", "https://w3id.org/collabgraph/id/rug"
LONE = "https://w3id.org/collabgraph/id/lone"
NETWORK_FORMATS = ("graphml", "gexf", "csv", "vosviewer")


def _tie(via, kind, date, *, end=None, status="signed", quote=None, parties=2):
    return {
        "via": via,
        "kind": kind,
        "label": via.rsplit("/", 1)[-1],
        "date": date,
        "end": end,
        "status": status,
        "curation": None,
        "sources": ("000_src.txt",),
        "quote": quote,
        "parties": parties,
        "undated": date is None,
        "planned": status == "planned",
    }


def small_graph() -> nx.Graph:
    """Four institutions shaped like ``institution_graph``'s output, with metrics and a community.

    Charité–UKM: two ties, one dated 2019-05, one undated; UKM–RUG: dated 2021, ended 2023;
    RUG–Lone: undated only, so Lone has no date at all.
    """
    g = nx.Graph(as_of=None, since=None, until=None, include_planned=False)
    g.add_node(CHARITE, label=AWKWARD, type="university hospital", country="DE", pagerank=0.25, degree=1, community=0)
    g.add_node(UKM, label="UKM", type="university hospital", country="DE", pagerank=0.5, degree=2, community=0)
    g.add_node(RUG, label="Rijksuniversiteit Groningen", type="university", country="NL", pagerank=0.125, degree=2, community=1)
    g.add_node(LONE, label="Lone Institute", type="research institute", country="", pagerank=0.125, degree=1, community=1)
    edges = [
        (
            CHARITE,
            UKM,
            [_tie("x/mou", "agreement", "2019-05", quote='Ein "MoU", unterzeichnet'), _tie("x/net", "alliance", None, parties=3)],
        ),
        (UKM, RUG, [_tie("x/grant", "collaboration", "2021", end="2023", quote="funded")]),
        (RUG, LONE, [_tie("x/plan", "agreement", None, status="planned")]),
    ]
    for a, b, ties in edges:
        dated = [t["date"] for t in ties if t["date"]]
        weight = sum(1.0 / (t["parties"] - 1) for t in ties)
        g.add_edge(
            a,
            b,
            weight=weight,
            distance=1.0 / weight,
            count=len(ties),
            ties=ties,
            kinds=sorted({t["kind"] for t in ties}),
            start=min(dated) if dated else None,
            undated=not dated,
            planned=all(t["planned"] for t in ties),
        )
    return g


@functools.lru_cache(maxsize=1)
def _real_graph() -> nx.Graph:
    g = institution_graph(load())
    pagerank, betweenness = nx.pagerank(g), nx.betweenness_centrality(g)
    communities = nx.algorithms.community.louvain_communities(g, seed=1)
    for i, members in enumerate(communities):
        for n in members:
            g.nodes[n].update(community=i, pagerank=pagerank[n], betweenness=betweenness[n], degree=g.degree(n))
    return g


def real_graph() -> nx.Graph:
    """The curated institution graph with pagerank, betweenness, degree and community (a copy)."""
    return copy.deepcopy(_real_graph())


def test_unknown_format_lists_the_formats(tmp_path):
    with pytest.raises(
        CollabgraphError, match="unknown export format 'pajek'; choose one of: graphml, gexf, csv, jsonld, ttl, trig, vosviewer"
    ):
        export(small_graph(), "pajek", tmp_path)


def test_rdf_format_without_a_dataset_is_an_error(tmp_path):
    with pytest.raises(CollabgraphError, match="pass it"):
        export(small_graph(), "trig", tmp_path / "d.trig")


@pytest.mark.parametrize("fmt", FORMATS)
def test_writing_over_an_input_file_is_refused(tmp_path, ds_seeds, fmt):
    multi = {"csv": "nodes.csv", "vosviewer": "vosviewer_map.txt"}
    data = tmp_path / multi.get(fmt, "mine.ttl")
    data.write_text("# my data\n", encoding="utf-8")
    graph_or_ds = ds_seeds if fmt in ("jsonld", "ttl", "trig") else small_graph()
    with pytest.raises(CollabgraphError, match="refusing to overwrite input file"):
        export(graph_or_ds, fmt, tmp_path if fmt in multi else data, inputs=[data])
    assert data.read_text(encoding="utf-8") == "# my data\n" and list(tmp_path.iterdir()) == [data]


def test_a_refused_multi_file_export_writes_none_of_its_files(tmp_path):
    with pytest.raises(CollabgraphError):
        export(small_graph(), "csv", tmp_path, inputs=[tmp_path / "edges.csv"])
    assert list(tmp_path.iterdir()) == []


def test_curated_data_and_ontology_are_always_protected():
    names = {p.name for p in protected_files()}
    assert "collabgraph.ttl" in names and any(p.parent.name == "seeds" for p in protected_files())


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_leaves_no_temporary_files(tmp_path, ds_seeds, fmt):
    graph_or_ds = ds_seeds if fmt in ("jsonld", "ttl", "trig") else small_graph()
    written = export(graph_or_ds, fmt, tmp_path / "deep" / "er", ds=ds_seeds)
    assert written and all(p.is_file() and p.stat().st_size > 0 for p in written)
    left = {p for p in (tmp_path / "deep").rglob("*") if p.is_file()}
    assert left == set(written)


def test_export_into_a_folder_uses_the_default_file_name(tmp_path):
    assert [p.name for p in export(small_graph(), "graphml", tmp_path)] == ["institutions.graphml"]


def test_a_failed_replace_keeps_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    out = tmp_path / "g.graphml"
    out.write_text("old", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        export(small_graph(), "graphml", out)
    assert out.read_text(encoding="utf-8") == "old" and list(tmp_path.iterdir()) == [out]


def test_write_outputs_refuses_an_explicit_input(tmp_path):
    mine = tmp_path / "a.txt"
    with pytest.raises(CollabgraphError):
        write_outputs({mine: "x"}, inputs=[mine])
    assert not mine.exists()


@pytest.mark.parametrize("fmt", NETWORK_FORMATS)
def test_export_does_not_change_the_callers_graph(tmp_path, fmt):
    g = small_graph()
    before = (copy.deepcopy(dict(g.nodes(data=True))), copy.deepcopy(list(g.edges(data=True))), dict(g.graph))
    export(g, fmt, tmp_path / fmt)
    assert (dict(g.nodes(data=True)), list(g.edges(data=True)), dict(g.graph)) == before


def test_a_dataset_is_projected_for_network_formats(tmp_path, ds_seeds):
    [path] = export(ds_seeds, "graphml", tmp_path / "g.graphml")
    assert nx.read_graphml(path).number_of_edges() == institution_graph(ds_seeds).number_of_edges()
