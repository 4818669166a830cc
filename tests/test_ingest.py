"""ingest: from a page to candidate facts with verbatim quotes, statuses from tense, dates as precise as the text."""

from __future__ import annotations

import importlib.util
import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from collabgraph.ingest import ingest_file
from collabgraph.ingest.model import AGREEMENT_KINDS
from collabgraph.ingest.organisations import Gazetteer, cross_key, find_mentions, fold
from collabgraph.ingest.proposals import status_of
from collabgraph.ingest.text import UnreadableDocument, document_text, read_document
from collabgraph.ingest.when import find_dates

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "tests" / "data" / "ingest"
GOLD = yaml.safe_load((PAGES / "gold.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def gazetteer(ds_all):
    return Gazetteer.from_dataset(ds_all)


@pytest.fixture(scope="module")
def readings(gazetteer):
    return {
        page["file"]: ingest_file(PAGES / "pages" / page["file"], gazetteer, published=page.get("published"))
        for page in GOLD["pages"]
    }


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "sentence, language, status",
    [
        ("Die Universität Ulm wird im Dezember eine Kooperationsvereinbarung mit dem UKM abschließen.", "de", "planned"),
        ("Die Universität Ulm und das UKM unterzeichneten am 3. Mai 2024 einen Kooperationsvertrag.", "de", "signed"),
        ("Der Kooperationsvertrag mit dem UKM lief 2019 aus.", "de", "ended"),
        ("De UT en het MST zijn van plan om een intentieverklaring te ondertekenen.", "nl", "planned"),
        ("De UT en het MST hebben gisteren een intentieverklaring ondertekend.", "nl", "signed"),
        ("Ghent University and KU Leuven will sign a cooperation agreement.", "en", "planned"),
        ("Ghent University and KU Leuven signed a cooperation agreement on 2 May 2024.", "en", "signed"),
        ("The agreement was not renewed.", "en", "ended"),
        ("Le CHU de Lille compte signer un accord-cadre avec l'Université de Lille.", "fr", "planned"),
        (
            "La signature d'une convention entre le CHU de Lille et le CHU de Liège aura lieu le 16 janvier 2025.",
            "fr",
            "announced",
        ),
        ("Le CHU de Lille et le CHU de Liège ont signé une convention.", "fr", "signed"),
    ],
)
def test_status_comes_from_tense_and_modality_in_four_languages(sentence, language, status):
    found = find_dates(sentence, language, "2024-11-01")
    assert status_of(sentence, language, found, "2024-11-01")[0] == status


def test_a_plan_to_sign_on_a_month_is_planned_and_a_signing_on_a_stated_day_is_announced():
    month = "HMU and the University of Sydney will sign an MoU in March 2026."
    day = "HMU and the University of Sydney will sign an MoU on 12 March 2026."
    assert status_of(month, "en", find_dates(month, "en", "2025-05-08"), "2025-05-08")[0] == "planned"
    assert status_of(day, "en", find_dates(day, "en", "2025-05-08"), "2025-05-08")[0] == "announced"


@pytest.mark.parametrize(
    "text, language, published, value, precision",
    [
        ("gestern", "de", "2025-03-14", "2025-03-13", "day"),
        ("am vergangenen Dienstag", "de", "2024-11-22", "2024-11-19", "day"),
        ("vorig jaar", "nl", "2025-01-20", "2024", "year"),
        ("the previous month", "en", "2025-05-08", "2025-04", "month"),
        ("le mois dernier", "fr", "2025-06-27", "2025-05", "month"),
        ("hier", "fr", "2024-12-05", "2024-12-04", "day"),
        ("im Juli 2023", "de", None, "2023-07", "month"),
        ("le 24 juin 2025", "fr", None, "2025-06-24", "day"),
    ],
)
def test_dates_are_as_precise_as_the_text_and_relative_ones_anchor_to_the_page_date(text, language, published, value, precision):
    found = find_dates(text, language, published)
    assert [(d.value, d.precision) for d in found] == [(value, precision)]


def test_a_relative_date_without_a_page_date_stays_unresolved_and_keeps_its_words(tmp_path):
    page = _write(tmp_path, "p.txt", "Maastricht University and Ghent University signed a cooperation agreement last month.")
    reading = ingest_file(page, Gazetteer())
    [candidate] = reading.candidates
    assert candidate.date is None and "last month" in " ".join(candidate.reasons)
    dated = ingest_file(page, Gazetteer(), published="2025-05-08")
    assert dated.candidates[0].date == "2025-04"
    assert "2025-05-08" in dated.candidates[0].date_basis


def test_a_dateline_that_opens_the_page_anchors_relative_dates_and_is_no_fact_date(tmp_path):
    page = _write(
        tmp_path,
        "p.txt",
        "Enschede, 3 oktober 2024 – De Universiteit Twente en Medisch Spectrum Twente "
        "hebben gisteren een intentieverklaring ondertekend.",
    )
    reading = ingest_file(page, Gazetteer())
    assert (reading.published, reading.published_basis) == ("2024-10-03", "dateline")
    assert reading.candidates[0].date == "2024-10-02"


def test_html_boilerplate_is_dropped_so_sidebar_institutions_are_never_parties(readings):
    page = next(p for p in GOLD["pages"] if p["file"] == "de_01_klinikum_kooperation.html")
    reading = readings[page["file"]]
    text = document_text(PAGES / "pages" / page["file"])
    assert "Medizinische Hochschule Hannover" not in text  # sidebar only
    assert page["agreements"][0]["sentence"] in text
    names = {fold(p.name) for c in reading.candidates for p in c.parties}
    assert not names & {fold("Medizinische Hochschule Hannover"), fold("Klinikum Osnabrück")}


def test_people_places_witnesses_and_boilerplate_names_are_never_parties(readings):
    hits = []
    for page in GOLD["pages"]:
        forbidden = {fold(n) for n in page["not_parties"]}
        hits += [
            (page["file"], p.name)
            for c in readings[page["file"]].candidates
            for p in c.parties
            if fold(p.name) in forbidden and p.role != "person"
        ]
    assert hits == []


def test_every_quote_is_verbatim_at_its_offsets(readings):
    for name, reading in readings.items():
        for c in reading.candidates:
            assert reading.text[c.start : c.end] == c.quote, (name, c.id)
            assert c.quote.strip() and c.reasons


def _scores():
    spec = importlib.util.spec_from_file_location("ingest_eval", ROOT / "bench" / "ingest_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ingest_finds_most_agreements_with_their_parties_and_status_on_pages_it_has_never_seen(gazetteer):
    """The issue's targets on the test pages (written by someone who had not seen the extractor):
    at least 70 % of stated agreements found with every party, 90 % of those with the right status."""
    evaluation = _scores()
    score = evaluation.Score()
    evaluation.fixture_pages(gazetteer, gazetteer, score, verbose=False)
    assert score["gold"] == sum(len(p["agreements"]) for p in GOLD["pages"])
    assert score["found"] / score["gold"] >= 0.70
    assert score["status"] / score["found"] >= 0.90
    assert score["true"] / score["proposed"] >= 0.75
    assert score["quotes_ok"] == score["quotes"] and score["not_party"] == 0


def test_an_acronym_in_brackets_stands_for_its_long_form_everywhere_on_the_page():
    text = (
        "Universität Münster und TUM gehen Partnerschaft ein\n"
        "Die Technische Universität München (TUM) und die Universität Münster unterzeichneten einen "
        "Kooperationsvertrag. Die TUM bringt die Informatik ein."
    )
    mentions = find_mentions(text, Gazetteer(), language="de")
    tum = [m for m in mentions if m.name == "TUM"]
    assert len(tum) == 3 and {m.label for m in tum} == {"Technische Universität München"}


def test_a_place_in_brackets_is_not_an_acronym():
    text = "Die Universitas Tanjungpura (Indonesien) und das UKM haben ein MoU unterzeichnet. Indonesien ist groß."
    assert "Indonesien" not in [m.name for m in find_mentions(text, Gazetteer(), language="de")]


def test_names_coordinated_with_an_institution_are_institutions_but_titled_people_are_not():
    g = Gazetteer()
    text = "Das MoU zwischen dem UKM, der Universität Münster, dem Medisch Spectrum Twente und der University of Twente."
    assert [m.name for m in find_mentions(text, g, language="de")] == [
        "UKM",
        "Universität Münster",
        "Medisch Spectrum Twente",
        "University of Twente",
    ]
    assert [m.name for m in find_mentions("Prof. Anna Weber und die Universität Ulm", g, language="de")] == ["Universität Ulm"]


def test_the_same_institution_is_one_name_across_languages(ds_all, gazetteer):
    assert cross_key("Universität Basel") == cross_key("Université de Bâle") == cross_key("University of Basel")
    party = gazetteer.match("Universität Münster")
    assert party.iri == "https://w3id.org/collabgraph/id/university-of-muenster"


def test_a_page_about_a_new_institution_proposes_it_as_new_with_a_type(tmp_path, gazetteer):
    page = _write(
        tmp_path,
        "p.txt",
        "Das Universitätsklinikum Freiburg und das UKM haben am 2. Mai 2024 einen Kooperationsvertrag unterzeichnet.",
    )
    [candidate] = ingest_file(page, gazetteer).candidates
    freiburg, ukm = candidate.parties
    assert (freiburg.new, freiburg.type) == (True, "UniversityHospital")
    assert (ukm.new, ukm.iri) == (False, "https://w3id.org/collabgraph/id/ukm")


def test_a_pdf_is_read_through_its_text_layer(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure()
    fig.text(0.05, 0.5, "Ghent University and KU Leuven signed a cooperation agreement on 2 May 2024.")
    fig.savefig(tmp_path / "page.pdf")
    plt.close(fig)
    reading = ingest_file(tmp_path / "page.pdf", Gazetteer())
    assert [(c.kind, c.status, c.date) for c in reading.candidates] == [("CooperationAgreement", "signed", "2024-05-02")]


def test_people_in_roles_are_proposed_as_posts_with_their_organisation(readings):
    posts = {
        (c.role_text, c.role, c.parties[0].name, c.parties[1].name)
        for r in readings.values()
        for c in r.candidates
        if c.kind == "Post"
    }
    assert ("President", "Head", "Maria Lindqvist", "YERUN") in posts
    assert all(c.parties[0].type == "Person" for r in readings.values() for c in r.candidates if c.kind == "Post")


def test_an_unknown_document_type_is_a_one_line_error(tmp_path):
    path = tmp_path / "page.docx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(UnreadableDocument, match=r"page\.docx: unknown document type"):
        read_document(path)


def test_ingest_never_opens_a_network_connection(tmp_path, monkeypatch, gazetteer):
    def refuse(*args, **kwargs):
        raise AssertionError("ingest tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    html = (
        "<html><head><link rel='canonical' href='https://example.org/news'></head><body><nav>Home</nav>"
        "<article><p>Die Universität Ulm und das UKM haben gestern einen Kooperationsvertrag unterzeichnet, "
        "wie beide Häuser mitteilten.</p></article></body></html>"
    )
    reading = ingest_file(_write(tmp_path, "p.html", html), gazetteer, published="2025-01-10")
    assert reading.candidates and reading.candidates[0].date == "2025-01-09"


def test_cli_ingest_prints_the_documented_json(tmp_path):
    page = _write(tmp_path, "p.txt", "Maastricht University and Ghent University signed a double degree agreement on 3 May 2024.")
    out = subprocess.run(
        [sys.executable, "-m", "collabgraph", "ingest", str(page), "--format", "json"], capture_output=True, text=True, check=True
    ).stdout
    record = json.loads(out)
    assert {"source", "language", "published", "candidates"} <= set(record)
    [candidate] = record["candidates"]
    assert {"id", "kind", "status", "date", "end_date", "parties", "quote", "start", "end", "confidence", "reasons"} <= set(
        candidate
    )
    assert {"name", "iri", "label", "new"} <= set(candidate["parties"][0])
    assert candidate["kind"] in AGREEMENT_KINDS and candidate["parties"][0]["iri"].endswith("maastricht-university")


def test_cli_ingest_of_a_missing_page_is_one_line(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "collabgraph", "ingest", str(tmp_path / "nope.html")], capture_output=True, text=True
    )
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "nope.html" in run.stderr
