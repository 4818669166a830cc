"""No command that writes ever changes an input file's bytes, however the input was named;
atomic writes leave nothing behind; odd options and busy ports are one line, not a traceback."""

from __future__ import annotations

import errno
import hashlib
import os
import socket
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

import collabgraph.files.atomic as write
from collabgraph.cli.commands import app
from collabgraph.errors import CollabgraphError
from collabgraph.export import FORMATS, export, export_paths

MINE = "@prefix ex: <http://example.org/> .\nex:a ex:knows ex:b .\n"


def _digest(folder: Path) -> dict[str, str]:
    """Every regular file's bytes under ``folder`` (links not followed: their targets are there)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def _namings(root: Path, name: str) -> dict[str, tuple[str, str]]:
    """Ways to pass the user's file ``mine/NAME`` as --data and name it again as the output."""
    mine = root / "mine"
    mine.mkdir()
    (mine / name).write_text(MINE)
    (root / "link").symlink_to(mine / name)
    os.link(mine / name, root / "hard")
    return {
        "direct": (str(mine / name), str(mine / name)),
        "inside a --data folder": (str(mine), str(mine / name)),
        "--data through a symlink": (str(root / "link"), str(mine / name)),
        "output through a symlink": (str(mine / name), str(root / "link")),
        "output is a hard link": (str(mine / name), str(root / "hard")),
        "relative with ..": ("mine/../mine/" + name, str(mine / name)),
        "relative output": (str(mine), "./mine/" + name),
    }


NAMINGS = [
    "direct",
    "inside a --data folder",
    "--data through a symlink",
    "output through a symlink",
    "output is a hard link",
    "relative with ..",
    "relative output",
]

#: (command line with OUT for the output, the input's file name, a folder output?)
SINGLE_FILE = {
    **{f"export {fmt}": (["export", "OUT", "--format", fmt], "mine.ttl") for fmt in ("graphml", "gexf", "jsonld", "ttl", "trig")},
    "show -o": (["show", "--all", "-o", "OUT"], "mine.ttl"),
    "reconcile -o": (["reconcile", "--format", "ttl", "-o", "OUT"], "mine.ttl"),
}
#: Folder outputs: the input sits in the folder under a name the command writes.
FOLDER = {
    "export csv": (["export", "OUT", "--format", "csv"], "nodes.csv"),
    "export vosviewer": (["export", "OUT", "--format", "vosviewer"], "vosviewer.json"),
    "export ttl to a folder": (["export", "OUT", "--format", "ttl"], "dataset.ttl"),
    "build --out": (["build", "--out", "OUT", "--seeds", "SEEDS"], "metrics.json"),
}


def _run(args: list[str], cwd: Path):
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(app, args)
    finally:
        os.chdir(old)


@pytest.mark.parametrize("naming", NAMINGS)
@pytest.mark.parametrize("command", sorted(SINGLE_FILE))
def test_writing_commands_never_change_an_input_file(tmp_path, command, naming):
    args, name = SINGLE_FILE[command]
    data, out = _namings(tmp_path, name)[naming]
    before = _digest(tmp_path)
    result = _run([*(out if a == "OUT" else a for a in args), "--sources", "seeds", "--data", data], tmp_path)
    assert _digest(tmp_path) == before
    assert isinstance(result.exception, CollabgraphError), result.output
    assert "refusing to overwrite input file" in str(result.exception)


@pytest.mark.parametrize("command", sorted(FOLDER))
def test_folder_outputs_never_replace_a_file_of_a_data_folder(tmp_path, command):
    args, name = FOLDER[command]
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "mine.ttl").write_text(MINE)
    (folder / name).write_text(MINE if name.endswith(".ttl") else "mine, not collabgraph's\n")
    (tmp_path / "seeds").mkdir()  # no source documents: build skips nothing it needs here
    before = _digest(folder)
    args = [{"OUT": str(folder), "SEEDS": str(tmp_path / "seeds")}.get(a, a) for a in args]
    result = _run([*args, "--sources", "seeds", "--data", "mine"], tmp_path)
    assert {k: v for k, v in _digest(folder).items() if k in before} == before
    assert isinstance(result.exception, CollabgraphError), result.output
    assert "refusing to overwrite input file" in str(result.exception)


def test_export_writes_beside_the_users_data_without_touching_it(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "mine.ttl").write_text(MINE)
    before = _digest(folder)
    result = _run(["export", "mine/new.graphml", "--sources", "seeds", "--data", "mine"], tmp_path)
    assert result.exit_code == 0, result.output
    assert (folder / "new.graphml").stat().st_size > 0
    assert {k: v for k, v in _digest(folder).items() if k in before} == before


def test_export_graphml_over_a_turtle_file_in_the_data_folder_is_refused(tmp_path):
    """The issue's case: ``export sub/in.ttl --format graphml --data .`` replaced the user's Turtle."""
    (tmp_path / "sub").mkdir()
    mine = tmp_path / "sub" / "in.ttl"
    mine.write_text(MINE)
    done = subprocess.run(
        [sys.executable, "-m", "collabgraph", "export", "sub/in.ttl", "--format", "graphml", "--data", ".", "--sources", "seeds"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "error: refusing to overwrite input file sub/in.ttl"
    assert mine.read_text() == MINE


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_paths_are_the_files_export_writes(tmp_path, fmt, ds_seeds):
    g = nx.Graph()
    g.add_edge("a", "b", weight=1.0, start="2021")
    out = tmp_path / "out"
    written = export(ds_seeds if fmt in ("ttl", "trig", "jsonld") else g, fmt, out)
    assert written == export_paths(fmt, out)


# Atomic writes: durability and what a killed writer leaves behind.


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_killed_writers_temporary_file_is_removed_by_the_next_write(tmp_path):
    out = tmp_path / "network.gexf"
    left = tmp_path / f".network.gexf.{_dead_pid()}.abcd1234.tmp"
    left.write_bytes(b"<gexf half written")
    write.atomic_write_bytes(out, b"<gexf/>")
    assert not left.exists()
    assert out.read_bytes() == b"<gexf/>"


def test_a_live_writers_temporary_file_and_other_files_are_kept(tmp_path):
    live = tmp_path / f".network.gexf.{os.getppid()}.abcd1234.tmp"
    other = tmp_path / f".other.gexf.{_dead_pid()}.abcd1234.tmp"
    mine = tmp_path / "network.gexf.tmp"
    for p in (live, other, mine):
        p.write_bytes(b"x")
    write.atomic_write_bytes(tmp_path / "network.gexf", b"<gexf/>")
    assert live.exists() and other.exists() and mine.exists()


def test_atomic_write_fsyncs_the_file_before_the_rename(tmp_path, monkeypatch):
    synced = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real(fd))
    write.atomic_write_bytes(tmp_path / "x.txt", b"hello")
    assert len(synced) >= 1  # the file; the directory too where the OS allows it
    assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]


def test_a_full_disk_names_the_file_being_written(tmp_path, monkeypatch):
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    out = tmp_path / "out" / "network.gexf"
    with pytest.raises(CollabgraphError, match=r"out/network\.gexf: No space left on device$"):
        write.atomic_write_bytes(out, b"<gexf/>")
    assert not out.exists() and list(out.parent.iterdir()) == []


def test_protecting_refuses_an_input_named_through_a_hard_link(tmp_path):
    mine = tmp_path / "mine.ttl"
    mine.write_text(MINE)
    os.link(mine, tmp_path / "alias.ttl")
    with write.protecting([mine]), pytest.raises(CollabgraphError, match="refusing to overwrite"):
        write.atomic_write_text(tmp_path / "alias.ttl", "gone")
    assert mine.read_text() == MINE


# Options and ports: one line, exit 2.


@pytest.mark.parametrize(
    "args",
    [
        ["serve", "--port", "99999"],
        ["serve", "--port", "0"],
        ["brokers", "--limit", "-5"],
        ["metrics", "--limit", "-1"],
        ["suggest", "X", "--limit", "-1"],
        ["show", "--all", "--depth", "-1"],
    ],
)
def test_out_of_range_options_are_usage_errors_not_tracebacks(args):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output and "Invalid value" in result.output


def test_a_busy_port_is_one_line_without_the_banner():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "collabgraph", "serve", "--port", str(port), "--sources", "seeds"],
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert done.returncode == 2
    assert done.stderr.strip() == f"error: port {port} is in use"
    assert done.stdout == ""


# Work that would take minutes says so, or is done off-line.


def test_ego_view_of_a_hub_with_a_dense_neighbourhood_has_physics_off(tmp_path):
    """If an ego view has few nodes but many edges (a 200-partner hub whose partners are all
    linked), then its layout is computed off-line: live physics took 20 s in the browser."""
    import json
    import re

    from collabgraph.render.html import PHYSICS_LIMIT, render_ego

    g = nx.complete_graph(range(200))
    g.add_edges_from(("hub", i) for i in range(200))
    for _, _, d in g.edges(data=True):
        d.update(weight=1.0, start=None, undated=True, planned=False, ties=[])
    assert g.number_of_nodes() < PHYSICS_LIMIT
    page = render_ego(g, "hub", tmp_path / "hub.html").read_text(encoding="utf-8")
    data = json.loads(re.search('id="graph-data">(.*?)</script>', page, re.S).group(1))
    assert data["physics"] is False
    assert all("x" in n and "y" in n for n in data["nodes"])


def test_owlrl_on_a_big_graph_warns_with_the_duration_and_the_alternative(capsys, monkeypatch):
    from rdflib import Graph, URIRef

    import collabgraph.reasoning.reason as reason

    g = Graph()
    for i in range(30):
        g.add((URIRef(f"http://example.org/{i}"), URIRef("http://example.org/p"), URIRef("http://example.org/o")))
    monkeypatch.setattr(reason, "OWLRL_SLOW_TRIPLES", 20)
    reason.cached_infer([g], None)
    warning = capsys.readouterr().err.strip()
    assert warning.startswith("warning: owlrl reasons over 30 asserted triples, which takes about")
    assert warning.endswith("--reasoner rules is much faster")


def test_owlrl_on_a_small_graph_says_nothing(capsys):
    from rdflib import Graph

    import collabgraph.reasoning.reason as reason

    reason.cached_infer([Graph()], None)
    assert capsys.readouterr().err == ""


def test_the_owlrl_warning_threshold_is_the_auto_reasoners_limit():
    from collabgraph.loading.load import OWLRL_LIMIT
    from collabgraph.reasoning.reason import OWLRL_SLOW_TRIPLES

    assert OWLRL_SLOW_TRIPLES == OWLRL_LIMIT
