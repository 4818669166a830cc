"""ingest → review → accept round-trips: on the five sources and the test pages, the accepted facts
validate, their quotes verify against the page, and they answer in partners, show and the endpoint."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import seeds_dir
from starlette.testclient import TestClient

from collabgraph.checks.validate import validate
from collabgraph.checks.verify import verify_quotes
from collabgraph.ingest import ingest_file
from collabgraph.ingest.accept import accept
from collabgraph.ingest.model import AGREEMENT_KINDS
from collabgraph.ingest.organisations import Gazetteer
from collabgraph.ingest.review import write_review
from collabgraph.loading.load import load
from collabgraph.questions.partners import partners

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "tests" / "data" / "ingest"
GOLD = {p["file"]: p for p in yaml.safe_load((PAGES / "gold.yaml").read_text(encoding="utf-8"))["pages"]}
SEEDS = sorted(seeds_dir().glob("*.txt")) if seeds_dir() else []


@pytest.fixture(scope="module")
def gazetteer(ds_all):
    return Gazetteer.from_dataset(ds_all)


def _as_a_curator(review: Path) -> None:
    """What a curator does to the review file: an English gloss for every quote not in English
    (accept refuses one without), everything else as proposed."""
    data = yaml.safe_load(review.read_text(encoding="utf-8"))
    for source in data["sources"]:
        for c in source["candidates"]:
            if source["language"] != "en":
                c["gloss"] = f"The source says, in English: {c['kind']} ({c['status']})."
    review.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _round_trip(page: Path, gazetteer: Gazetteer, tmp_path: Path, published: str | None):
    reading = ingest_file(page, gazetteer, published=published)
    review = tmp_path / "review.yaml"
    write_review([reading], review)
    _as_a_curator(review)
    into = tmp_path / "mine"
    written = accept(review, into)
    return reading, written, into


@pytest.mark.parametrize("page", sorted((PAGES / "pages").iterdir()) + SEEDS, ids=lambda p: p.name)
def test_accepted_facts_validate_verify_and_answer_in_partners(page, gazetteer, tmp_path):
    reading, written, into = _round_trip(page, gazetteer, tmp_path, (GOLD.get(page.name) or {}).get("published"))
    assert [p.name for p in written] and all(p.parent == into for p in written)
    ds = load(sources="all", data=[into])
    report = validate(ds)
    assert report.conforms, report.violations[:3]
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(page, sources / page.name)
    checks = [c for c in verify_quotes(ds, sources) if c.file == page.name]
    assert checks and all(c.found for c in checks)
    in_force = [
        c
        for c in reading.candidates
        if c.kind in AGREEMENT_KINDS and c.status in ("signed", "active") and len(c.parties) >= 2 and c.confidence >= 0.6
    ]
    for c in in_force:  # a unit's ties are its institution's, so some other party is a partner of the first
        first, others = c.parties[0], c.parties[1:]
        found = {p.label for p in partners(ds, first.label or first.name)}
        assert found & {o.label or o.name for o in others}, (c.quote, found)


def test_accept_refuses_a_quote_that_is_not_in_the_page_and_writes_nothing(gazetteer, tmp_path):
    page = PAGES / "pages" / "en_02_hmu_international.txt"
    reading = ingest_file(page, gazetteer, published="2025-05-08")
    reading.candidates[0].quote = reading.candidates[0].quote.replace("signed", "sealed")
    write_review([reading], tmp_path / "review.yaml")
    from collabgraph.errors import CollabgraphError

    with pytest.raises(CollabgraphError, match="quote"):
        accept(tmp_path / "review.yaml", tmp_path / "mine")
    assert not (tmp_path / "mine").exists() or not any((tmp_path / "mine").iterdir())


def test_a_page_accepted_on_the_command_line_answers_in_partners_show_and_the_endpoint(tmp_path):
    page = tmp_path / "news.txt"
    page.write_text(
        "Glasgow, 4 June 2024 – The University of Glasgow and Karolinska Institutet signed a "
        "strategic partnership on 3 June 2024 in Stockholm.\n",
        encoding="utf-8",
    )
    cli = [sys.executable, "-m", "collabgraph"]
    subprocess.run([*cli, "ingest", str(page), "-o", str(tmp_path / "review.yaml")], check=True, capture_output=True, text=True)
    subprocess.run(
        [*cli, "accept", str(tmp_path / "review.yaml"), "--into", str(tmp_path / "mine")],
        check=True,
        capture_output=True,
        text=True,
    )
    out = subprocess.run(
        [*cli, "partners", "University of Glasgow", "--data", str(tmp_path / "mine"), "--format", "json"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "Karolinska Institutet" in out and "2024-06-03" in out
    shown = subprocess.run(
        [*cli, "show", "University of Glasgow", "--data", str(tmp_path / "mine"), "-o", str(tmp_path / "ego.html")],
        capture_output=True,
        text=True,
    )
    assert shown.returncode == 0, shown.stderr
    assert "Karolinska Institutet" in (tmp_path / "ego.html").read_text(encoding="utf-8")

    from collabgraph.server.app import Settings, create_app

    ds = load(sources="all", data=[tmp_path / "mine"])
    query = (
        "PREFIX cg: <https://w3id.org/collabgraph/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#> "
        "SELECT ?quote WHERE { ?fact a cg:StrategicPartnership ; cg:evidence/oa:hasTarget/oa:hasSelector/oa:exact "
        "?quote . FILTER CONTAINS(STR(?quote), 'Karolinska') }"
    )
    with TestClient(create_app(ds, settings=Settings(workers=1))) as client:
        reply = client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert reply.status_code == 200
    quotes = [b["quote"]["value"] for b in reply.json()["results"]["bindings"]]
    assert quotes and "signed a strategic partnership on 3 June 2024" in quotes[0]
