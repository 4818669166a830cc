"""CSV node and edge lists: read back with the csv module, UTF-8 with a header, RFC 4180 quoting."""

from __future__ import annotations

import csv

import pytest
from test_export_common import AWKWARD, CHARITE, LONE, RUG, UKM, real_graph, small_graph

from collabgraph.export import export
from collabgraph.export.tables import EDGE_COLUMNS

GRAPHS = {"small": small_graph, "curated": real_graph}


@pytest.fixture(params=sorted(GRAPHS))
def graph(request):
    return GRAPHS[request.param]()


def _read(g, tmp_path):
    nodes, edges = export(g, "csv", tmp_path)
    with nodes.open(newline="", encoding="utf-8") as n, edges.open(newline="", encoding="utf-8") as e:
        return list(csv.DictReader(n)), list(csv.DictReader(e))


def test_csv_reads_back_with_the_same_counts(graph, tmp_path):
    nodes, edges = _read(graph, tmp_path)
    assert len(nodes) == graph.number_of_nodes() and len(edges) == graph.number_of_edges()
    assert {r["id"] for r in nodes} == set(graph.nodes)
    assert {frozenset((r["source"], r["target"])) for r in edges} == {frozenset(e) for e in graph.edges}


def test_csv_label_with_comma_quote_and_newline_round_trips(tmp_path):
    nodes, _ = _read(small_graph(), tmp_path)
    assert next(r["label"] for r in nodes if r["id"] == CHARITE) == AWKWARD


def test_csv_node_list_has_every_metric_as_a_column(graph, tmp_path):
    nodes, _ = _read(graph, tmp_path)
    assert list(nodes[0])[:4] == ["id", "label", "type", "country"]
    assert {"pagerank", "degree", "community"} <= set(nodes[0])
    by_id = {r["id"]: r for r in nodes}
    for n, data in graph.nodes(data=True):
        assert float(by_id[n]["pagerank"]) == pytest.approx(data["pagerank"])


def test_csv_edge_list_starts_with_the_documented_columns(graph, tmp_path):
    _, edges = _read(graph, tmp_path)
    assert tuple(edges[0])[: len(EDGE_COLUMNS)] == EDGE_COLUMNS


def test_csv_edges_carry_dates_flags_vias_sources_and_the_first_quote(tmp_path):
    _, edges = _read(small_graph(), tmp_path)
    rows = {frozenset((r["source"], r["target"])): r for r in edges}
    first = rows[frozenset((CHARITE, UKM))]
    assert (first["start"], first["undated"], first["planned"]) == ("2019-05", "false", "false")
    assert (first["kinds"], first["vias"], first["sources"]) == ("agreement; alliance", "x/mou; x/net", "000_src.txt")
    assert first["quote"] == 'Ein "MoU", unterzeichnet' and first["count"] == "2"
    undated = rows[frozenset((RUG, LONE))]
    assert (undated["start"], undated["undated"], undated["planned"]) == ("", "true", "true")
    assert float(rows[frozenset((UKM, RUG))]["weight"]) == 1.0


def test_csv_is_utf8_with_crlf_records(tmp_path):
    nodes, _ = export(small_graph(), "csv", tmp_path)
    raw = nodes.read_bytes()
    assert raw.startswith(b"id,label,type,country,") and b"\r\n" in raw
    assert "Universität".encode() in raw


def test_an_export_that_fails_midway_replaces_neither_file(tmp_path):
    nodes, edges = export(small_graph(), "csv", tmp_path)
    before = nodes.read_bytes(), edges.read_bytes()
    broken = small_graph()
    u, v = next(iter(broken.edges))
    broken.nodes[u]["label"] = "Renamed"  # the node list would change too
    broken.edges[u, v]["ties"] = [{"via": "x:v", "sources": (1,)}]  # a source that is no name
    with pytest.raises(TypeError):
        export(broken, "csv", tmp_path)
    assert (nodes.read_bytes(), edges.read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["edges.csv", "nodes.csv"]
