"""GEXF export: valid GEXF 1.3, reads back with networkx, typed attributes, dated spells for Gephi."""

from __future__ import annotations

import collections
import copy
import datetime as dt
import functools
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from lxml import etree
from test_export_common import AWKWARD, CHARITE, LONE, RUG, UKM, real_graph, small_graph

from collabgraph.dates import earliest
from collabgraph.export import export
from collabgraph.export.gexf import gexf_bytes, gexf_graph, xml_text
from collabgraph.export.gexf.attributes import _finite
from collabgraph.export.gexf.viz import _GREY, _PALETTE
from collabgraph.questions.timeline import holds, record_when

GEXF = "http://gexf.net/1.3"
VIZ = "http://gexf.net/1.3/viz"
NS = {"g": GEXF}
SPECS = Path(__file__).parent / "data" / "gexf-1.3"
GRAPHS = {"small": small_graph, "curated": real_graph}
#: A label with markup, an entity, both quotes, a tab, a line break, control characters,
#: a lone surrogate, a noncharacter and text outside the Basic Multilingual Plane.
HOSTILE = "R&D <Lab> \"Nord\" 'Süd'\tTab\nLine\x00\x07\x1b\x7f\x85 \ud800\uffff 𝔘𝔫𝔦 🎓"
HOSTILE_CLEAN = "R&D <Lab> \"Nord\" 'Süd'\tTab\nLine  𝔘𝔫𝔦 🎓"


@functools.lru_cache(maxsize=1)
def _schema() -> etree.XMLSchema:
    """The official GEXF 1.3 XML Schema (gexf.xsd with dynamics.xsd and viz.xsd), offline."""
    return etree.XMLSchema(etree.parse(str(SPECS / "gexf.xsd")))


def _errors(document: bytes | etree._Element) -> list[str]:
    root = document if isinstance(document, etree._Element) else etree.fromstring(document)
    schema = _schema()
    return [] if schema.validate(root) else [e.message for e in schema.error_log]


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


def _hostile_graph() -> nx.Graph:
    g = nx.Graph()
    g.add_node("https://example.org/a?x=1&y=<2>", label=HOSTILE, note=HOSTILE, **{'odd "key" <&>': 1})
    g.add_node("b", label="plain")
    g.add_edge(
        "https://example.org/a?x=1&y=<2>",
        "b",
        weight=1.0,
        start="2020",
        label=HOSTILE,
        ties=[{"via": "x", "label": HOSTILE, "date": "2020", "end": None, "quote": HOSTILE}],
    )
    return g


# --- the official schema ---------------------------------------------------------------------


def test_gexf_validates_against_the_official_gexf_1_3_schema(graph, tmp_path):
    path = _write(graph, tmp_path)
    root = etree.parse(str(path)).getroot()
    assert (root.tag, root.get("version")) == (f"{{{GEXF}}}gexf", "1.3")
    assert _errors(root) == []


def test_gexf_schema_check_fails_on_broken_documents(tmp_path):
    good = _write(small_graph(), tmp_path).read_bytes()
    assert _errors(good) == []
    broken = {
        "1.2draft graph name": good.replace(b"<graph mode=", b'<graph name="" mode='),
        "not a date in a spell": good.replace(b'<spell start="2021-01-01"', b'<spell start="2021-13-45"', 1),
        "edge without target": good.replace(b' target="https://w3id.org/collabgraph/id/rug"', b"", 1),
        "unknown attribute type": good.replace(b'type="double"', b'type="decimal"', 1),
        "negative node size": good.replace(b'<size value="', b'<size value="-', 1),
        "viz in the viz namespace": good.replace(b"<color ", b'<viz:color xmlns:viz="' + VIZ.encode() + b'" ', 1),
        "version 1.2": good.replace(b'version="1.3"', b'version="1.2"'),
    }
    for what, document in broken.items():
        assert document != good, what
        assert _errors(document), what


def test_networkx_own_gexf_1_3_writer_fails_the_schema_ours_passes(tmp_path):
    theirs = io.BytesIO()
    nx.write_gexf(gexf_graph(small_graph()), theirs, version="1.3")
    assert any("'name'" in e for e in _errors(theirs.getvalue()))
    assert _errors(gexf_bytes(small_graph())) == []


def test_gexf_only_departs_from_the_relax_ng_form_in_the_viz_namespace(graph):
    """The official RELAX NG (and the primer) put viz in its own namespace, the XSD in GEXF's own.

    We follow the XSD; moved into the viz namespace (and without xsi:schemaLocation, which
    RELAX NG does not allow), the same document is valid RELAX NG: nothing else differs.
    """
    root = etree.fromstring(gexf_bytes(graph))
    looks = list(root.iter(f"{{{GEXF}}}color", f"{{{GEXF}}}size", f"{{{GEXF}}}position"))
    assert looks
    relax_ng = etree.RelaxNG(etree.parse(str(SPECS / "gexf.rng")))
    assert not relax_ng.validate(root)
    del root.attrib["{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"]
    for el in looks:
        el.tag = f"{{{VIZ}}}{etree.QName(el).localname}"
    assert relax_ng.validate(root), relax_ng.error_log


def test_gexf_without_any_date_is_a_valid_static_graph(tmp_path):
    g = small_graph()
    for *_, data in g.edges(data=True):
        data["start"] = None
        for tie in data["ties"]:
            tie["date"] = tie["end"] = None
    path = _write(g, tmp_path)
    header = ET.parse(path).getroot().find("g:graph", NS)
    assert (header.get("mode"), header.get("timeformat")) == ("static", None)
    assert _errors(path.read_bytes()) == [] and all(v == [] for v in _spells(path).values())


# --- escaping and cleaning --------------------------------------------------------------------


def test_gexf_hostile_labels_and_keys_stay_well_formed_and_valid(tmp_path):
    path = _write(_hostile_graph(), tmp_path)
    assert _errors(path.read_bytes()) == []
    back = nx.read_gexf(path)
    node = back.nodes["https://example.org/a?x=1&y=<2>"]
    assert node["label"] == node["note"] == HOSTILE_CLEAN and node['odd "key" <&>'] == 1
    edge = back.edges["https://example.org/a?x=1&y=<2>", "b"]
    assert edge["label"] == edge["quote"] == HOSTILE_CLEAN


def test_gexf_keeps_non_bmp_text_as_utf8_characters(tmp_path):
    text = _write(_hostile_graph(), tmp_path).read_bytes().decode("utf-8")
    assert "𝔘𝔫𝔦 🎓" in text and "&#" not in text.replace("&#9;", "").replace("&#10;", "")


def test_xml_text_removes_only_what_xml_cannot_carry():
    assert xml_text(HOSTILE) == HOSTILE_CLEAN
    assert xml_text("Ünï 𝔘 \t\r\n<&>\"'") == "Ünï 𝔘 \t\r\n<&>\"'"


def test_gexf_keeps_a_label_with_quote_comma_and_newline(tmp_path):
    assert nx.read_gexf(_write(small_graph(), tmp_path)).nodes[CHARITE]["label"] == AWKWARD


# --- networkx, igraph and Gephi's conventions --------------------------------------------------


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


def test_gexf_streamed_reads_back_as_networkx_own_writer_would(graph, tmp_path):
    theirs = tmp_path / "networkx.gexf"
    nx.write_gexf(gexf_graph(graph), theirs, version="1.3")
    ours, reference = nx.read_gexf(_write(graph, tmp_path)), nx.read_gexf(theirs)
    for *_, data in ours.edges(data=True):
        data.pop("ties_in_force", None)  # our dynamic attribute; networkx's writer has none
    assert dict(ours.nodes(data=True)) == dict(reference.nodes(data=True))
    assert {frozenset((u, v)): d for u, v, d in ours.edges(data=True)} == {
        frozenset((u, v)): d for u, v, d in reference.edges(data=True)
    }
    assert ours.graph == reference.graph


def test_gexf_follows_gephi_conventions_for_id_label_weight_and_kind(graph, tmp_path):
    root = ET.parse(_write(graph, tmp_path)).getroot()
    declared = {
        (block.get("class"), a.get("id")): a.get("title")
        for block in root.iterfind(".//g:attributes", NS)
        for a in block.iterfind("g:attribute", NS)
    }
    assert len({i for _, i in declared}) == len(declared)  # attribute ids are unique
    assert not {"id", "label", "weight"} & set(declared.values())  # those are XML attributes
    nodes = root.findall(".//g:node", NS)
    assert [n.get("id") for n in nodes] == list(graph.nodes) and all(n.get("label") for n in nodes)
    assert root.find(".//g:nodes", NS).get("count") == str(len(nodes))
    edges = root.findall(".//g:edge", NS)
    assert len({e.get("id") for e in edges}) == len(edges) == graph.number_of_edges()
    for edge in edges:
        assert edge.get("kind") is None and edge.get("type") is None
        assert float(edge.get("weight")) == pytest.approx(graph.edges[edge.get("source"), edge.get("target")]["weight"])
        assert all(("edge", v.get("for")) in declared for v in edge.iterfind("g:attvalues/g:attvalue", NS))
    for node in nodes:
        assert all(("node", v.get("for")) in declared for v in node.iterfind("g:attvalues/g:attvalue", NS))


def test_gexf_metric_named_like_a_gexf_field_keeps_node_ids(tmp_path):
    g = small_graph()
    for n in g:
        g.nodes[n]["id"] = "shadow"
    back = nx.read_gexf(_write(g, tmp_path))
    assert set(back.nodes) == set(g.nodes) and back.nodes[UKM]["id_attr"] == "shadow"


def test_gexf_declares_a_number_that_is_sometimes_fractional_as_double(tmp_path):
    g = nx.Graph()
    g.add_node("a", score=1)
    g.add_node("b", score=0.5, note=3)
    g.add_node("c", note="three")
    back = nx.read_gexf(_write(g, tmp_path))
    assert (back.nodes["a"]["score"], back.nodes["b"]["score"]) == (1.0, 0.5)
    assert (back.nodes["b"]["note"], back.nodes["c"]["note"]) == ("3", "three")


# --- time ---------------------------------------------------------------------------------------


def test_gexf_is_dynamic_with_dates(graph, tmp_path):
    header = ET.parse(_write(graph, tmp_path)).getroot().find("g:graph", NS)
    assert (header.get("mode"), header.get("timeformat"), header.get("timerepresentation")) == ("dynamic", "date", "interval")


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
    assert spells[frozenset((UKM, RUG))] == [("2021-01-01", "2022-12-31")]  # ended 2023
    assert spells[frozenset((CHARITE, UKM))] == [("2019-05-01", None)]


def test_gexf_spells_agree_with_the_timeline_rules_day_by_day():
    """An edge whose ties all ended is in its spell on exactly the days one of them holds."""
    g = small_graph()
    g.edges[UKM, RUG]["ties"][0]["end"] = "2023-02-10"
    g.add_edge(
        UKM,
        LONE,
        start="2020-06",
        ties=[
            {"date": "2020-06", "undated": False, "end": "2021", "status": "ended"},
            {"date": "2019", "undated": True, "status": "ended", "confirmed": "2022-03"},
        ],
    )
    spells = {frozenset((u, v)): d["spells"][0] for u, v, d in gexf_graph(g).edges(data=True) if d.get("spells")}
    days = [(dt.date(2018, 12, 25) + dt.timedelta(days=k)).isoformat() for k in range(0, 2200)]
    for pair in ((UKM, RUG), (UKM, LONE)):
        first, last = spells[frozenset(pair)]
        ties = g.edges[pair]["ties"]
        held = [d for d in days if any(holds(record_when(t), d) for t in ties) and d >= first]
        assert (held[0], held[-1]) == (first, last) and len(held) == len(set(held))
        assert [d for d in days if first <= d <= last] == held


def test_gexf_keeps_the_stated_precision_in_since(tmp_path):
    back = nx.read_gexf(_write(small_graph(), tmp_path))
    assert back.edges[CHARITE, UKM]["since"] == "2019-05" and "since" not in back.edges[RUG, LONE]


def test_gexf_spells_cover_every_dated_edge_of_the_curated_graph(tmp_path):
    g = real_graph()
    spells = _spells(_write(g, tmp_path))
    dated = sum(1 for *_, d in g.edges(data=True) if d["start"])
    assert dated > 0 and sum(1 for k, v in spells.items() if isinstance(k, frozenset) and v) == dated


def test_gexf_spell_ends_the_day_before_the_latest_end():
    g = nx.Graph()
    g.add_edge("a", "b", start="2020", ties=[{"end": "2023"}, {"end": "2023-06"}])
    g.add_edge("b", "c", start="2020", ties=[{"end": "2023"}, {"status": "ended", "confirmed": "2024-02"}])
    g.add_edge("c", "d", start="2021-05", ties=[{"end": "2021"}])  # never held: one day at its start
    assert gexf_graph(g).edges["a", "b"]["spells"] == [("2020-01-01", "2023-05-31")]
    assert gexf_graph(g).edges["b", "c"]["spells"] == [("2020-01-01", "2024-02-29")]
    assert gexf_graph(g).edges["c", "d"]["spells"] == [("2021-05-01", "2021-05-01")]


def test_gexf_start_that_is_not_a_date_counts_as_undated(tmp_path):
    g = nx.Graph()
    g.add_edge("a", "b", start="sometime", ties=[{"date": "sometime", "end": "2023-13"}])
    path = _write(g, tmp_path)
    assert _errors(path.read_bytes()) == [] and _spells(path)[frozenset("ab")] == []
    assert nx.read_gexf(path).edges["a", "b"]["undated"] is True


def test_gexf_counts_the_ties_in_force_over_time_as_a_dynamic_attribute(tmp_path):
    g = small_graph()
    g.edges[UKM, RUG]["ties"].append(copy.deepcopy(g.edges[UKM, RUG]["ties"][0]) | {"date": "2022-03", "end": None})
    back = nx.read_gexf(_write(g, tmp_path))
    assert back.edges[UKM, RUG]["ties_in_force"] == [
        (1, "2021-01-01", "2022-02-28"),
        (2, "2022-03-01", "2022-12-31"),
        (1, "2023-01-01", "None"),
    ]
    assert back.edges[CHARITE, UKM]["ties_in_force"] == [(1, "2019-05-01", "None")]  # undated tie not counted
    assert "ties_in_force" not in back.edges[RUG, LONE]


def test_gexf_ties_in_force_is_declared_dynamic_and_lies_within_the_edge_spell(graph, tmp_path):
    root = ET.parse(_write(graph, tmp_path)).getroot()
    [dynamic] = [b for b in root.iterfind(".//g:attributes", NS) if b.get("mode") == "dynamic"]
    [(key, title)] = [(a.get("id"), a.get("title")) for a in dynamic]
    assert (dynamic.get("class"), title) == ("edge", "ties_in_force")
    for edge in root.iterfind(".//g:edge", NS):
        values = [v for v in edge.iterfind("g:attvalues/g:attvalue", NS) if v.get("for") == key]
        spell = edge.find("g:spells/g:spell", NS)
        if not values:
            continue
        assert spell is not None and values[0].get("start") == spell.get("start")
        days = [(v.get("start"), v.get("end")) for v in values]
        assert all(a <= b for a, b in days if b) and all(b < c for (_, b), (c, _) in zip(days, days[1:], strict=False))


# --- viz ----------------------------------------------------------------------------------------


def _looks(path) -> dict:
    root = ET.parse(path).getroot()
    return {
        n.get("id"): {
            etree.QName(c.tag).localname: dict(c.attrib)
            for c in n
            if etree.QName(c.tag).localname in ("color", "size", "position", "thickness")
        }
        for n in [*root.iterfind(".//g:node", NS), *root.iterfind(".//g:edge", NS)]
    }


def test_gexf_colours_communities_and_sizes_by_pagerank(tmp_path):
    looks = _looks(_write(small_graph(), tmp_path))
    assert looks[CHARITE]["color"] == looks[UKM]["color"] != looks[RUG]["color"] == looks[LONE]["color"]
    assert float(looks[UKM]["size"]["value"]) == 50.0 and float(looks[RUG]["size"]["value"]) < 50.0
    assert "position" not in looks[UKM]


def test_gexf_writes_viz_from_a_viz_dict_or_x_and_y(tmp_path):
    g = small_graph()
    for i, n in enumerate(g):
        g.nodes[n].update(x=float(i), y=-1.5 * i)
    g.nodes[UKM]["viz"] = {"color": {"r": 1, "g": 2, "b": 3, "a": 0.5}, "size": 7, "position": {"x": 10.0, "y": 20.0, "z": 1.0}}
    g.nodes[RUG]["viz"] = {"color": {"r": 300, "g": 0, "b": 0}, "size": -1}  # invalid: not written
    g.edges[UKM, RUG]["viz"] = {"color": {"r": 9, "g": 8, "b": 7}, "thickness": 2.5}
    path = _write(g, tmp_path)
    assert _errors(path.read_bytes()) == []
    looks = _looks(path)
    assert looks[UKM] == {
        "color": {"r": "1", "g": "2", "b": "3", "a": "0.5"},
        "size": {"value": "7.0"},
        "position": {"x": "10.0", "y": "20.0", "z": "1.0"},
    }
    assert looks[RUG]["color"] == looks[LONE]["color"] and looks[RUG]["position"] == {"x": "2.0", "y": "-3.0"}
    assert looks["1"] == {"color": {"r": "9", "g": "8", "b": "7"}, "thickness": {"value": "2.5"}}


def test_gexf_export_leaves_the_callers_graph_alone(tmp_path):
    g = _hostile_graph()
    g.nodes["b"]["viz"] = {"size": 3}
    before = copy.deepcopy((dict(g.nodes(data=True)), list(g.edges(data=True))))
    _write(g, tmp_path)
    assert (dict(g.nodes(data=True)), list(g.edges(data=True))) == before


# --- the text writer writes what the lxml writer wrote ------------------------------------------


def _lxml_gexf(g: nx.Graph) -> bytes:
    """The writer before issue 18: lxml's ``xmlfile`` over ``gexf_graph(g)``, one element per line."""
    from collabgraph.export.gexf.attributes import _kind, _numeric, _text
    from collabgraph.export.gexf.spells import ties_in_force
    from collabgraph.export.gexf.viz import _colour, _position, _scale

    def declare(rows) -> dict:
        kinds: dict = {}
        for data in rows:
            for key, value in data.items():
                kinds.setdefault(key, set()).add(_kind(value))
        return {k: ks.pop() if len(ks) == 1 else "double" if ks == {"long", "double"} else "string" for k, ks in kinds.items()}

    def node_attrs(data):
        return {k: v for k, v in data.items() if k not in ("label", "spells")}

    def edge_attrs(data):
        numeric = _numeric(data.get("weight"))
        return {
            ("weight_attr" if k == "weight" else k): x
            for k, x in data.items()
            if k not in ("label", "spells") and not (k == "weight" and numeric)
        }

    h = gexf_graph(g)
    node_types = declare(node_attrs(d) for _, d in h.nodes(data=True))
    edge_types = declare(edge_attrs(d) for *_, d in h.edges(data=True))
    dynamic = {"ties_in_force": "integer"} if any(ties_in_force(g.edges[e].get("ties")) for e in h.edges) else {}
    classes = [("node", "static", node_types), ("edge", "static", edge_types), ("edge", "dynamic", dynamic)]
    ids = {(cls, title): str(i) for i, (cls, title) in enumerate((cls, t) for cls, _, types in classes for t in types)}
    communities = [d.get("community") for _, d in h.nodes(data=True)]
    colours = {}
    if communities and all(c is not None for c in communities):
        sizes = collections.Counter(str(c) for c in communities)
        ranked = sorted(sizes, key=lambda c: (-sizes[c], c))
        colours = {c: _colour(_PALETTE[i] if i < len(_PALETTE) else _GREY) for i, c in enumerate(ranked)}
    ranks = [d.get("pagerank") for _, d in h.nodes(data=True)]
    top = (max(ranks) if ranks and all(_finite(r) and r >= 0 for r in ranks) else 0) or None
    xy = bool(len(h)) and all(_finite(d.get("x")) and _finite(d.get("y")) for _, d in h.nodes(data=True))

    def node_looks(n, flat):
        viz = g.nodes[n].get("viz")
        viz = viz if isinstance(viz, dict) else {}
        colour = _colour(viz.get("color")) or (colours[str(flat["community"])] if colours else None)
        size = _scale(viz.get("size"))
        if size is None and top:
            size = repr(5.0 + 45.0 * flat["pagerank"] / top)
        position = _position(viz.get("position"))
        if position is None and xy:
            position = {"x": repr(float(flat["x"])), "y": repr(float(flat["y"]))}
        return [(k, a) for k, a in (("color", colour), ("size", size and {"value": size}), ("position", position)) if a]

    def edge_looks(u, v):
        viz = g.edges[u, v].get("viz")
        if not isinstance(viz, dict):
            return []
        thickness = _scale(viz.get("thickness"))
        return [(k, a) for k, a in (("color", _colour(viz.get("color"))), ("thickness", thickness and {"value": thickness})) if a]

    def element(name, attrib, cls, spells, attrs, extra, looks):
        el = etree.Element(name, attrib)
        if attrs or extra:
            values = etree.SubElement(el, "attvalues")
            for key, value in attrs.items():
                etree.SubElement(values, "attvalue", {"for": ids[cls, key], "value": _text(value)})
            for attvalue in extra:
                etree.SubElement(values, "attvalue", attvalue)
        if spells:
            within = etree.SubElement(el, "spells")
            for start, end in spells:
                etree.SubElement(within, "spell", {k: str(t) for k, t in (("start", start), ("end", end)) if t is not None})
        for look, look_attrib in looks:
            etree.SubElement(el, look, look_attrib)
        return el

    def in_force(u, v):
        return [
            {"for": ids["edge", "ties_in_force"], "value": str(c), "start": first, **({"end": last} if last else {})}
            for c, first, last in (ties_in_force(g.edges[u, v].get("ties")) if dynamic else [])
        ]

    graph = {"mode": h.graph["mode"], "defaultedgetype": "directed" if h.is_directed() else "undirected", "idtype": "string"}
    if h.graph["mode"] == "dynamic":
        graph.update(timeformat="date", timerepresentation="interval")
    fh = io.BytesIO()
    with etree.xmlfile(fh, encoding="utf-8") as xf:
        xf.write_declaration()
        root = {"version": "1.3", "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation": f"{GEXF} {GEXF}/gexf.xsd"}
        with xf.element(f"{{{GEXF}}}gexf", root, nsmap={None: GEXF, "xsi": "http://www.w3.org/2001/XMLSchema-instance"}):
            xf.write("\n")
            meta = etree.Element("meta")
            etree.SubElement(meta, "creator").text = "collabgraph"
            etree.SubElement(
                meta, "description"
            ).text = "Institutions and their partnerships; dated edges start with their earliest tie"
            xf.write(meta, "\n")
            with xf.element(f"{{{GEXF}}}graph", graph):
                xf.write("\n")
                for cls, mode, types in classes:
                    if types:
                        block = etree.Element("attributes", {"class": cls, "mode": mode})
                        for title, kind in types.items():
                            etree.SubElement(block, "attribute", {"id": ids[cls, title], "title": xml_text(title), "type": kind})
                        xf.write(block, "\n")
                with xf.element(f"{{{GEXF}}}nodes", {"count": str(h.number_of_nodes())}):
                    xf.write("\n")
                    for n, data in h.nodes(data=True):
                        attrib = {"id": xml_text(n), "label": xml_text(data.get("label", n))}
                        spells = data.get("spells") or []
                        xf.write(element("node", attrib, "node", spells, node_attrs(data), (), node_looks(n, data)), "\n")
                xf.write("\n")
                with xf.element(f"{{{GEXF}}}edges", {"count": str(h.number_of_edges())}):
                    xf.write("\n")
                    for i, (u, v, data) in enumerate(h.edges(data=True)):
                        attrib = {"id": str(i), "source": xml_text(u), "target": xml_text(v)}
                        if "label" in data:
                            attrib["label"] = xml_text(data["label"])
                        if _numeric(data.get("weight")):
                            attrib["weight"] = _text(float(data["weight"]))
                        spells = data.get("spells") or []
                        looks = edge_looks(u, v)
                        xf.write(element("edge", attrib, "edge", spells, edge_attrs(data), in_force(u, v), looks), "\n")
                xf.write("\n")
            xf.write("\n")
    return fh.getvalue()


def _awkward_graphs() -> dict[str, nx.Graph]:
    """Graphs that reach every branch of the writer: viz, reserved keys, mixed types, no dates."""
    viz = small_graph()
    for i, n in enumerate(viz):
        viz.nodes[n].update(x=float(i), y=-1.5 * i)
    viz.nodes[UKM]["viz"] = {"color": {"r": 1, "g": 2, "b": 3, "a": 0.5}, "size": 7, "position": {"x": 1.0, "y": 2.0, "z": 3.0}}
    viz.nodes[RUG]["viz"] = {"color": "#0a0B0c", "size": -1}
    viz.edges[UKM, RUG]["viz"] = {"color": {"r": 9, "g": 8, "b": 7}, "thickness": 2.5}
    viz.edges[CHARITE, UKM]["viz"] = {"thickness": "thick"}
    reserved = small_graph()
    for n in reserved:
        reserved.nodes[n].update(id="shadow", pid=1, viz_attr="first", start="2020", end=None, spells=[1, 2])
    for *_, d in reserved.edges(data=True):
        d.update(id=7, kind="x", type="t", end="2021", ties_in_force=3, spells=None, label="tie <1>")
    mixed = nx.Graph()
    mixed.add_node("a", score=1, big=2**70, note=3, flag=True, rank=np.int64(4), share=np.float64(0.25), when=float("nan"))
    mixed.add_node("b", score=0.5, big=1, note="three", flag=1, tags=["x", "y"], meta={"k": [1]}, when=float("-inf"))
    mixed.add_node(3, label=None)
    mixed.add_edge("a", "b", weight="heavy", weight_attr=1, start="2020-02-30", ties=[])
    mixed.add_edge("b", 3, weight=True, start=None, ties=None)
    mixed.add_edge(3, 3, weight=float("inf"), start="2021-02", ties=[{"date": "2021-02", "quote": "q\r\n"}])
    static = small_graph()
    for *_, d in static.edges(data=True):
        d["start"] = None
    directed = nx.DiGraph(small_graph())
    directed.add_edge(RUG, UKM, start="1999", weight=2, ties=[{"date": "1999", "end": "2000", "via": "y"}])
    return {"viz": viz, "reserved": reserved, "mixed": mixed, "static": static, "directed": directed, "empty": nx.Graph()}


@pytest.mark.parametrize("name", ["small", "curated", "hostile", "viz", "reserved", "mixed", "static", "directed", "empty"])
def test_gexf_text_writer_writes_the_lxml_writers_document_byte_for_byte(name):
    graphs = {**GRAPHS, "hostile": _hostile_graph, **{k: functools.partial(lambda v: v, v) for k, v in _awkward_graphs().items()}}
    g = graphs[name]()
    before = copy.deepcopy((dict(g.nodes(data=True)), list(g.edges(data=True))))
    ours, theirs = gexf_bytes(g), _lxml_gexf(g)
    assert ours.decode().splitlines() == theirs.decode().splitlines()
    assert ours == theirs
    assert (dict(g.nodes(data=True)), list(g.edges(data=True))) == before
    if name != "empty":  # the schema wants at least one node
        assert _errors(ours) == []
