"""VOSviewer export: map and network files as VOSviewer documents and reads them, and the JSON."""

from __future__ import annotations

import csv
import io
import json
import math

import pytest
from lxml import html
from test_export_common import AWKWARD, CHARITE, LONE, RUG, UKM, real_graph, small_graph

from collabgraph.export import export

GRAPHS = {"small": small_graph, "curated": real_graph}
#: Markup, an entity, both quotes, tabs, line breaks, a comma, a semicolon, control characters,
#: a lone surrogate and text outside the Basic Multilingual Plane.
HOSTILE = "R&D <b>Lab</b>\t\"Nord\", 'Süd';\r\nCampus\x00\x1b\x7f \ud800𝔘𝔫𝔦 🎓"
HOSTILE_ONE_LINE = "R&D <b>Lab</b> \"Nord\", 'Süd'; Campus 𝔘𝔫𝔦 🎓"
HEADERS = {"id", "label", "description", "url", "x", "y", "cluster"}


@pytest.fixture(params=sorted(GRAPHS))
def graph(request):
    return GRAPHS[request.param]()


def _files(g, tmp_path):
    map_file, network_file, json_file = export(g, "vosviewer", tmp_path)
    return (
        map_file.read_text(encoding="utf-8"),
        network_file.read_text(encoding="utf-8"),
        json.loads(json_file.read_text(encoding="utf-8")),
    )


def _vosviewer_rows(text: str) -> list[dict]:
    """The map file as VOSviewer reads it: lines split on tabs, a cell's enclosing quotes stripped."""
    header, *lines = text.rstrip("\n").split("\n")
    names = header.split("\t")
    rows = []
    for line in lines:
        cells = line.split("\t")
        assert len(cells) == len(names), line
        rows.append({k: c[1:-1] if len(c) > 1 and c[0] == c[-1] == '"' else c for k, c in zip(names, cells, strict=True)})
    return rows


def _csv_rows(text: str) -> list[dict]:
    """The map file as a CSV parser with tab delimiter reads it (VOSviewer Online's Papa Parse does)."""
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter="\t"))


def _read(g, tmp_path):
    map_text, network_text, doc = _files(g, tmp_path)
    links = [line.split("\t") for line in network_text.rstrip("\n").split("\n")] if network_text else []
    return _vosviewer_rows(map_text), links, doc


def _hostile_graph():
    g = small_graph()
    g.nodes[CHARITE].update(label=HOSTILE, type="R&D <institute>", country='"DE";')
    return g


def _text_of(description: str) -> list[str]:
    """The cell texts of an HTML description, as a browser shows them."""
    return [td.text_content() for td in html.fragment_fromstring(description).iter("td")]


# --- the map file ---------------------------------------------------------------------------------


def test_map_file_header_names_are_exactly_vosviewers(graph, tmp_path):
    header = _files(graph, tmp_path)[0].split("\n", 1)[0].split("\t")
    fixed = [h for h in header if h in HEADERS]
    assert fixed == [h for h in ("id", "label", "description", "url", "x", "y", "cluster") if h in fixed]
    assert fixed[:3] == ["id", "label", "description"] and "cluster" in fixed
    others = header[len(fixed) :]
    assert others[:3] == ["weight<Links>", "weight<Total link strength>", "weight<Ties>"]
    assert all(h.startswith(("weight<", "score<")) and h.endswith(">") for h in others)
    weights = [h for h in others if h.startswith("weight<")]
    assert others == weights + [h for h in others if h.startswith("score<")] and len(set(header)) == len(header)


def test_map_file_has_one_line_per_institution_and_integer_ids(graph, tmp_path):
    items, _, _ = _read(graph, tmp_path)
    assert [int(i["id"]) for i in items] == list(range(1, graph.number_of_nodes() + 1))


def test_map_file_reads_the_same_split_on_tabs_and_parsed_as_csv(graph, tmp_path):
    text = _files(_hostile_graph() if len(graph) < 10 else graph, tmp_path)[0]
    assert _vosviewer_rows(text) == _csv_rows(text)


def test_map_file_encloses_exactly_the_cells_with_a_comma_or_semicolon(tmp_path):
    text = _files(_hostile_graph(), tmp_path)[0]
    for line in text.rstrip("\n").split("\n")[1:]:
        for cell in line.split("\t"):
            enclosed = cell.startswith('"') and cell.endswith('"') and len(cell) > 1
            inner = cell[1:-1] if enclosed else cell
            assert '"' not in inner and enclosed == ("," in inner or ";" in inner), cell


def test_map_file_label_with_tabs_newlines_and_quotes_stays_on_one_line(tmp_path):
    text = _files(_hostile_graph(), tmp_path)[0]
    assert len(text.splitlines()) == 5 and "\r" not in text
    [row] = [r for r in _vosviewer_rows(text) if r["url"] == CHARITE]
    assert row["label"] == "R&D <b>Lab</b> “Nord”, 'Süd'; Campus 𝔘𝔫𝔦 🎓"


def test_map_file_label_with_a_comma_is_quoted_and_flattened(tmp_path):
    text = _files(small_graph(), tmp_path)[0]
    assert '\t"Universität “Nord”, Süd Campus"\t' in text
    assert len(text.splitlines()) == 5


def test_map_file_description_is_escaped_html_showing_the_label_as_written(tmp_path):
    rows = _vosviewer_rows(_files(_hostile_graph(), tmp_path)[0])
    [row] = [r for r in rows if r["url"] == CHARITE]
    description = row["description"]
    assert description.startswith("<table>") and description.endswith("</table>")
    assert "\t" not in description and "\n" not in description and '"' not in description
    assert "<b>" not in description and "&lt;b&gt;" in description
    assert _text_of(description) == ["Name:", HOSTILE_ONE_LINE, "Type:", "R&D <institute>", "Country:", '"DE";']


def test_map_file_description_of_a_plain_institution(tmp_path):
    rows = {r["url"]: r for r in _vosviewer_rows(_files(small_graph(), tmp_path)[0])}
    assert _text_of(rows[UKM]["description"]) == ["Name:", "UKM", "Type:", "university hospital", "Country:", "DE"]
    assert _text_of(rows[LONE]["description"]) == ["Name:", "Lone Institute", "Type:", "research institute"]


def test_map_file_has_clusters_from_communities_and_metric_columns(graph, tmp_path):
    items, _, _ = _read(graph, tmp_path)
    clusters = {int(i["cluster"]) for i in items}
    assert min(clusters) == 1 and len(clusters) == len({d["community"] for _, d in graph.nodes(data=True)})
    assert {"weight<Links>", "weight<Total link strength>", "weight<pagerank>", "score<pagerank>"} <= set(items[0])


def test_map_file_numbers_are_what_vosviewer_accepts(graph, tmp_path):
    for item in _read(graph, tmp_path)[0]:
        assert 1 <= int(item["cluster"]) <= 1000
        for key, value in item.items():
            if key.startswith("weight<"):
                assert math.isfinite(float(value)) and float(value) >= 0, (key, value)
            elif key.startswith("score<"):
                assert math.isfinite(float(value)), (key, value)


def test_map_file_leaves_out_a_metric_that_is_not_finite_everywhere(tmp_path):
    g = small_graph()
    g.nodes[UKM]["pagerank"] = float("nan")
    g.nodes[RUG]["degree"] = float("inf")
    header = _files(g, tmp_path)[0].split("\n", 1)[0]
    assert "pagerank" not in header and "<degree>" not in header and "weight<Links>" in header


def test_map_and_network_agree_on_links_per_item(tmp_path):
    items, links, _ = _read(small_graph(), tmp_path)
    by_url = {i["url"]: i for i in items}
    assert by_url[UKM]["weight<Links>"] == "2" and by_url[RUG]["weight<Ties>"] == "2"
    assert sum(int(i["weight<Links>"]) for i in items) == 2 * len(links)


# --- the network file -----------------------------------------------------------------------------


def test_network_file_is_three_tab_separated_columns_without_header(graph, tmp_path):
    items, links, _ = _read(graph, tmp_path)
    ids = {int(i["id"]) for i in items}
    assert len(links) == graph.number_of_edges()
    for link in links:
        assert len(link) == 3 and {int(link[0]), int(link[1])} <= ids
        assert math.isfinite(float(link[2])) and float(link[2]) > 0


def test_network_file_strength_is_the_edge_weight(tmp_path):
    items, links, _ = _read(small_graph(), tmp_path)
    url = {int(i["id"]): i["url"] for i in items}
    strength = {frozenset((url[int(a)], url[int(b)])): float(s) for a, b, s in links}
    assert strength[frozenset((CHARITE, UKM))] == pytest.approx(1.5)


# --- the JSON -------------------------------------------------------------------------------------


def test_json_has_the_network_items_links_and_config(graph, tmp_path):
    _, _, doc = _read(graph, tmp_path)
    assert {"network", "config"} <= set(doc) and {"items", "links"} <= set(doc["network"])
    for item in doc["network"]["items"]:
        assert {"id", "label", "cluster", "weights", "scores", "description"} <= set(item)
    assert all({"source_id", "target_id", "strength"} <= set(link) for link in doc["network"]["links"])


def test_json_ids_labels_and_descriptions_match_the_map_file(graph, tmp_path):
    items, links, doc = _read(graph, tmp_path)
    straight = str.maketrans("“”", '""')
    assert [(i["id"], i["label"], i["description"]) for i in doc["network"]["items"]] == [
        (int(i["id"]), i["label"].translate(straight), i["description"]) for i in items
    ]
    assert [[str(x["source_id"]), str(x["target_id"])] for x in doc["network"]["links"]] == [x[:2] for x in links]


def test_json_label_is_the_label_on_one_line(tmp_path):
    _, _, doc = _read(small_graph(), tmp_path)
    assert doc["network"]["items"][0]["label"] == " ".join(AWKWARD.split())


def test_json_keeps_a_hostile_label_on_one_line_with_its_quotes(tmp_path):
    _, _, doc = _read(_hostile_graph(), tmp_path)
    item = doc["network"]["items"][0]
    assert item["label"] == HOSTILE_ONE_LINE and _text_of(item["description"])[1] == HOSTILE_ONE_LINE
