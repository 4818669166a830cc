"""The one cache: its keys, what pruning keeps, and the layout its docstring promises."""

import gzip
import os
import time

import pytest
from rdflib import Graph, URIRef

from collabgraph import cache
from collabgraph.cache import INFERRED_CACHE, MAX_AGE_DAYS, PARSED_CACHE, STORE_CACHE, VALIDATION_CACHE, Folder, cache_dir, key
from collabgraph.reasoning.reason import cached_infer


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLABGRAPH_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _entry(folder: Folder, name: str, *, age_seconds: float) -> os.PathLike:
    folder.path.mkdir(parents=True, exist_ok=True)
    path = folder.entry(name, ".txt")
    path.write_text(name)
    used = time.time() - age_seconds
    os.utime(path, (used, used))
    return path


def _names(folder: Folder) -> set[str]:
    return {p.stem for p in folder.path.iterdir()}


def test_cache_dir_is_collabgraph_cache_when_set(root):
    assert cache_dir() == root


def test_key_changes_with_the_content():
    assert key(["a"]) != key(["b"])


def test_key_changes_with_the_code_that_produced_the_entry():
    assert key(["a"], code=b"def f(): 1") != key(["a"], code=b"def f(): 2")


def test_key_changes_with_the_libraries_versions(monkeypatch):
    before = key(["a"], libraries=("rdflib",))
    monkeypatch.setattr(cache, "version", lambda name: "999.0")
    assert key(["a"], libraries=("rdflib",)) != before


def test_key_keeps_parts_apart():
    assert key(["ab", "c"]) != key(["a", "bc"])


def test_each_folder_keys_with_its_own_producers_code():
    assert INFERRED_CACHE.key(["same"]) != VALIDATION_CACHE.key(["same"])


def test_pruning_keeps_the_most_recently_used_entries(root):
    folder = Folder("example", keep=2, pattern="*.txt")
    for n, age in enumerate((30, 20, 10)):
        _entry(folder, f"e{n}", age_seconds=age)
    folder.prune()
    assert _names(folder) == {"e1", "e2"}


def test_pruning_removes_entries_unused_for_longer_than_the_age_limit(root):
    folder = Folder("example", keep=10, pattern="*.txt")
    _entry(folder, "fresh", age_seconds=60)
    _entry(folder, "stale", age_seconds=(MAX_AGE_DAYS + 1) * 86400)
    folder.prune()
    assert _names(folder) == {"fresh"}


def test_pruning_spares_the_entry_in_use_however_old(root):
    folder = Folder("example", keep=1, pattern="*.txt")
    spare = _entry(folder, "in-use", age_seconds=(MAX_AGE_DAYS + 1) * 86400)
    _entry(folder, "newer", age_seconds=10)
    folder.prune(spare=spare)
    assert _names(folder) == {"in-use"}


def test_pruning_leaves_temporary_files_and_other_names_alone(root):
    folder = Folder("example", keep=0, pattern="*.txt")
    _entry(folder, "entry", age_seconds=10)
    (folder.path / ".entry.txt.123.abcdefgh.tmp").write_text("being written")
    (folder.path / "notes.md").write_text("not an entry")
    folder.prune()
    assert sorted(p.name for p in folder.path.iterdir()) == [".entry.txt.123.abcdefgh.tmp", "notes.md"]


def test_pruning_a_cache_that_does_not_exist_does_nothing(root):
    Folder("missing", keep=1).prune()
    assert not root.exists()


def _graph(n: int) -> Graph:
    g = Graph()
    g.add((URIRef(f"urn:s{n}"), URIRef("urn:p"), URIRef("urn:o")))
    return g


def test_reading_an_inference_marks_it_used_so_pruning_keeps_it(root, monkeypatch):
    monkeypatch.setattr(INFERRED_CACHE, "keep", 2)
    for n, (name, age) in enumerate((("read", 100), ("unread", 50))):
        cached_infer([_graph(n)], name)
        used = time.time() - age
        os.utime(INFERRED_CACHE.entry(name, ".nt.gz"), (used, used))
    assert cached_infer([_graph(0)], "read")[1]  # from the cache: now the most recently used
    cached_infer([_graph(2)], "new")  # written, then the folder pruned to two entries
    assert sorted(p.name for p in INFERRED_CACHE.path.iterdir()) == ["new.nt.gz", "read.nt.gz"]


def test_inferences_left_in_the_root_by_older_versions_are_removed(root):
    root.mkdir()
    legacy = root / ("inferred-" + "0" * 64 + ".nt.gz")
    legacy.write_bytes(gzip.compress(b""))
    cached_infer([_graph(0)], "new")
    assert not legacy.exists() and INFERRED_CACHE.entry("new", ".nt.gz").is_file()


def test_an_unwritable_cache_is_skipped(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv("COLLABGRAPH_CACHE", str(blocked / "cache"))
    first, hit = cached_infer([_graph(0)], "k")
    again, hit_again = cached_infer([_graph(0)], "k")
    assert (hit, hit_again) == (False, False) and first.isomorphic(again)


def test_the_docstring_lists_every_folder_of_the_cache():
    folders = [value for value in vars(cache).values() if isinstance(value, Folder)]
    assert {f.name for f in folders} == {"inferred", "stores", "parsed", "validation"}
    for folder in folders:
        assert f"``{folder.name}/" in cache.__doc__


def test_a_load_and_a_validation_in_chunks_fill_the_documented_folders(root):
    from collabgraph.checks.validate import validate
    from collabgraph.loading.load import load

    validate(load(sources="seeds"), chunk=500, jobs=1)
    assert sorted(p.name for p in root.iterdir()) == ["inferred", "parsed", "validation"]
    assert [p.name[-6:] for p in INFERRED_CACHE.path.iterdir()] == [".nt.gz"]
    assert {p.suffix for p in VALIDATION_CACHE.path.iterdir()} == {".json"}
    assert [p.suffix for p in PARSED_CACHE.path.iterdir()] == [".pickle"]
    assert not STORE_CACHE.path.exists()  # the curated graph is small: rdflib's memory store


def test_the_suite_runs_on_a_temporary_cache_not_the_users():
    import tempfile
    from pathlib import Path

    assert Path(tempfile.gettempdir()) in cache_dir().parents
    assert cache_dir() != Path.home() / ".cache" / "collabgraph"
    assert os.environ["COLLABGRAPH_CACHE"] == str(cache_dir())
