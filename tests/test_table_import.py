"""Tables of agreements (CSV, XLSX) read as candidates, reviewed and accepted like any page."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from collabgraph.checks.validate import validate
from collabgraph.checks.verify import verify_quotes
from collabgraph.errors import AcceptError, TableError
from collabgraph.ingest.accept import accept
from collabgraph.ingest.model import Party
from collabgraph.ingest.review import read_review, write_review
from collabgraph.ingest.table import kind_of, read_table, status_of, table_date, table_text
from collabgraph.loading.load import load
from collabgraph.namespaces import CG, graph_iri
from collabgraph.questions.partners import partners

FIXTURES = Path(__file__).parent / "data" / "ingest_fixtures"
MUENSTER = "https://w3id.org/collabgraph/id/university-of-muenster"
COLUMNS = dict(
    parties="Partnerinstitution", kind="Vereinbarung", date="Unterzeichnet am", status="Status", end_date="Laufzeit bis"
)


class FakeGazetteer:
    """Stands in for collabgraph.ingest.gazetteer.Gazetteer: knows Universität Münster only."""

    def match(self, name: str) -> Party:
        if name == "Universität Münster":
            return Party(name, iri=MUENSTER, label="University of Münster", score=1.0)
        return Party(name, new=True, type="University")


@pytest.fixture(scope="module")
def base():
    return load(reason=False)


@pytest.fixture
def table(tmp_path) -> Path:
    copy = tmp_path / "partners.csv"
    shutil.copy(FIXTURES / "partners.csv", copy)
    return copy


def test_each_csv_row_is_a_candidate_whose_quote_is_the_row_verbatim(table):
    reading = read_table(table, **COLUMNS)
    lines = table.read_text(encoding="utf-8").splitlines()
    assert reading.text == table.read_text(encoding="utf-8")
    assert [c.quote for c in reading.candidates] == lines[1:]
    assert all(reading.text[c.start : c.end] == c.quote for c in reading.candidates)
    assert [c.kind for c in reading.candidates] == [
        "CooperationAgreement",
        "CooperationAgreement",
        "CooperationAgreement",
        "MemorandumOfUnderstanding",
    ]
    assert [c.status for c in reading.candidates] == ["signed", "active", "reported", "planned"]
    assert [c.date for c in reading.candidates] == ["2024-02-01", "2023-03", "2022", "2021-05"]
    assert [c.end_date for c in reading.candidates] == ["2029", None, None, None]
    assert [[p.name for p in c.parties] for c in reading.candidates][1] == ["Universität Münster", "Université de Lorient-Sud"]
    # party offsets point at the names, where the row writes them as they are
    first = reading.candidates[0]
    assert [reading.text[p.start : p.end] for p in first.parties] == ["Universität Münster", "Hochschule Nordhafen"]


def test_a_wrong_column_name_gives_the_close_matches_and_the_header_line(table):
    with pytest.raises(TableError) as info:
        read_table(table, parties="Partnerinstitutionen", kind="Vereinbarung")
    assert str(info.value) == (
        f"{table}:1: no column 'Partnerinstitutionen'; did you mean: Partnerinstitution? "
        "(columns: Partnerinstitution, Vereinbarung, Unterzeichnet am, Status, Laufzeit bis)"
    )
    with pytest.raises(TableError, match=r"no column 'Datum'"):
        read_table(table, parties="Partnerinstitution", date="Datum")


def test_column_names_match_whatever_their_case_and_spacing(table):
    reading = read_table(table, parties=" partnerinstitution ", kind="VEREINBARUNG", date="unterzeichnet  am")
    assert len(reading.candidates) == 4 and reading.candidates[0].date == "2024-02-01"


@pytest.mark.parametrize(
    "cell, kind",
    [
        ("MoU", "MemorandumOfUnderstanding"),
        ("Memorandum of Understanding", "MemorandumOfUnderstanding"),
        ("Absichtserklärung", "MemorandumOfUnderstanding"),
        ("intentieverklaring", "MemorandumOfUnderstanding"),
        ("Protocole d'accord", "MemorandumOfUnderstanding"),
        ("Kooperationsvertrag", "CooperationAgreement"),
        ("Forschungskooperationsvertrag", "CooperationAgreement"),
        ("samenwerkingsovereenkomst", "CooperationAgreement"),
        ("accord-cadre", "CooperationAgreement"),
        ("Accord de coopération", "CooperationAgreement"),
        ("Rahmenvereinbarung", "CooperationAgreement"),
        ("Strategische Partnerschaft", "StrategicPartnership"),
        ("partenariat stratégique", "StrategicPartnership"),
        ("Double diplôme", "JointDegreeProgramme"),
        ("Doppelabschluss Master", "JointDegreeProgramme"),
        ("Vertrag", "Agreement"),
        ("convention", "Agreement"),
        ("Zusammenarbeit", "Collaboration"),
        ("samenwerking", "Collaboration"),
    ],
)
def test_kind_words_in_german_dutch_english_and_french_map_to_kinds(cell, kind):
    assert kind_of(cell)[0] == kind


def test_a_kind_not_understood_is_an_agreement_with_less_confidence(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("Partner,Art\nA; B,Erasmus+\nA; C,MoU\n", encoding="utf-8")
    unknown, mou = read_table(table, parties="Partner", kind="Art").candidates
    assert (unknown.kind, mou.kind) == ("Agreement", "MemorandumOfUnderstanding")
    assert unknown.confidence < 0.6 <= mou.confidence
    assert "kind 'Erasmus+' not understood: Agreement" in unknown.reasons


@pytest.mark.parametrize(
    "cell, status",
    [
        ("unterzeichnet", "signed"),
        ("ondertekend", "signed"),
        ("signée", "signed"),
        ("signed", "signed"),
        ("laufend", "active"),
        ("en vigueur", "active"),
        ("geplant", "planned"),
        ("beendet", "ended"),
        ("verlopen", "ended"),
        ("nicht unterzeichnet", "reported"),
        ("unsigned", "reported"),
        ("?", "reported"),
        ("", "reported"),
    ],
)
def test_status_is_signed_only_where_the_cell_says_so_else_reported(tmp_path, cell, status):
    table = tmp_path / "t.csv"
    table.write_text(f"Partner,Status\nA; B,{cell}\n", encoding="utf-8")
    [c] = read_table(table, parties="Partner", status="Status").candidates
    assert c.status == status
    assert status_of(cell) is None or status_of(cell)[0] == status


def test_without_a_status_column_every_row_is_reported(table):
    reading = read_table(table, parties="Partnerinstitution", kind="Vereinbarung")
    assert {c.status for c in reading.candidates} == {"reported"}


@pytest.mark.parametrize(
    "cell, date",
    [
        ("2023", "2023"),
        ("2023-07", "2023-07"),
        ("2023-07-01", "2023-07-01"),
        ("07/2023", "2023-07"),
        ("7.2023", "2023-07"),
        ("01.07.2023", "2023-07-01"),
        ("1/7/2023", "2023-07-01"),
        ("Juli 2023", "2023-07"),
        ("juillet 2023", "2023-07"),
        ("maart 2023", "2023-03"),
        ("1. März 2023", "2023-03-01"),
        ("1er juillet 2023", "2023-07-01"),
        ("July 1, 2023", "2023-07-01"),
        ("2023-07-01 00:00:00", "2023-07-01"),
        ("2019-2023", None),
        ("31.02.2023", None),
        ("bald", None),
    ],
)
def test_table_dates_are_as_precise_as_the_cell(cell, date):
    assert table_date(cell) == date


def test_an_unreadable_date_is_kept_as_date_text(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("Partner,Datum\nA; B,Wintersemester 2019/20\n", encoding="utf-8")
    [c] = read_table(table, parties="Partner", date="Datum").candidates
    assert (c.date, c.date_text) == (None, "Wintersemester 2019/20")


def test_semicolon_tables_and_other_party_separators(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("Partner;Art;Jahr\nUniversität Münster / Hogeschool Zeewolde;MoU;2020\n", encoding="utf-8")
    [c] = read_table(table, parties="Partner", kind="Art", date="Jahr", separator="/").candidates
    assert [p.name for p in c.parties] == ["Universität Münster", "Hogeschool Zeewolde"]
    assert c.date == "2020"


def test_parties_from_several_columns(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("Partner 1,Partner 2,Art\nUniversität Münster,Hogeschool Zeewolde,MoU\n", encoding="utf-8")
    [c] = read_table(table, parties="Partner 1,Partner 2", kind="Art").candidates
    assert [p.name for p in c.parties] == ["Universität Münster", "Hogeschool Zeewolde"]


def test_a_quoted_cell_with_a_line_break_keeps_the_whole_record_as_the_quote(tmp_path):
    table = tmp_path / "t.csv"
    content = 'Partner,Art\r\n"Universität Münster;\r\nHogeschool Zeewolde",MoU\r\nA; B,Vertrag\r\n'
    table.write_bytes(content.encode("utf-8"))
    first, second = read_table(table, parties="Partner", kind="Art").candidates
    assert first.quote == '"Universität Münster;\r\nHogeschool Zeewolde",MoU'
    assert second.quote == "A; B,Vertrag"
    assert [p.name for p in first.parties] == ["Universität Münster", "Hogeschool Zeewolde"]


def test_a_windows_1252_csv_is_read(tmp_path):
    table = tmp_path / "t.csv"
    table.write_bytes("Partner,Art\nUniversität Münster; Université X,Accord-cadre\n".encode("cp1252"))
    [c] = read_table(table, parties="Partner", kind="Art").candidates
    assert c.parties[0].name == "Universität Münster"


def _workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Partner", "Type", "Signed", "Status", None])
    sheet.append(["Universität Münster; Hochschule Nordhafen", "Cooperation agreement", dt.datetime(2024, 2, 1), "signed", None])
    sheet.append(["Universität Münster; Hogeschool Zeewolde", "MoU", 2021, "in force\nsince 2021"])
    sheet.append([None, None, None])
    book.save(path)
    return path


def test_xlsx_rows_are_lines_of_tab_separated_cells(tmp_path):
    table = _workbook(tmp_path / "partners.xlsx")
    reading = read_table(table, parties="Partner", kind="Type", date="Signed", status="Status")
    assert (
        reading.text
        == table_text(table)
        == (
            "Partner\tType\tSigned\tStatus\n"
            "Universität Münster; Hochschule Nordhafen\tCooperation agreement\t2024-02-01\tsigned\n"
            "Universität Münster; Hogeschool Zeewolde\tMoU\t2021\tin force since 2021\n"
        )
    )
    assert [c.quote for c in reading.candidates] == reading.text.splitlines()[1:]
    assert [(c.kind, c.status, c.date) for c in reading.candidates] == [
        ("CooperationAgreement", "signed", "2024-02-01"),
        ("MemorandumOfUnderstanding", "active", "2021"),
    ]
    assert reading.language == "en"


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a zip", encoding="utf-8")
    with pytest.raises(TableError, match=r"fake.xlsx: not an XLSX workbook"):
        read_table(fake, parties="Partner")


def test_parties_are_matched_with_the_gazetteer_and_settled_rows_are_proposed(table, tmp_path):
    reading = read_table(table, **COLUMNS, gazetteer=FakeGazetteer(), language="de")
    assert [p.iri for p in reading.candidates[0].parties] == [MUENSTER, None]
    assert reading.candidates[0].parties[1].new
    [(_, reviewed)] = read_review(write_review([reading], tmp_path / "review.yaml"))
    assert all(rc.accept for rc in reviewed)
    assert sorted(p.name for p in reading.new_institutions) == [
        "Hochschule Nordhafen",
        "Hogeschool Zeewolde",
        "Instytut Bałtycki",
        "Université de Lorient-Sud",
    ]


def test_accepted_table_rows_load_validate_verify_and_are_partners(table, tmp_path, base):
    reading = read_table(table, **COLUMNS, gazetteer=FakeGazetteer(), language="de", url="https://example.org/partner.csv")
    review = write_review([reading], tmp_path / "review.yaml")
    text = review.read_text(encoding="utf-8")
    review.write_text(text.replace("gloss: null", "gloss: A row of the university's table of agreements."), encoding="utf-8")
    into = tmp_path / "accepted"
    assert accept(review, into, base=base) == [into / "partners.ttl"]
    ds = load(data=[into])
    assert validate(ds).violations == []
    checks = [c for c in verify_quotes(ds, tmp_path) if c.file == "partners.csv"]
    assert len(checks) == 4 and all(c.found for c in checks)
    found = {p.label: p for p in partners(ds, "University of Münster", include_planned=True)}
    assert {"Hochschule Nordhafen", "Hogeschool Zeewolde", "Instytut Bałtycki", "Université de Lorient-Sud"} <= set(found)
    mine = ds.graph(graph_iri("user", "partners"))
    assert len(set(mine.subjects(None, CG.CooperationAgreement))) == 3


def test_accepted_xlsx_rows_are_verified_against_the_sheet_text(tmp_path, base):
    table = _workbook(tmp_path / "partners.xlsx")
    reading = read_table(table, parties="Partner", kind="Type", date="Signed", status="Status", gazetteer=FakeGazetteer())
    review = write_review([reading], tmp_path / "review.yaml")
    assert accept(review, tmp_path / "accepted", base=base) == [tmp_path / "accepted" / "partners.ttl"]
    book = openpyxl.load_workbook(table)
    book.create_sheet("Notes").append(["the first sheet, and so the text, is unchanged"])
    book.save(table)
    with pytest.raises(AcceptError, match="changed since ingest read it"):
        accept(review, tmp_path / "again", base=base)
