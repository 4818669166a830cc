"""VOSviewer export: map and network files parse as tab-separated text with matching integer ids."""

from __future__ import annotations

import csv
import json

import pytest
from test_export_common import AWKWARD, CHARITE, RUG, UKM, real_graph, small_graph

from collabgraph.export import export

GRAPHS = {"small": small_graph, "curated": real_graph}


@pytest.fixture(params=sorted(GRAPHS))
def graph(request):
    return GRAPHS[request.param]()


def _read(g, tmp_path):
    map_file, network_file, json_file = export(g, "vosviewer", tmp_path)
    with map_file.open(newline="", encoding="utf-8") as fh:
        items = list(csv.DictReader(fh, delimiter="\t"))
    with network_file.open(newline="", encoding="utf-8") as fh:
        links = list(csv.reader(fh, delimiter="\t"))
    return items, links, json.loads(json_file.read_text(encoding="utf-8"))


def test_map_file_has_one_line_per_institution_and_integer_ids(graph, tmp_path):
    items, _, _ = _read(graph, tmp_path)
    assert [int(i["id"]) for i in items] == list(range(1, graph.number_of_nodes() + 1))
    assert all(len(row) == len(items[0]) and None not in row for row in items)


def test_network_file_links_ids_of_the_map_file(graph, tmp_path):
    items, links, _ = _read(graph, tmp_path)
    ids = {int(i["id"]) for i in items}
    assert len(links) == graph.number_of_edges()
    assert all(len(link) == 3 and {int(link[0]), int(link[1])} <= ids and float(link[2]) > 0
               for link in links)


def test_network_file_strength_is_the_edge_weight(tmp_path):
    items, links, _ = _read(small_graph(), tmp_path)
    url = {int(i["id"]): i["url"] for i in items}
    strength = {frozenset((url[int(a)], url[int(b)])): float(s) for a, b, s in links}
    assert strength[frozenset((CHARITE, UKM))] == pytest.approx(1.5)


def test_map_file_has_clusters_from_communities_and_metric_columns(graph, tmp_path):
    items, _, _ = _read(graph, tmp_path)
    clusters = {int(i["cluster"]) for i in items}
    assert min(clusters) == 1 and len(clusters) == len({d["community"] for _, d in graph.nodes(data=True)})
    assert {"weight<Links>", "weight<Total link strength>", "weight<pagerank>", "score<pagerank>"} <= set(items[0])


def test_map_file_label_with_a_comma_is_quoted_and_flattened(tmp_path):
    map_file, _, _ = export(small_graph(), "vosviewer", tmp_path)
    text = map_file.read_text(encoding="utf-8")
    assert '"Universität ""Nord"", Süd Campus"' in text
    assert len(text.splitlines()) == 5


def test_map_and_network_agree_on_links_per_item(tmp_path):
    items, links, _ = _read(small_graph(), tmp_path)
    by_url = {i["url"]: i for i in items}
    assert by_url[UKM]["weight<Links>"] == "2" and by_url[RUG]["weight<Ties>"] == "2"
    assert sum(int(i["weight<Links>"]) for i in items) == 2 * len(links)


def test_json_has_the_network_items_links_and_config(graph, tmp_path):
    _, _, doc = _read(graph, tmp_path)
    assert {"network", "config"} <= set(doc) and {"items", "links"} <= set(doc["network"])
    for item in doc["network"]["items"]:
        assert {"id", "label", "cluster", "weights", "scores", "description"} <= set(item)
    assert all({"source_id", "target_id", "strength"} <= set(link) for link in doc["network"]["links"])


def test_json_ids_match_the_map_file(graph, tmp_path):
    items, links, doc = _read(graph, tmp_path)
    assert [(i["id"], i["label"]) for i in doc["network"]["items"]] == [(int(i["id"]), i["label"]) for i in items]
    assert [[str(x["source_id"]), str(x["target_id"])] for x in doc["network"]["links"]] == [x[:2] for x in links]


def test_json_label_is_the_label_on_one_line(tmp_path):
    _, _, doc = _read(small_graph(), tmp_path)
    assert doc["network"]["items"][0]["label"] == " ".join(AWKWARD.split())
