"""Loading: named graphs per source, seeds-only selection, clear errors, cached inference."""

import pytest
from rdflib import BNode, URIRef

from collabgraph.cache import PARSED_CACHE
from collabgraph.errors import DataFileError
from collabgraph.loading.load import load
from collabgraph.namespaces import GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH
from collabgraph.reasoning.reason import cached_infer, content_key
from collabgraph.resources import data_dir


def _graphs(ds):
    return {str(g.identifier) for g in ds.graphs() if len(g)}


def test_each_source_document_has_its_own_named_graph(ds_all):
    seeds = {p.stem for p in (data_dir() / "seeds").glob("*.ttl")}
    assert len(seeds) == 5
    assert {str(GRAPH[f"seed/{s}"]) for s in seeds} <= _graphs(ds_all)


def test_ontology_public_and_inferred_graphs_are_separate(ds_all):
    names = _graphs(ds_all)
    assert {str(ONTOLOGY_GRAPH), str(INFERRED_GRAPH), str(GRAPH["public/alliances"])} <= names


def test_seeds_only_load_has_no_public_graph(ds_seeds):
    assert not any("/graph/public/" in g for g in _graphs(ds_seeds))


def test_malformed_turtle_names_file_and_line(tmp_path):
    bad = tmp_path / "mine.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\n\nex:a ex:b ex:c ;\n  ex:d .\n")
    with pytest.raises(DataFileError) as err:
        load(data=[bad], curated=False, reason=False)
    assert str(err.value).startswith(f"{bad}:4:")


def test_missing_data_file_is_a_clear_error(tmp_path):
    with pytest.raises(DataFileError, match="no such file or directory"):
        load(data=[tmp_path / "nope.ttl"], reason=False)


def test_user_data_loads_into_its_own_graph(tmp_path):
    mine = tmp_path / "mine.ttl"
    mine.write_text("@prefix ex: <http://example.org/> . ex:a ex:b ex:c .\n")
    ds = load(data=[mine], curated=False, reason=False)
    assert str(GRAPH["user/mine"]) in _graphs(ds)
    assert mine.read_text().endswith("ex:c .\n")  # read-only: never rewritten


def test_inference_is_cached_by_content(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLABGRAPH_CACHE", str(tmp_path))
    ds = load(sources="seeds", reason=False)
    asserted = [g for g in ds.graphs() if len(g)]
    files = sorted((data_dir() / "seeds").glob("*.ttl"))
    key = content_key(files)
    first, from_cache_first = cached_infer(asserted, key)
    second, from_cache_second = cached_infer(asserted, key)
    assert (from_cache_first, from_cache_second) == (False, True)
    assert first.isomorphic(second)


def test_cache_key_changes_when_a_file_changes(tmp_path):
    f = tmp_path / "a.ttl"
    f.write_text("# one\n")
    before = content_key([f])
    f.write_text("# two\n")
    assert content_key([f]) != before


def _triples(ds):
    named = lambda t: not any(isinstance(term, BNode) for term in t)  # noqa: E731
    return sorted((str(g.identifier), *t) for g in ds.graphs() for t in g if named(t))


def _refuse_parsing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("parsed again")

    monkeypatch.setattr("collabgraph.loading.load.parse_file", refuse)


def test_a_second_load_of_the_same_files_opens_them_parsed_and_reasoned(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLABGRAPH_CACHE", str(tmp_path / "cache"))
    first = load(sources="seeds")
    _refuse_parsing(monkeypatch)
    second = load(sources="seeds")
    assert second is not first and second.default_union
    assert len(second) == len(first) and _triples(second) == _triples(first)
    assert sorted(second.namespaces()) == sorted(first.namespaces())  # dct: stays dct:, not rdflib's dcterms:
    first.add((URIRef("urn:changed"), URIRef("urn:by"), URIRef("urn:caller")))  # a caller's change stays its own
    assert len(load(sources="seeds")) == len(second)


def test_what_changes_a_load_changes_the_cached_dataset(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLABGRAPH_CACHE", str(tmp_path / "cache"))
    mine = tmp_path / "mine.ttl"
    mine.write_text("@prefix ex: <http://example.org/> . ex:a ex:b ex:c .\n")
    one = len(load(data=[mine], curated=False, reason=False))
    mine.write_text("@prefix ex: <http://example.org/> . ex:a ex:b ex:c , ex:d .\n")
    assert len(load(data=[mine], curated=False, reason=False)) == one + 1  # the file's bytes
    assert len(load(data=[mine], curated=False)) > one + 1  # reasoning adds the ontology's entailments
    assert len(list(PARSED_CACHE.path.glob("*.pickle"))) == 3


def test_a_damaged_cached_dataset_is_loaded_again_from_the_files(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLABGRAPH_CACHE", str(tmp_path / "cache"))
    expected = len(load(sources="seeds", reason=False))
    (entry,) = PARSED_CACHE.path.glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    assert len(load(sources="seeds", reason=False)) == expected


def test_a_refused_user_file_is_refused_again_not_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLABGRAPH_CACHE", str(tmp_path / "cache"))
    mine = tmp_path / "mine.ttl"
    mine.write_text('@prefix cg: <https://w3id.org/collabgraph/ontology#> .\n<urn:a> cg:startDate "2019-02-30" .\n')
    for _ in range(2):
        with pytest.raises(DataFileError, match="mine.ttl"):
            load(data=[mine], reason=False)
    assert not list(PARSED_CACHE.path.glob("*.pickle"))


def test_a_curated_file_given_as_the_users_goes_into_a_users_graph_after_a_cached_load(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLABGRAPH_CACHE", str(tmp_path / "cache"))
    load(sources="seeds", reason=False, check=False)
    mine = load(curated=False, data=[data_dir() / "seeds"], reason=False, check=False)  # the same files' bytes
    graphs = _graphs(mine)
    assert any("/graph/user/" in g for g in graphs) and not any("/graph/seed/" in g for g in graphs)


def test_a_result_reasoned_by_the_rules_after_owlrls_time_limit_is_not_kept(tmp_path, monkeypatch):
    from collabgraph.loading import inference

    monkeypatch.setenv("COLLABGRAPH_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(inference, "_owlrl", lambda *args: False)  # owlrl out of time
    load(sources="seeds", reasoner="owlrl")
    assert not list(PARSED_CACHE.path.glob("*.pickle"))


def test_the_same_file_in_another_folder_resolves_its_relative_iris_there_after_a_cached_load(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLABGRAPH_CACHE", str(tmp_path / "cache"))
    text = "<who> <http://example.org/p> <http://example.org/o> .\n"
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "rel.ttl").write_text(text)
    subjects = [
        {str(s) for s in load(curated=False, data=[tmp_path / folder / "rel.ttl"], reason=False).subjects(None, None)}
        for folder in ("one", "two")
    ]
    assert (tmp_path / "two" / "who").as_uri() in subjects[1] and (tmp_path / "one" / "who").as_uri() not in subjects[1]


def test_bytes_moved_from_one_file_to_the_next_change_the_key(tmp_path):
    a, b = tmp_path / "a.ttl", tmp_path / "b.ttl"
    a.write_bytes(b"# x\0b.ttl\0y")
    b.write_bytes(b"z")
    before = content_key([a, b])
    a.write_bytes(b"# x")
    b.write_bytes(b"y\0b.ttl\0z")
    assert content_key([a, b]) != before
