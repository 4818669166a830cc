"""The offline HTML page: escaping, no remote resources, the data it carries, layout and options."""

from __future__ import annotations

import json
import math
import re
from importlib.resources import files

import networkx as nx
import pytest

from collabgraph.errors import UnknownInstitution
from collabgraph.network.metrics import with_metrics
from collabgraph.network.project import institution_graph
from collabgraph.render import ego_graph, render_communities, render_ego, render_html, render_overview
from collabgraph.render import html as render_module
from collabgraph.render.html import layout as layout_module  # where the layout limits are read

HOSTILE_LABEL = '<script>alert(1)</script> "Quoted" & Sons'
HOSTILE_QUOTE = 'they wrote </script><script>alert(2)</script> & "left"'
REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""", re.IGNORECASE)


DATA_URI = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+")


def page_data(page: str) -> dict:
    """The JSON block of a page, parsed back."""
    blocks = re.findall(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def tie(label="MoU", kind="mou", date="2019-05", status="signed", sources=("000_x.txt",), quote="q", parties=2):
    return {
        "via": f"https://example.org/{label}",
        "kind": kind,
        "label": label,
        "date": date,
        "end": None,
        "status": status,
        "curation": None,
        "sources": tuple(sources),
        "quote": quote,
        "parties": parties,
        "undated": date is None,
        "planned": status in ("planned", "announced"),
    }


def edge(*ties_: dict) -> dict:
    dated = [t["date"] for t in ties_ if t["date"]]
    return {
        "weight": sum(1.0 / max(t["parties"] - 1, 1) for t in ties_),
        "count": len(ties_),
        "ties": list(ties_),
        "start": min(dated) if dated else None,
        "undated": not dated,
        "planned": all(t["planned"] for t in ties_),
        "kinds": sorted({t["kind"] for t in ties_}),
    }


@pytest.fixture
def small() -> nx.Graph:
    """Four institutions: a dated MoU, an undated alliance tie, a planned and an ended agreement."""
    g = nx.Graph(as_of=None, since=None, until=None, include_planned=True)
    for n, label, kind, country in (
        ("a", HOSTILE_LABEL, "university", "NL"),
        ("b", "Beta", "hospital", "DE"),
        ("c", "Gamma", "university", "BE"),
        ("d", "Delta", "company", ""),
    ):
        g.add_node(n, label=label, type=kind, country=country)
    g.add_edge("a", "b", **edge(tie(quote=HOSTILE_QUOTE)))
    g.add_edge("b", "c", **edge(tie("YERUN", "alliance", None, "active", parties=4)))
    g.add_edge("c", "d", **edge(tie("Plan", "cooperation_agreement", "2024", "planned")))
    g.add_edge("a", "c", **edge(tie("Old", "collaboration", "2004", "ended")))
    return g


@pytest.fixture(scope="module")
def curated(ds_all) -> nx.Graph:
    return institution_graph(ds_all)


@pytest.fixture(scope="module")
def curated_page(curated, tmp_path_factory) -> str:
    path = render_html(curated, tmp_path_factory.mktemp("page") / "network.html", title="Curated")
    return path.read_text(encoding="utf-8")


def test_hostile_label_is_never_markup_in_the_page(small, tmp_path):
    page = render_html(small, tmp_path / "n.html", title=HOSTILE_LABEL).read_text(encoding="utf-8")
    assert "<script>alert" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#34;Quoted&#34; &amp; Sons" in page  # <title> and <h1>


def test_quote_cannot_close_the_json_block_early(small, tmp_path):
    page = render_html(small, tmp_path / "n.html", title="t").read_text(encoding="utf-8")
    block = page.split('id="graph-data">', 1)[1].split("</script>", 1)[0]
    assert "</" not in block and "<" not in block
    assert page.lower().count("</script>") == 3  # the JSON block, vis-network and ours


def test_page_json_gives_back_the_original_label_and_quote(small, tmp_path):
    data = page_data(render_html(small, tmp_path / "n.html", title="t").read_text(encoding="utf-8"))
    assert HOSTILE_LABEL in [n["label"] for n in data["nodes"]]
    assert HOSTILE_QUOTE in [t["quote"] for t in data["ties"]]


def test_node_tooltip_is_plain_text_with_label_type_and_country(small, tmp_path):
    data = page_data(render_html(small, tmp_path / "n.html", title="t").read_text(encoding="utf-8"))
    node = next(n for n in data["nodes"] if n["iri"] == "a")
    assert node["title"] == f"{HOSTILE_LABEL}\ntype: university\ncountry: NL\ndegree: 2"


def test_each_link_carries_every_tie_behind_it_for_the_panel(small, tmp_path):
    """The panel shows, per tie: label, kind, date, status, sources, quote and gloss."""
    data = page_data(render_html(small, tmp_path / "n.html", title="t").read_text(encoding="utf-8"))
    ties = {e["kind"]: [data["ties"][i] for i in e["ties"]] for e in data["edges"]}
    mou = ties["mou"][0]
    assert {k: mou[k] for k in ("label", "kind", "date", "status", "sources", "quote", "gloss")} == {
        "label": "MoU",
        "kind": "mou",
        "date": "2019-05",
        "status": "signed",
        "sources": ["000_x.txt"],
        "quote": HOSTILE_QUOTE,
        "gloss": None,
    }
    assert mou["span"] == [2019, None, False]
    alliance = ties["alliance"][0]
    assert alliance["date"] is None and alliance["undated"] is True and alliance["span"] == [None, None, True]


def test_curated_page_loads_nothing_remote(curated_page):
    assert not REMOTE.findall(curated_page)
    lowered = DATA_URI.sub("data:", curated_page).lower()  # base64 may spell "cdn" by chance
    for needle in ("cdn", "unpkg", "jsdelivr", "googleapis", "<script src", "<link"):
        assert needle not in lowered, needle
    assert "default-src 'none'" in curated_page  # the browser itself refuses any fetch


def test_vis_network_is_inlined_from_pyvis(curated_page):
    lib = files("pyvis").joinpath("templates", "lib", "vis-9.1.2")
    js = lib.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    assert js.split("//# sourceMappingURL=")[0].rstrip() in curated_page
    assert "sourceMappingURL" not in curated_page
    assert lib.joinpath("vis-network.css").read_text(encoding="utf-8") in curated_page


def test_curated_page_carries_every_institution_and_link(curated, curated_page):
    data = page_data(curated_page)
    assert {n["iri"] for n in data["nodes"]} == set(curated)
    assert len(data["edges"]) == curated.number_of_edges()
    assert f"{curated.number_of_nodes()}</span> institutions" in curated_page


def test_render_writes_only_the_page(small, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # pyvis's own writer would drop lib/ here
    out = render_html(small, tmp_path / "out" / "n.html", title="t")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["out", "out/n.html"]
    assert out == tmp_path / "out" / "n.html"


def test_failed_render_leaves_the_previous_page_untouched(small, tmp_path):
    path = render_html(small, tmp_path / "n.html", title="first")
    before = path.read_bytes()
    with pytest.raises(ValueError, match="no node has the attribute 'betweenness'"):
        render_html(small, path, title="second", size_by="betweenness")
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["n.html"]


def test_nodes_are_sized_by_the_given_attribute(small, tmp_path):
    nx.set_node_attributes(small, {"a": 0.0, "b": 0.2, "c": 0.1, "d": 0.9}, "betweenness")
    data = page_data(render_html(small, tmp_path / "n.html", title="t", size_by="betweenness").read_text(encoding="utf-8"))
    sizes = {n["iri"]: n["size"] for n in data["nodes"]}
    assert max(sizes, key=sizes.get) == "d" and min(sizes, key=sizes.get) == "a"


def test_a_nan_centrality_does_not_break_the_page_json(small, tmp_path):
    nx.set_node_attributes(small, {"a": float("nan"), "b": 0.2, "c": 0.1, "d": 0.9}, "betweenness")
    page = render_html(small, tmp_path / "n.html", title="t", size_by="betweenness").read_text(encoding="utf-8")
    block = page.split('id="graph-data">', 1)[1].split("</script>", 1)[0]
    assert json.loads(block, parse_constant=lambda name: pytest.fail(f"{name} in the page JSON"))


def test_nodes_are_sized_by_degree_by_default(small, tmp_path):
    data = page_data(render_html(small, tmp_path / "n.html", title="t").read_text(encoding="utf-8"))
    sizes = {n["iri"]: n["size"] for n in data["nodes"]}
    assert sizes["c"] > sizes["a"] > sizes["d"]


def test_color_by_community_gives_one_colour_per_community_and_a_legend(small, tmp_path):
    nx.set_node_attributes(small, {"a": 0, "b": 0, "c": 1, "d": 1}, "community")
    page = render_html(small, tmp_path / "n.html", title="t", color_by="community").read_text(encoding="utf-8")
    data = page_data(page)
    colours = {n["iri"]: n["color"] for n in data["nodes"]}
    assert colours["a"] == colours["b"] != colours["c"] == colours["d"]
    assert all(n["colors"]["community"] == n["color"] for n in data["nodes"])
    assert data["colorings"] == ["community", "type"]  # type is the toggle
    assert "Colour: community" in page and "community 0: " in page and "community unknown" not in page


def test_edges_are_coloured_by_kind_and_drawn_by_how_sure_their_time_is(small, tmp_path):
    """Undated is a property of a tie (dashed), not a kind of link: colour stays the kind."""
    data = page_data(render_html(small, tmp_path / "n.html", title="t").read_text(encoding="utf-8"))
    by_kind = {e["kind"]: e for e in data["edges"]}
    assert by_kind["mou"]["color"] == render_module.KIND_COLORS["mou"] and by_kind["mou"]["dashes"] is False
    assert by_kind["alliance"]["color"] == render_module.KIND_COLORS["alliance"]
    assert by_kind["alliance"]["dashes"] == render_module.UNDATED_DASHES
    assert by_kind["cooperation_agreement"]["dashes"] == render_module.PLANNED_DASHES
    assert by_kind["collaboration"]["dashes"] == render_module.ENDED_DASHES


def test_legend_says_what_colour_and_line_mean_and_undated_is_no_kind(small, tmp_path):
    page = render_html(small, tmp_path / "n.html", title="t").read_text(encoding="utf-8")
    legend = page.split('<details id="legend"', 1)[1].split("</details>", 1)[0]
    kinds = legend.split("Link colour: kind of its main tie", 1)[1].split("<h2>", 1)[0]
    assert "undated" not in kinds and "mou" in kinds
    assert "Colour: type of institution" in legend and "Size: degree" in legend
    lines = legend.split("Line: how sure the time is", 1)[1]
    for text in ("undated: the sources give no start date", "ended", "planned or announced"):
        assert text in lines


def test_header_shows_the_cut_of_an_as_of_graph(ds_all, tmp_path):
    g = institution_graph(ds_all, as_of="2020")
    page = render_html(g, tmp_path / "n.html", title="t").read_text(encoding="utf-8")
    assert "as of 2020" in page


def test_header_shows_a_since_until_window(small, tmp_path):
    small.graph.update(since="2019", until="2021", include_planned=False)
    page = render_html(small, tmp_path / "n.html", title="t").read_text(encoding="utf-8")
    assert "started 2019 to 2021" in page


def test_time_slider_spans_the_dated_years_with_undated_ties_apart(small, tmp_path):
    page = render_html(small, tmp_path / "n.html", title="t", time_slider=True).read_text(encoding="utf-8")
    assert '<input type="range" id="year" min="2004" max="2024" step="1" value="2024">' in page
    assert '<input type="checkbox" id="show-undated" checked> show undated ties' in page
    assert '<span id="count-undated">1</span> undated links' in page
    years = {e["kind"]: e["year"] for e in page_data(page)["edges"]}
    assert years == {"mou": 2019, "alliance": None, "cooperation_agreement": 2024, "collaboration": 2004}


def test_time_slider_without_dated_ties_keeps_the_undated_checkbox(tmp_path):
    g = nx.Graph()
    g.add_edge("x", "y", **edge(tie(date=None)))
    page = render_html(g, tmp_path / "n.html", title="t", time_slider=True).read_text(encoding="utf-8")
    assert "no dated ties" in page and 'id="show-undated"' in page and 'id="year"' not in page


def test_small_graphs_get_live_physics_and_no_positions(curated_page):
    data = page_data(curated_page)
    assert data["physics"] is True and data["options"]["physics"]["enabled"] is True
    assert not any("x" in n for n in data["nodes"])


def test_graphs_at_the_physics_limit_get_a_seeded_layout(small, tmp_path, monkeypatch):
    monkeypatch.setattr(layout_module, "PHYSICS_LIMIT", small.number_of_nodes())
    first = page_data(render_html(small, tmp_path / "1.html", title="t").read_text(encoding="utf-8"))
    second = page_data(render_html(small, tmp_path / "2.html", title="t").read_text(encoding="utf-8"))
    assert first["options"]["physics"]["enabled"] is False
    assert [(n["x"], n["y"]) for n in first["nodes"]] == [(n["x"], n["y"]) for n in second["nodes"]]


def test_ego_graph_finds_the_centre_by_label_and_marks_it(curated):
    ego = ego_graph(curated, "maastricht university")
    centre = "https://w3id.org/collabgraph/id/maastricht-university"
    assert ego.graph["center"] == centre
    assert set(ego) == {centre, *curated[centre]}


def test_ego_graph_of_an_unknown_name_suggests_close_labels(curated):
    with pytest.raises(UnknownInstitution, match="Maastricht University"):
        ego_graph(curated, "Maastrict University")


def test_ego_page_highlights_the_centre(curated, tmp_path):
    page = render_ego(curated, "Maastricht University", tmp_path / "ego.html").read_text(encoding="utf-8")
    data = page_data(page)
    centres = [n for n in data["nodes"] if n["center"]]
    assert [n["label"] for n in centres] == ["Maastricht University"] and data["center"] == centres[0]["id"]
    assert data["order"][0] == centres[0]["id"]  # its label is placed first
    assert "centred on <strong>Maastricht University</strong>" in page
    assert data["timeSlider"] is True and data["depth"] == 1 and 'id="year"' in page


def test_graphs_far_above_the_physics_limit_get_a_seeded_igraph_layout(small, tmp_path, monkeypatch):
    pytest.importorskip("igraph", reason="the igraph layout needs collabgraph[fast]")
    monkeypatch.setattr(layout_module, "PHYSICS_LIMIT", max(1, small.number_of_nodes() // 3))
    first = page_data(render_html(small, tmp_path / "1.html", title="t").read_text(encoding="utf-8"))
    second = page_data(render_html(small, tmp_path / "2.html", title="t").read_text(encoding="utf-8"))
    positions = [(n["x"], n["y"]) for n in first["nodes"]]
    assert positions == [(n["x"], n["y"]) for n in second["nodes"]]
    assert len(set(positions)) == len(positions)  # spread out, not stacked


def test_whole_view_of_a_network_too_big_to_draw_shows_its_communities(ds_all, tmp_path):
    from collabgraph.network.communities import communities
    from collabgraph.render import render_whole

    g = institution_graph(ds_all)
    with_metrics(g)
    found = communities(g)
    small_page = render_whole(g, tmp_path / "all.html", title="All").read_text(encoding="utf-8")
    big_page = render_whole(g, tmp_path / "big.html", title="All", limit=10).read_text(encoding="utf-8")
    nodes = lambda page: json.loads(re.search('id="graph-data">(.*?)</script>', page, re.S).group(1))["nodes"]  # noqa: E731
    assert len(nodes(small_page)) == g.number_of_nodes()
    assert len(nodes(big_page)) == len(found.groups)
    assert "one node per community" in big_page


# Hubs: alliances and multilateral agreements in ego views -------------------------------------

UM = "https://w3id.org/collabgraph/id/maastricht-university"


@pytest.fixture(scope="module")
def ego_data(curated, tmp_path_factory) -> dict:
    path = render_ego(curated, "Maastricht University", tmp_path_factory.mktemp("ego") / "ego.html")
    return page_data(path.read_text(encoding="utf-8"))


def test_ego_view_draws_alliances_as_hubs_and_keeps_bilateral_ties_direct(curated, ego_data):
    hubs = {n["label"]: n for n in ego_data["nodes"] if n["hub"]}
    assert {
        "Worldwide Universities Network",
        "Young European Research Universities Network",
        "Young Universities for the Future of Europe",
        "Brightlands Campuses",
    } <= set(hubs)
    assert ego_data["hubs"] is True and ego_data["view"] == "hubs" and ego_data["positions"]
    centre = ego_data["center"]
    labels = {n["id"]: n["label"] for n in ego_data["nodes"]}
    direct = {
        labels[e["to"] if e["from"] == centre else e["from"]]
        for e in ego_data["edges"]
        if e["view"] != "projected" and not e.get("hub") and centre in (e["from"], e["to"])
    }
    assert {"University of California, Irvine", "University of York", "United Nations University"} <= direct
    for e in ego_data["edges"]:
        ties = [ego_data["ties"][i] for i in e["ties"]]
        if e.get("hub"):
            assert all(render_module.is_hub_tie(t) for t in ties) and e["view"] == "hubs"
        elif e["view"] == "hubs":  # the bilateral part of a pair that also shares an alliance
            assert not any(render_module.is_hub_tie(t) for t in ties)


def test_every_multilateral_tie_of_the_ego_view_goes_through_its_hub(curated, ego_data):
    """A hub link (member, hub) stands for the pairs whose tie is that alliance or agreement: the
    slider shows it exactly when one of those pair ties holds (the rule of time)."""
    ego = nx.ego_graph(curated, UM)
    iri = {n["id"]: n["iri"] for n in ego_data["nodes"]}
    projected = {e["id"]: e for e in ego_data["edges"] if e["view"] != "hubs"}
    assert len(projected) == ego.number_of_edges()
    hub_links = [e for e in ego_data["edges"] if e.get("hub")]
    covered = set()
    for link in hub_links:
        hub = ego_data["nodes"][link["to"]]
        assert hub["hub"] and not ego_data["nodes"][link["from"]]["hub"]
        for pair, tie in link["pairs"]:
            edge = projected[pair]
            assert link["from"] in (edge["from"], edge["to"]) and tie in edge["ties"]
            assert ego_data["ties"][tie]["via"] == hub["iri"]
            covered.add((pair, tie))
    expected = {(e["id"], i) for e in projected.values() for i in e["ties"] if render_module.is_hub_tie(ego_data["ties"][i])}
    assert covered == expected
    assert {iri[e["from"]] for e in projected.values()} | {iri[e["to"]] for e in projected.values()} == set(ego)


def test_one_node_per_institution_and_hubs_are_never_institutions(ego_data):
    institutions = [n["iri"] for n in ego_data["nodes"] if not n["hub"]]
    hubs = [n["iri"] for n in ego_data["nodes"] if n["hub"]]
    assert len(set(institutions)) == len(institutions) and len(set(hubs)) == len(hubs)
    assert not set(institutions) & set(hubs)
    assert [n["id"] for n in ego_data["nodes"]] == list(range(len(ego_data["nodes"])))


def test_hub_view_can_be_turned_off(curated, tmp_path):
    page = render_ego(curated, "Maastricht University", tmp_path / "ego.html", hubs=False).read_text(encoding="utf-8")
    data = page_data(page)
    assert data["hubs"] is False and not any(n["hub"] for n in data["nodes"]) and 'id="view-choice"' not in page


def test_ego_with_history_draws_past_partners_for_the_slider(ds_all, tmp_path):
    from collabgraph.network.project import history_view, institution_graphs

    history, now = institution_graphs(ds_all, {"history": True}, {})
    history = history_view(ds_all, now, history=history)
    data = page_data(render_ego(now, "Maastricht University", tmp_path / "ego.html", history=history).read_text(encoding="utf-8"))
    iris = {n["iri"] for n in data["nodes"] if not n["hub"]}
    assert set(nx.ego_graph(now, UM)) < iris == set(nx.ego_graph(history, UM))


def test_quotes_in_another_language_carry_their_english_gloss(ego_data):
    glossed = [t for t in ego_data["ties"] if t["gloss"]]
    assert glossed and all(t["quote"] for t in glossed)
    assert any("Brightlands" in t["gloss"] for t in glossed)


# The communities page -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def with_communities(curated) -> nx.Graph:
    from collabgraph.network.communities import communities

    g = curated.copy()
    nx.set_node_attributes(g, communities(g).membership(), "community")
    return g


def test_communities_page_colours_by_community_first_and_names_community_zero(with_communities, tmp_path):
    page = render_communities(with_communities, tmp_path / "c.html", title="By community").read_text(encoding="utf-8")
    data = page_data(page)
    by_community: dict = {}
    for n in data["nodes"]:
        by_community.setdefault(n["community"], set()).add(n["color"])
    assert all(len(c) == 1 for c in by_community.values())
    assert len({c.pop() for c in by_community.values()}) == len(by_community) > 5
    assert data["colorBy"] == "community" and data["colorings"] == ["community", "type"]
    legend = page.split('<details id="legend"', 1)[1].split("</details>", 1)[0]
    assert "Colour: community" in legend and "community 0: " in legend and "unknown" not in legend
    counts = page.split('<div class="counts">', 1)[1].split("</div>", 1)[0]
    assert f'<span id="count-nodes">{with_communities.number_of_nodes()}</span> institutions' in counts
    assert f"{len(by_community)} communities" in counts
    assert not REMOTE.findall(page) and "<script src" not in page


def test_communities_page_lays_each_community_out_apart(with_communities, tmp_path):
    data = page_data(render_communities(with_communities, tmp_path / "c.html").read_text(encoding="utf-8"))
    discs = {c["community"]: c for c in data["clusters"]}
    assert [c["label"] for c in data["clusters"]][0].startswith("community 0 (")
    for i, a in enumerate(data["clusters"]):
        for b in data["clusters"][i + 1 :]:
            assert math.hypot(a["x"] - b["x"], a["y"] - b["y"]) >= a["r"] + b["r"]  # no two discs overlap
    for n in data["nodes"]:
        disc = discs[n["community"]]
        assert math.hypot(n["x"] - disc["x"], n["y"] - disc["y"]) <= disc["r"] + 1  # each in its own disc
    assert data["physics"] is False


def test_community_zero_is_a_community_in_the_overview(tmp_path):
    g = nx.path_graph(["a", "b", "c", "d"])
    nx.set_node_attributes(g, {"a": 0, "b": 0, "c": 1, "d": None}, "community")
    data = page_data(render_overview(g, tmp_path / "o.html", title="t").read_text(encoding="utf-8"))
    labels = sorted(n["label"] for n in data["nodes"])
    assert labels == ["community 0: b and 1 more", "community 1: c", "no community: d"]
    assert len({n["color"] for n in data["nodes"]}) == 3


def test_communities_page_of_a_network_too_big_to_draw_is_one_node_per_community(tmp_path):
    g = nx.connected_caveman_graph(30, 5)
    nx.set_node_attributes(g, {n: n // 5 for n in g}, "community")
    nx.set_node_attributes(g, {n: f"Institution {n}" for n in g}, "label")
    page = render_communities(g, tmp_path / "c.html", limit=100).read_text(encoding="utf-8")
    data = page_data(page)
    assert len(data["nodes"]) == 30 and len({n["color"] for n in data["nodes"]}) == 30
    assert max(len(n["short"]) for n in data["nodes"]) <= render_module.LABEL_CHARS
    assert '<span id="count-nodes">30</span> communities' in page and "150 institutions" in page
    member = next(n for n in data["nodes"] if n["community"] == 0)
    assert member["institutions"] == 5 and len(member["members"]) == 5  # the panel lists them


def test_a_big_network_renders_in_seconds(tmp_path):
    """5,000 institutions drawn one by one on the communities page (the limit), 10,000 as the
    overview: each written in a few seconds."""
    import time

    for n, limit in ((5000, 5000), (10000, 5000)):
        g = nx.planted_partition_graph(n // 50, 50, 0.1, 0.0004, seed=1)
        nx.set_node_attributes(g, {v: f"Institution {v}" for v in g}, "label")
        nx.set_node_attributes(g, {v: v // 50 for v in g}, "community")
        for _, _, d in g.edges(data=True):
            d.update(weight=1.0, start="2019", undated=False, planned=False, ties=[])
        started = time.perf_counter()
        render_communities(g, tmp_path / f"c{n}.html", limit=limit)
        assert time.perf_counter() - started < 30, n


def test_pages_offer_search_and_a_panel(small, tmp_path):
    page = render_html(small, tmp_path / "n.html", title="t").read_text(encoding="utf-8")
    assert '<input type="search" id="search"' in page and '<aside id="panel" hidden' in page


def test_communities_view_of_a_graph_without_communities_computes_them_and_leaves_the_graph_alone(tmp_path):
    import json
    import re

    import networkx as nx

    from collabgraph.render.html import render_communities

    g = nx.barbell_graph(4, 0)
    nx.set_node_attributes(g, {n: f"Institution {n}" for n in g}, "label")
    nx.set_edge_attributes(g, 1.0, "weight")
    page = render_communities(g, tmp_path / "c.html").read_text(encoding="utf-8")
    data = json.loads(re.search('id="graph-data">(.*?)</script>', page, re.S).group(1))
    assert sorted({n["community"] for n in data["nodes"]}) == [0, 1]
    assert not any("community" in d for _, d in g.nodes(data=True))
