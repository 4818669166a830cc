"""The built wheel ships the ontology, data and queries and works outside the checkout."""

import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        timeout=300,
    )
    return next(out.glob("collabgraph-*.whl"))


def test_wheel_contains_ontology_data_and_queries(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for expected in (
        "collabgraph/_resources/ontology/collabgraph.ttl",
        "collabgraph/_resources/ontology/shapes.ttl",
        "collabgraph/_resources/data/seeds/000_b86e7fc7cd7be3f7.ttl",
        "collabgraph/_resources/data/public/alliances.ttl",
        "collabgraph/queries/partners.rq",
        "collabgraph/server/static/yasgui/yasgui.min.js",
        "collabgraph/server/static/yasgui/LICENSE",
    ):
        assert expected in names


def test_installed_wheel_runs_stats_outside_the_checkout(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True, timeout=600)
    result = subprocess.run(
        [str(env_dir / "bin" / "collabgraph"), "stats", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    graphs = {row["graph"] for row in json.loads(result.stdout)}
    assert {"ontology", "seed/000_b86e7fc7cd7be3f7", "public/alliances", "inferred"} <= graphs
