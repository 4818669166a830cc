"""The main job's record: a second run on unchanged inputs reports the first run's result, and
any change to an input, an option or an output runs the job again."""

from __future__ import annotations

import gc
import json

import pytest

from collabgraph.build import RECORD, build

MINE = """@prefix cg: <https://w3id.org/collabgraph/ontology#> .
@prefix cgr: <https://w3id.org/collabgraph/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
cgr:my-institute a cg:ResearchInstitute ; skos:prefLabel "My Institute"@en .
"""


@pytest.fixture()
def first(tmp_path):
    mine = tmp_path / "mine.ttl"
    mine.write_text(MINE, encoding="utf-8")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    out = tmp_path / "out"
    return out, mine, seeds, build(out, sources="seeds", data=[mine], seeds_dir=seeds)


def _mtimes(out):
    return {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def test_a_second_run_on_unchanged_inputs_reports_the_first_without_writing(first):
    out, mine, seeds, result = first
    assert not result.up_to_date and (out / RECORD).is_file()
    before = _mtimes(out)
    again = build(out, sources="seeds", data=[mine], seeds_dir=seeds)
    assert again.up_to_date and list(again.seconds) == ["up to date"]
    assert (again.outputs, again.violations, again.quotes_checked) == (result.outputs, result.violations, result.quotes_checked)
    assert _mtimes(out) == before


def test_a_changed_input_file_runs_the_job_again(first):
    out, mine, seeds, _ = first
    mine.write_text(MINE.replace("My Institute", "My Own Institute"), encoding="utf-8")
    again = build(out, sources="seeds", data=[mine], seeds_dir=seeds)
    assert not again.up_to_date and "load+reason" in again.seconds
    assert "My Own Institute" in (out / "dataset.trig").read_text(encoding="utf-8")


def test_a_new_source_document_runs_the_job_again(first):
    out, mine, seeds, _ = first
    (seeds / "another.txt").write_text("A new page.", encoding="utf-8")
    assert not build(out, sources="seeds", data=[mine], seeds_dir=seeds).up_to_date


def test_an_edited_or_missing_output_runs_the_job_again(first):
    out, mine, seeds, _ = first
    with open(out / "metrics.json", "a", encoding="utf-8") as edited:
        edited.write(" ")
    assert not build(out, sources="seeds", data=[mine], seeds_dir=seeds).up_to_date
    (out / "csv" / "edges.csv").unlink()
    assert not build(out, sources="seeds", data=[mine], seeds_dir=seeds).up_to_date
    assert (out / "csv" / "edges.csv").is_file()


def test_another_option_or_rebuild_runs_the_job_again(first):
    out, mine, seeds, _ = first
    assert not build(out, sources="seeds", data=[mine], seeds_dir=seeds, since=2020).up_to_date
    assert build(out, sources="seeds", data=[mine], seeds_dir=seeds, since=2020).up_to_date
    assert not build(out, sources="seeds", data=[mine], seeds_dir=seeds, since=2020, rebuild=True).up_to_date


def test_the_record_lists_every_output_with_its_digest(first):
    out, _, _, result = first
    record = json.loads((out / RECORD).read_text(encoding="utf-8"))
    assert set(record["outputs"]) >= {"dataset.trig", "metrics.json", "csv/edges.csv", "vosviewer/vosviewer.json"}
    assert all(len(d) == 64 for d in record["outputs"].values())
    assert record["result"]["violations"] == result.violations


def _quads_per_graph(path):
    import collections

    import pyoxigraph as ox

    return collections.Counter(str(q.graph_name) for q in ox.parse(path=str(path), format=ox.RdfFormat.TRIG))


def test_the_dataset_dumped_beside_the_job_holds_what_a_dump_at_the_end_holds(tmp_path, monkeypatch):
    pytest.importorskip("oxrdflib", reason="the oxigraph store needs collabgraph[fast]")
    monkeypatch.setenv("COLLABGRAPH_CACHE", str(tmp_path / "cache"))
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    at_the_end = build(tmp_path / "memory", sources="seeds", seeds_dir=seeds, store="memory")
    store = f"oxigraph:{tmp_path / 'kg'}"
    build(tmp_path / "beside", sources="seeds", seeds_dir=seeds, store=store)
    gc.collect()  # the first run's dataset, which holds the store's lock
    again = build(tmp_path / "beside", sources="seeds", seeds_dir=seeds, store=store)  # reopened: last run's metrics in it
    expected = _quads_per_graph(tmp_path / "memory" / "dataset.trig")
    assert not at_the_end.violations and not again.violations and expected["<https://w3id.org/collabgraph/graph/metrics>"] > 0
    assert _quads_per_graph(tmp_path / "beside" / "dataset.trig") == expected  # the metrics once, nothing lost
    assert not list((tmp_path / "cache" / "checkpoints").iterdir())  # the checkpoint is gone
    assert [p.name for p in (tmp_path / "beside").iterdir() if p.name.startswith(".")] == []


def test_the_second_process_does_not_run_the_callers_script_again(tmp_path):
    pytest.importorskip("oxrdflib", reason="the oxigraph store needs collabgraph[fast]")
    import subprocess
    import sys

    script = tmp_path / "my_build.py"  # no `if __name__ == "__main__"`, as a user's script may be
    script.write_text(
        "from pathlib import Path\n"
        "from collabgraph.build import build\n"
        f"with open({str(tmp_path / 'ran')!r}, 'a') as f:\n"
        "    f.write('ran\\n')\n"
        f"r = build({str(tmp_path / 'out')!r}, sources='seeds', seeds_dir={str(tmp_path)!r},\n"
        f"          store='oxigraph:{tmp_path / 'kg'}')\n"
        "print(r.violations)\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "ran").read_text() == "ran\n"
    assert _quads_per_graph(tmp_path / "out" / "dataset.trig")["<https://w3id.org/collabgraph/graph/metrics>"] > 0


def test_a_job_stopped_midway_leaves_no_partial_dump_and_no_checkpoint(tmp_path, monkeypatch):
    pytest.importorskip("oxrdflib", reason="the oxigraph store needs collabgraph[fast]")
    from collabgraph.export.trig_beside import start
    from collabgraph.loading.load import load
    from collabgraph.namespaces import METRICS_GRAPH

    monkeypatch.setenv("COLLABGRAPH_CACHE", str(tmp_path / "cache"))
    ds = load(sources="seeds", reason=False, store=f"oxigraph:{tmp_path / 'kg'}")
    with pytest.raises(KeyboardInterrupt), start(ds, tmp_path / "out" / "dataset.trig", later=[METRICS_GRAPH]) as dumping:
        raise KeyboardInterrupt
    assert dumping.process is not None and dumping.process.poll() is not None
    assert list((tmp_path / "out").iterdir()) == []
    assert list((tmp_path / "cache" / "checkpoints").iterdir()) == []
