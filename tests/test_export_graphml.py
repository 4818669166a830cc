"""GraphML export: reads back with networkx and igraph, attributes typed, evidence flattened."""

from __future__ import annotations

import copy
import functools
import io

import igraph
import networkx as nx
import pytest
from lxml import etree
from test_export_common import AWKWARD, CHARITE, LONE, RUG, UKM, real_graph, small_graph

from collabgraph.export import export, graphml_writer
from collabgraph.export.flatten import flat_copy
from collabgraph.export.graphml import graphml_bytes, write_graphml
from collabgraph.loading.load import load
from collabgraph.network.metrics import with_metrics
from collabgraph.network.project import institution_graph

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


# --- The streaming writer writes networkx's document -------------------------------------------
# ``write_graphml`` used to be ``nx.write_graphml(flat_copy(g), fh, infer_numeric_types=True)``;
# the hand-written writer must read back identically (nodes, edges, every attribute and its type)
# and declare the same keys (ids, domains, names, types, order). No GraphML XSD is vendored in
# tests/data, so the document is not schema-validated here.


def _old_bytes(g):
    buffer = io.BytesIO()
    nx.write_graphml(flat_copy(g), buffer, infer_numeric_types=True)
    return buffer.getvalue()


def _typed(attrs):
    return {k: (type(v).__name__, v) for k, v in attrs.items()}


def _read_back(document):
    h = nx.read_graphml(io.BytesIO(document))
    return (
        type(h).__name__,
        _typed(h.graph),
        [(n, _typed(d)) for n, d in h.nodes(data=True)],
        [(u, v, _typed(d)) for u, v, d in h.edges(data=True)],
    )


def _graph_data(h):
    return {k: v for k, v in h.graph.items() if k not in ("node_default", "edge_default")}


def _keys(document):
    root = etree.fromstring(document)
    return [(k.get("id"), k.get("for"), k.get("attr.name"), k.get("attr.type")) for k in root.iter("{*}key")]


def _assert_same_document(g):
    old, new = _old_bytes(g), graphml_bytes(g)
    assert _keys(new) == _keys(old)
    assert _read_back(new) == _read_back(old)
    return new


@functools.lru_cache(maxsize=1)
def _seed_network():
    g = institution_graph(load(sources="seeds"))
    with_metrics(g)
    return g


def _mixed_graph():
    g = nx.Graph(name="mixed", as_of=None, tags=["b", "a"], size=3)
    g.add_node("a", score=1, ratio=0.5, flag=True, note="x", mixed=1)
    g.add_node("b", score=2.5, ratio=2, flag=False, note=None, mixed="two")
    g.add_node("c", score=-3, ratio=1e-300, flag=True, mixed=float("inf"))
    g.add_node("isolated")
    g.add_edge("a", "b", weight=1, kinds=("x", "y"), members={"q", "p"}, meta={"b": 1, "a": [1, 2]}, start=None)
    g.add_edge("b", "c", weight=0.25, kinds=[], big=2**70, negative=-0.0)
    g.add_edge("c", "c", weight=3)
    return g


def _awkward_strings_graph():
    g = nx.Graph(title="<&>\"' Ünïcödé ✓ \t\n\r")
    iri = "https://example.org/id?a=1&b=<2>#frag"
    g.add_node(iri, label='Ein "MoU" & <Vertrag> — 協定 😀', text="tab\there\nnewline\r\nreturn ]]>")
    g.add_node("node with spaces", label="'single' \"double\"")
    g.add_node(7, label="an int id")
    g.add_node(("tuple", 1), label="a tuple id")
    g.add_node("x", **{"attr with space": 1, 'quote"name': "v", "amp&<name>": 2.0})
    g.add_edge(iri, "node with spaces", note="a\rb", kinds=["<a>", "&b"])
    g.add_edge(7, ("tuple", 1), note="\x7f\x85\x9f")
    return g


def _directed_graph():
    g = nx.DiGraph(id="network-1")
    g.add_edge("b", "a", weight=1.0, count=1)
    g.add_edge("a", "b", weight=2, count=2)
    g.add_edge("a", "c", weight=0.5)
    return g


def _multigraph():
    g = nx.MultiGraph()
    g.add_edge("a", "b", weight=1, kinds=["x"])
    g.add_edge("a", "b", weight=0.5, planned=True)
    g.add_edge("b", "c", weight=2)
    return g


def _tied_graph():
    g = small_graph()
    g.add_edge(LONE, CHARITE, weight=1.0, ties=[], kinds=[], start=None)  # no ties: an empty summary
    g.add_node("https://w3id.org/collabgraph/id/new", label="No metrics yet")
    return g


HAND_BUILT = {
    "empty": nx.Graph,
    "isolated nodes": lambda: nx.empty_graph(["a", "b c", "https://x.org/i#1"]),
    "mixed types": _mixed_graph,
    "awkward strings": _awkward_strings_graph,
    "directed with graph id": _directed_graph,
    "multigraph": _multigraph,
    "ties without evidence": _tied_graph,
}


def test_graphml_writes_the_curated_seed_network_as_networkx_did():
    g = _seed_network()
    new = _assert_same_document(g)
    assert new == _old_bytes(g)
    assert nx.read_graphml(io.BytesIO(new)).number_of_edges() == g.number_of_edges() > 0


@pytest.mark.parametrize("name", sorted(HAND_BUILT))
def test_graphml_writes_awkward_graphs_as_networkx_did(name):
    _assert_same_document(HAND_BUILT[name]())


@pytest.mark.parametrize("name", sorted(HAND_BUILT))
def test_graphml_document_is_byte_for_byte_networkx_s(name):
    g = HAND_BUILT[name]()
    assert graphml_bytes(g) == _old_bytes(g)


def test_graphml_types_an_attribute_numeric_here_and_fractional_there_as_a_double():
    keys = {(k[1], k[2]): k[3] for k in _keys(graphml_bytes(_mixed_graph()))}
    assert keys["node", "score"] == keys["node", "ratio"] == keys["edge", "weight"] == "double"
    assert keys["node", "flag"] == "boolean" and keys["node", "mixed"] == keys["node", "note"] == "string"
    assert keys["edge", "big"] == "long" and keys["graph", "size"] == "long" and keys["graph", "tags"] == "string"
    back = nx.read_graphml(io.BytesIO(graphml_bytes(_mixed_graph())))
    assert back.nodes["a"]["score"] == 1.0 and isinstance(back.nodes["a"]["score"], float)
    assert back.edges["b", "c"]["big"] == 2**70 and _graph_data(back) == {"name": "mixed", "tags": "b; a", "size": 3}


def test_graphml_types_booleans_and_integers_mixed_as_long_as_networkx_did():
    g = nx.Graph()
    g.add_node("a", x=True)
    g.add_node("b", x=2)
    assert graphml_bytes(g) == _old_bytes(g)
    assert ("d0", "node", "x", "long") in _keys(graphml_bytes(g))


def test_graphml_keeps_awkward_strings_and_ids(tmp_path):
    g = _awkward_strings_graph()
    [path] = write_graphml(g, tmp_path / "g.graphml")
    back = nx.read_graphml(path)
    iri = "https://example.org/id?a=1&b=<2>#frag"
    assert back.nodes[iri] == g.nodes[iri] and _graph_data(back) == g.graph
    assert back.nodes["7"]["label"] == "an int id" and "('tuple', 1)" in back
    assert back.nodes["x"] == {"attr with space": 1, 'quote"name': "v", "amp&<name>": 2.0}
    assert back.edges[iri, "node with spaces"] == {"note": "a\rb", "kinds": "<a>; &b"}


@pytest.mark.parametrize("bad", ["\x00", "\x01", "\x0b", "\x0c", "\x1f", "\ufffe", "\uffff"])
@pytest.mark.parametrize("where", ["value", "node id", "attribute name"])
def test_graphml_refuses_characters_xml_forbids_as_networkx_did(bad, where, tmp_path):
    g = nx.Graph()
    if where == "value":
        g.add_node("a", label=f"x{bad}y")
    elif where == "node id":
        g.add_node(f"x{bad}y")
    else:
        g.add_node("a", **{f"x{bad}y": 1})
    with pytest.raises(ValueError, match="XML compatible"):
        _old_bytes(g)
    with pytest.raises(ValueError, match="XML compatible"):
        write_graphml(g, tmp_path / "g.graphml")
    assert not list(tmp_path.iterdir())


def test_graphml_refuses_a_lone_surrogate_as_networkx_did():
    g = nx.Graph()
    g.add_node("a", label="\ud800")
    for write in (_old_bytes, graphml_bytes):
        with pytest.raises(UnicodeEncodeError):
            write(g)


def test_graphml_does_not_change_the_graph():
    g = small_graph()
    before = copy.deepcopy(g)
    graphml_bytes(g)
    assert nx.utils.graphs_equal(g, before) and g.graph == before.graph


def test_graphml_spills_a_big_body_to_a_temporary_file_with_the_same_result(monkeypatch):
    g = _seed_network()
    expected = graphml_bytes(g)
    monkeypatch.setattr(graphml_writer, "_SPOOL_BYTES", 1024)
    monkeypatch.setattr(graphml_writer, "_BATCH", 3)
    assert graphml_bytes(g) == expected
