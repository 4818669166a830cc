"""GEXF export: reads back with networkx, typed attributes, dated spells for Gephi's timeline."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from test_export_common import AWKWARD, CHARITE, LONE, RUG, UKM, real_graph, small_graph

from collabgraph.dates import earliest
from collabgraph.export import export
from collabgraph.export.gexf import gexf_graph

NS = {"g": "http://www.gexf.net/1.2draft"}
GRAPHS = {"small": small_graph, "curated": real_graph}


@pytest.fixture(params=sorted(GRAPHS))
def graph(request):
    return GRAPHS[request.param]()


def _write(g, tmp_path):
    [path] = export(g, "gexf", tmp_path / "g.gexf")
    return path


def _spells(path) -> dict:
    """Node id or (source, target) → list of (start, end) read from the XML itself."""
    root = ET.parse(path).getroot()
    found = {}
    for node in root.iterfind(".//g:node", NS):
        found[node.get("id")] = [(s.get("start"), s.get("end")) for s in node.iterfind("g:spells/g:spell", NS)]
    for edge in root.iterfind(".//g:edge", NS):
        key = frozenset((edge.get("source"), edge.get("target")))
        found[key] = [(s.get("start"), s.get("end")) for s in edge.iterfind("g:spells/g:spell", NS)]
    return found


def test_gexf_reads_back_with_the_same_nodes_and_edges(graph, tmp_path):
    back = nx.read_gexf(_write(graph, tmp_path))
    assert set(back.nodes) == set(graph.nodes)
    assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in graph.edges}


def test_gexf_keeps_attribute_types(graph, tmp_path):
    back = nx.read_gexf(_write(graph, tmp_path))
    for n, data in graph.nodes(data=True):
        got = back.nodes[n]
        assert isinstance(got["pagerank"], float) and got["pagerank"] == pytest.approx(data["pagerank"])
        assert isinstance(got["community"], int) and (got["label"], got["country"]) == (data["label"], data["country"])
    for u, v, data in graph.edges(data=True):
        got = back.edges[u, v]
        assert isinstance(got["weight"], float) and got["count"] == data["count"]
        assert got["undated"] is data["undated"] and got["kinds"] == "; ".join(data["kinds"])


def test_gexf_keeps_a_label_with_quote_comma_and_newline(tmp_path):
    assert nx.read_gexf(_write(small_graph(), tmp_path)).nodes[CHARITE]["label"] == AWKWARD


def test_gexf_is_dynamic_with_dates(graph, tmp_path):
    header = ET.parse(_write(graph, tmp_path)).getroot().find("g:graph", NS)
    assert (header.get("mode"), header.get("timeformat")) == ("dynamic", "date")


def test_gexf_dated_edges_have_a_spell_from_their_start_as_a_full_date(graph, tmp_path):
    spells = _spells(_write(graph, tmp_path))
    for u, v, data in graph.edges(data=True):
        got = spells[frozenset((u, v))]
        if data["start"]:
            assert [s for s, _ in got] == [earliest(data["start"])]
            dt.date.fromisoformat(got[0][0])
        else:
            assert got == []


def test_gexf_undated_nodes_have_no_spell_and_are_flagged(tmp_path):
    path = _write(small_graph(), tmp_path)
    assert _spells(path)[LONE] == [] and nx.read_gexf(path).nodes[LONE]["undated"] is True


def test_gexf_node_spell_starts_at_its_earliest_edge(tmp_path):
    path = _write(small_graph(), tmp_path)
    spells, back = _spells(path), nx.read_gexf(path)
    assert spells[UKM] == [("2019-05-01", None)] and back.nodes[UKM]["since"] == "2019-05"
    assert spells[RUG] == [("2021-01-01", None)] and back.nodes[RUG]["undated"] is False


def test_gexf_spell_ends_when_every_tie_on_the_edge_has_ended(tmp_path):
    spells = _spells(_write(small_graph(), tmp_path))
    assert spells[frozenset((UKM, RUG))] == [("2021-01-01", "2023-12-31")]
    assert spells[frozenset((CHARITE, UKM))] == [("2019-05-01", None)]


def test_gexf_keeps_the_stated_precision_in_since(tmp_path):
    back = nx.read_gexf(_write(small_graph(), tmp_path))
    assert back.edges[CHARITE, UKM]["since"] == "2019-05" and "since" not in back.edges[RUG, LONE]


def test_gexf_spells_cover_every_dated_edge_of_the_curated_graph(tmp_path):
    g = real_graph()
    spells = _spells(_write(g, tmp_path))
    dated = sum(1 for *_, d in g.edges(data=True) if d["start"])
    assert dated > 0 and sum(1 for k, v in spells.items() if isinstance(k, frozenset) and v) == dated


def test_gexf_spell_ends_at_the_latest_day_any_end_can_denote():
    g = nx.Graph()
    g.add_edge("a", "b", start="2020", ties=[{"end": "2023"}, {"end": "2023-06"}])
    assert gexf_graph(g).edges["a", "b"]["spells"] == [("2020-01-01", "2023-12-31")]


def test_gexf_metric_named_like_a_gexf_field_keeps_node_ids(tmp_path):
    g = small_graph()
    for n in g:
        g.nodes[n]["id"] = "shadow"
    back = nx.read_gexf(_write(g, tmp_path))
    assert set(back.nodes) == set(g.nodes) and back.nodes[UKM]["id_attr"] == "shadow"


def test_gexf_streamed_reads_back_as_networkx_own_writer_would(graph, tmp_path):
    theirs = tmp_path / "networkx.gexf"
    nx.write_gexf(gexf_graph(graph), theirs, version="1.2draft")
    ours, reference = nx.read_gexf(_write(graph, tmp_path)), nx.read_gexf(theirs)
    assert dict(ours.nodes(data=True)) == dict(reference.nodes(data=True))
    assert {frozenset((u, v)): d for u, v, d in ours.edges(data=True)} == \
        {frozenset((u, v)): d for u, v, d in reference.edges(data=True)}
    assert ours.graph == reference.graph


def test_gexf_declares_a_number_that_is_sometimes_fractional_as_double(tmp_path):
    g = nx.Graph()
    g.add_node("a", score=1)
    g.add_node("b", score=0.5, note=3)
    g.add_node("c", note="three")
    back = nx.read_gexf(_write(g, tmp_path))
    assert (back.nodes["a"]["score"], back.nodes["b"]["score"]) == (1.0, 0.5)
    assert (back.nodes["b"]["note"], back.nodes["c"]["note"]) == ("3", "three")
