"""The offline HTML page: escaping, no remote resources, the data it carries, layout and options."""

from __future__ import annotations

import json
import re
from importlib.resources import files

import networkx as nx
import pytest

from collabgraph.errors import UnknownInstitution
from collabgraph.network.project import institution_graph
from collabgraph.render import ego_graph, render_ego, render_html
from collabgraph.render import html as render_module

HOSTILE_LABEL = '<script>alert(1)</script> "Quoted" & Sons'
HOSTILE_QUOTE = 'they wrote </script><script>alert(2)</script> & "left"'
REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""",
                    re.IGNORECASE)


DATA_URI = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+")


def page_data(page: str) -> dict:
    """The JSON block of a page, parsed back."""
    blocks = re.findall(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def tie(label="MoU", kind="mou", date="2019-05", status="signed", sources=("000_x.txt",), quote="q",
        parties=2):
    return {"via": f"https://example.org/{label}", "kind": kind, "label": label, "date": date,
            "end": None, "status": status, "curation": None, "sources": tuple(sources), "quote": quote,
            "parties": parties, "undated": date is None, "planned": status in ("planned", "announced")}


def edge(*ties_: dict) -> dict:
    dated = [t["date"] for t in ties_ if t["date"]]
    return {"weight": sum(1.0 / max(t["parties"] - 1, 1) for t in ties_), "count": len(ties_),
            "ties": list(ties_), "start": min(dated) if dated else None, "undated": not dated,
            "planned": all(t["planned"] for t in ties_), "kinds": sorted({t["kind"] for t in ties_})}


@pytest.fixture
def small() -> nx.Graph:
    """Four institutions: a dated MoU, an undated alliance tie, a planned and an ended agreement."""
    g = nx.Graph(as_of=None, since=None, until=None, include_planned=True)
    for n, label, kind, country in (("a", HOSTILE_LABEL, "university", "NL"), ("b", "Beta", "hospital", "DE"),
                                    ("c", "Gamma", "university", "BE"), ("d", "Delta", "company", "")):
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
    assert any(HOSTILE_QUOTE in e["title"] for e in data["edges"])


def test_node_tooltip_is_plain_text_with_label_type_and_country(small, tmp_path):
    data = page_data(render_html(small, tmp_path / "n.html", title="t").read_text(encoding="utf-8"))
    node = next(n for n in data["nodes"] if n["iri"] == "a")
    assert node["title"] == f"{HOSTILE_LABEL}\ntype: university\ncountry: NL\ndegree: 2"


def test_edge_tooltip_lists_each_tie_with_date_status_sources_and_quote(small, tmp_path):
    data = page_data(render_html(small, tmp_path / "n.html", title="t").read_text(encoding="utf-8"))
    titles = {e["kind"]: e["title"] for e in data["edges"]}
    assert titles["mou"].splitlines()[:4] == ["MoU (mou)", "  date: 2019-05", "  status: signed",
                                              "  sources: 000_x.txt"]
    assert "  date: undated" in titles["alliance"].splitlines()


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
    data = page_data(render_html(small, tmp_path / "n.html", title="t", size_by="betweenness")
                     .read_text(encoding="utf-8"))
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
    colours = {n["iri"]: n["color"] for n in page_data(page)["nodes"]}
    assert colours["a"] == colours["b"] != colours["c"] == colours["d"]
    assert "institutions by community" in page


def test_edges_are_styled_by_kind_date_and_status(small, tmp_path):
    data = page_data(render_html(small, tmp_path / "n.html", title="t").read_text(encoding="utf-8"))
    by_kind = {e["kind"]: e for e in data["edges"]}
    assert by_kind["mou"]["color"] == render_module.KIND_COLORS["mou"] and by_kind["mou"]["dashes"] is False
    assert by_kind["alliance"]["color"] == render_module.UNDATED_COLOR
    assert by_kind["cooperation_agreement"]["dashes"] == render_module.PLANNED_DASHES
    assert by_kind["collaboration"]["dashes"] == render_module.ENDED_DASHES


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
    monkeypatch.setattr(render_module, "PHYSICS_LIMIT", small.number_of_nodes())
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
    centres = [n for n in page_data(page)["nodes"] if n["center"]]
    assert [n["label"] for n in centres] == ["Maastricht University"] and centres[0]["borderWidth"] > 1
    assert "centred on <strong>Maastricht University</strong>" in page


def test_graphs_far_above_the_physics_limit_get_a_seeded_igraph_layout(small, tmp_path, monkeypatch):
    pytest.importorskip("igraph", reason="the igraph layout needs collabgraph[fast]")
    monkeypatch.setattr(render_module, "PHYSICS_LIMIT", max(1, small.number_of_nodes() // 3))
    first = page_data(render_html(small, tmp_path / "1.html", title="t").read_text(encoding="utf-8"))
    second = page_data(render_html(small, tmp_path / "2.html", title="t").read_text(encoding="utf-8"))
    positions = [(n["x"], n["y"]) for n in first["nodes"]]
    assert positions == [(n["x"], n["y"]) for n in second["nodes"]]
    assert len(set(positions)) == len(positions)  # spread out, not stacked


def test_whole_view_of_a_network_too_big_to_draw_shows_its_communities(ds_all, tmp_path):
    from collabgraph.network.centrality import centrality
    from collabgraph.network.communities import communities
    from collabgraph.render import render_whole

    g = institution_graph(ds_all)
    centrality(g)
    found = communities(g)
    small_page = render_whole(g, tmp_path / "all.html", title="All").read_text(encoding="utf-8")
    big_page = render_whole(g, tmp_path / "big.html", title="All", limit=10).read_text(encoding="utf-8")
    nodes = lambda page: json.loads(re.search('id="graph-data">(.*?)</script>', page, re.S).group(1))["nodes"]  # noqa: E731
    assert len(nodes(small_page)) == g.number_of_nodes()
    assert len(nodes(big_page)) == len(found.groups)
    assert "one node per community" in big_page
