"""GraphML export: reads back with networkx and igraph, attributes typed, evidence flattened."""

from __future__ import annotations

import igraph
import networkx as nx
import pytest
from test_export_common import AWKWARD, CHARITE, LONE, RUG, UKM, real_graph, small_graph

from collabgraph.export import export

GRAPHS = {"small": small_graph, "curated": real_graph}


@pytest.fixture(params=sorted(GRAPHS))
def graph(request):
    return GRAPHS[request.param]()


def _write(g, tmp_path):
    [path] = export(g, "graphml", tmp_path / "g.graphml")
    return path


def test_graphml_reads_back_with_the_same_nodes_and_edges(graph, tmp_path):
    back = nx.read_graphml(_write(graph, tmp_path))
    assert set(back.nodes) == set(graph.nodes)
    assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in graph.edges}


def test_graphml_keeps_metric_types(graph, tmp_path):
    back = nx.read_graphml(_write(graph, tmp_path))
    for n, data in graph.nodes(data=True):
        got = back.nodes[n]
        assert isinstance(got["pagerank"], float) and got["pagerank"] == pytest.approx(data["pagerank"])
        assert isinstance(got["degree"], int) and got["degree"] == data["degree"]
        assert (got["label"], got["type"], got["country"]) == (data["label"], data["type"], data["country"])


def test_graphml_keeps_edge_types(graph, tmp_path):
    back = nx.read_graphml(_write(graph, tmp_path))
    for u, v, data in graph.edges(data=True):
        got = back.edges[u, v]
        assert isinstance(got["weight"], float) and got["weight"] == pytest.approx(data["weight"])
        assert isinstance(got["count"], int) and got["count"] == data["count"]
        assert got["undated"] is data["undated"] and got["planned"] is data["planned"]
        assert got["kinds"] == "; ".join(data["kinds"]) and got.get("start") == data["start"]


def test_graphml_flattens_ties_to_text_with_the_first_quote(tmp_path):
    back = nx.read_graphml(_write(small_graph(), tmp_path))
    edge = back.edges[CHARITE, UKM]
    assert edge["quote"] == 'Ein "MoU", unterzeichnet' and edge["vias"] == "x/mou; x/net"
    assert edge["ties"] == ("mou (agreement, 2019-05, signed) [000_src.txt] | net (alliance, undated, signed) [000_src.txt]")


def test_graphml_leaves_out_the_start_of_an_undated_edge(tmp_path):
    back = nx.read_graphml(_write(small_graph(), tmp_path))
    assert "start" not in back.edges[RUG, LONE] and back.edges[UKM, RUG]["start"] == "2021"


def test_graphml_keeps_a_label_with_quote_comma_and_newline(tmp_path):
    assert nx.read_graphml(_write(small_graph(), tmp_path)).nodes[CHARITE]["label"] == AWKWARD


def test_graphml_reads_back_with_igraph_with_the_same_counts(graph, tmp_path):
    back = igraph.Graph.Read_GraphML(str(_write(graph, tmp_path)))
    assert (back.vcount(), back.ecount()) == (graph.number_of_nodes(), graph.number_of_edges())
    assert set(back.vs["label"]) == {d["label"] for _, d in graph.nodes(data=True)}
