"""Growth charts: PNG or SVG by suffix, the undated note, atomic writes, no global matplotlib state."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from collabgraph.network.growth import growth
from collabgraph.network.project import institution_graph
from collabgraph.render import growth_chart

ROWS = [
    dict(
        year=2015,
        institutions_added=24,
        ties_added=153,
        agreements_added=1,
        institutions_total=24,
        ties_total=153,
        agreements_total=1,
    ),
    dict(
        year=2019,
        institutions_added=6,
        ties_added=18,
        agreements_added=3,
        institutions_total=30,
        ties_total=171,
        agreements_total=4,
    ),
    dict(
        year=2024,
        institutions_added=3,
        ties_added=28,
        agreements_added=2,
        institutions_total=33,
        ties_total=199,
        agreements_total=6,
    ),
]


def test_png_is_written_by_suffix(tmp_path):
    out = growth_chart(ROWS, tmp_path / "growth.png", undated=737)
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000


def test_svg_is_written_by_suffix_and_notes_the_undated_ties(tmp_path):
    out = growth_chart(ROWS, tmp_path / "growth.svg", undated=737)
    root = ET.fromstring(out.read_bytes())
    assert root.tag.endswith("svg")
    assert "737 undated ties not shown" in out.read_text(encoding="utf-8")


def test_svg_is_the_same_on_every_run(tmp_path):
    first = growth_chart(ROWS, tmp_path / "a.svg").read_bytes()
    assert growth_chart(ROWS, tmp_path / "b.svg").read_bytes() == first


def test_rows_are_drawn_in_year_order_whatever_their_order(tmp_path):
    forward = growth_chart(ROWS, tmp_path / "a.svg").read_bytes()
    assert growth_chart(list(reversed(ROWS)), tmp_path / "b.svg").read_bytes() == forward


def test_no_dated_rows_still_gives_a_chart(tmp_path):
    out = growth_chart([], tmp_path / "empty.svg", undated=3)
    assert "no dated ties" in out.read_text(encoding="utf-8")


def test_unknown_suffix_is_refused_before_writing(tmp_path):
    with pytest.raises(ValueError, match=r"use \.png or \.svg"):
        growth_chart(ROWS, tmp_path / "growth.pdf")
    assert list(tmp_path.iterdir()) == []


def test_row_missing_a_key_is_refused(tmp_path):
    bad = [{k: v for k, v in ROWS[0].items() if k != "ties_total"}]
    with pytest.raises(ValueError, match="lacks ties_total"):
        growth_chart(bad, tmp_path / "growth.png")


def test_chart_replaces_an_existing_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "growth.png"
    target.write_bytes(b"old")
    growth_chart(ROWS, target)
    assert target.read_bytes().startswith(b"\x89PNG") and [p.name for p in tmp_path.iterdir()] == ["growth.png"]


def test_import_and_drawing_choose_no_global_backend(tmp_path):
    code = (
        "import sys\n"
        "import collabgraph.render.charts as charts\n"
        "assert 'matplotlib' not in sys.modules, 'imported at import time'\n"
        f"charts.growth_chart([], {str(tmp_path / 'g.png')!r})\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported, so a backend was chosen'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_curated_growth_is_drawn_with_its_undated_ties(ds_all, tmp_path):
    result = growth(institution_graph(ds_all))
    out = growth_chart(result.years, tmp_path / "growth.svg", undated=result.undated["ties"])
    assert result.undated["ties"] > 0
    assert f"{result.undated['ties']} undated ties not shown" in out.read_text(encoding="utf-8")
    assert growth_chart(result.years, tmp_path / "growth.png").stat().st_size > 10_000
