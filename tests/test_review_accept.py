"""The review file (write → edit → read) and accept (review → checked Turtle)."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest
from rdflib import RDF, Literal, URIRef

from collabgraph.checks.validate import validate
from collabgraph.checks.verify import verify_quotes
from collabgraph.errors import AcceptError, CollabgraphError, ReviewError
from collabgraph.ingest.accept import accept, slugify
from collabgraph.ingest.model import Candidate, Party, Reading, sha256_of
from collabgraph.ingest.review import EDITABLE_FIELDS, read_review, write_review
from collabgraph.loading.load import load
from collabgraph.namespaces import CG, CGS, OA, graph_iri
from collabgraph.questions.partners import partners

FIXTURES = Path(__file__).parent / "data" / "ingest_fixtures"
MUENSTER = "https://w3id.org/collabgraph/id/university-of-muenster"
MOU_QUOTE = (
    "Die Universität Münster und die Hochschule Nordhafen haben im Februar 2024 ein Memorandum of Understanding unterzeichnet."
)
SCHOOL_QUOTE = "Bereits im vergangenen Jahr hatten Forschende beider Hochschulen gemeinsam eine Sommerschule"


@pytest.fixture(scope="module")
def base():
    return load(reason=False)


@pytest.fixture
def page(tmp_path) -> Path:
    copy = tmp_path / "pages" / "mou_page.txt"
    copy.parent.mkdir()
    shutil.copy(FIXTURES / "mou_page.txt", copy)
    return copy


def _candidate(text: str, quote: str, **fields) -> Candidate:
    start = text.index(quote)
    return Candidate(id=fields.pop("id", f"c-{start:08x}"), quote=quote, start=start, end=start + len(quote), **fields)


def _reading(page: Path) -> Reading:
    text = page.read_text(encoding="utf-8")
    mou = _candidate(
        text,
        MOU_QUOTE,
        kind="MemorandumOfUnderstanding",
        status="signed",
        date="2024-02",
        confidence=0.85,
        reasons=["cue 'Memorandum of Understanding'", "cue 'unterzeichnet'"],
        parties=[
            Party("Universität Münster", iri=MUENSTER, label="University of Münster", score=1.0),
            Party("Hochschule Nordhafen", new=True, type="UniversityOfAppliedSciences"),
        ],
    )
    school = _candidate(
        text,
        SCHOOL_QUOTE,
        kind="Collaboration",
        status="reported",
        date="2023",
        date_text="im vergangenen Jahr",
        date_basis="published 2024-03-12",
        confidence=0.4,
        parties=[Party("beider Hochschulen")],
    )
    return Reading(
        source=page.name,
        text=text,
        language="de",
        published="2024-03-12",
        path=str(page),
        sha256=sha256_of(page.read_bytes()),
        url="https://example.org/presse/2024-03-12",
        title="Universität Münster und Hochschule Nordhafen vereinbaren Zusammenarbeit",
        candidates=[mou, school],
    )


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _gloss(
    review: Path, gloss: str = "The University of Münster and Hochschule Nordhafen signed an MoU in February 2024."
) -> None:
    _edit(review, "gloss: null", f"gloss: '{gloss}'")


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


# ---------------------------------------------------------------------------------------------
# The review file
# ---------------------------------------------------------------------------------------------


def test_write_then_read_gives_back_every_source_field_and_candidate_unchanged(page, tmp_path):
    reading = _reading(page)
    review = write_review([reading], tmp_path / "review.yaml")
    [(back, reviewed)] = read_review(review)
    assert back.to_json() == reading.to_json()
    assert [rc.candidate for rc in reviewed] == reading.candidates
    assert [rc.edited for rc in reviewed] == [False, False]


def test_review_proposes_accept_only_for_confident_candidates_whose_parties_are_settled(page, tmp_path):
    reading = _reading(page)
    reading.candidates.append(
        _candidate(
            reading.text,
            "Kontakt: International Office",
            kind="Collaboration",
            status="reported",
            confidence=0.95,
            parties=[Party("International Office")],
        )
    )
    [(_, reviewed)] = read_review(write_review([reading], tmp_path / "review.yaml"))
    # confident and settled / not confident / confident but a party neither reconciled nor new
    assert [rc.accept for rc in reviewed] == [True, False, False]


def test_review_file_asks_for_an_english_gloss_beside_a_german_quote(page, tmp_path):
    text = write_review([_reading(page)], tmp_path / "review.yaml").read_text(encoding="utf-8")
    gloss_lines = [i for i, line in enumerate(text.splitlines()) if line.strip().startswith("gloss:")]
    assert len(gloss_lines) == 2
    for i in gloss_lines:
        assert "GIVE AN ENGLISH GLOSS" in text.splitlines()[i - 1]
    assert "quote: |-" in text  # the quote as a readable block


NASTY = [
    "",
    " ",
    "plain",
    "yes",
    "No",
    "NO",
    "null",
    "~",
    "true",
    "1.5",
    "0x1F",
    "2023-07-01",
    "12:30",
    "key: value",
    "a # not a comment",
    "#hash first",
    "- dash first",
    "? question",
    "[flow]",
    "{flow: map}",
    "&anchor",
    "*alias",
    "!tag",
    "%directive",
    "@at",
    "`tick`",
    "'single'",
    '"double"',
    "back\\slash",
    "trailing space ",
    " leading space",
    "two\nlines",
    "trailing newline\n",
    "\nleading newline",
    "blank\n\nline",
    "spaces \n only line",
    "crlf\r\nline",
    "cr\ronly",
    "tab\there",
    "\tleading tab",
    "nel\x85line",
    "line\u2028separator",
    "para\u2029separator",
    "bom\ufeffinside",
    "nul\x00byte",
    "esc\x1b[0m",
    "bell\x07",
    "del\x7f",
    "Münster – «Zitat» „deutsch“ ‚einfach‘",
    "Ελληνικά",
    "中文引号「」",
    "emoji 😀🇩🇪",
    "combining e\u0301",
    "zero\u200bwidth",
    "rtl \u202eevil\u202c",
    "|",
    ">",
    "|-\n  not a block",
    "---",
    "...",
    "a: b\n- c\n  d: e",
    "x" * 5000,
    "\\n literal backslash n",
    "%",
    "=",
    "<<",
    "'",
    '"',
    "''",
    '""',
]


@pytest.mark.parametrize("value", NASTY, ids=[repr(v)[:40] for v in NASTY])
def test_round_trip_keeps_any_string_exactly(value, tmp_path):
    given = value if value.strip() else None  # blank required fields are refused, a blank gloss is none
    quote = given or "q"
    candidate = Candidate(
        id="c-00000001",
        kind="Collaboration",
        status="reported",
        quote=quote,
        start=0,
        end=len(quote),
        gloss=given,
        date_text=value or None,
        reasons=[value, "r2"],
        parties=[
            Party(given or "n", label=value or None, new=True, type="Institution"),
            Party("B", iri="https://w3id.org/collabgraph/id/b"),
        ],
    )
    reading = Reading(
        source=given or "s", text="", language="en", title=value or None, path=value or None, candidates=[candidate]
    )
    [(back, [rc])] = read_review(write_review([reading], tmp_path / "review.yaml"))
    assert rc.candidate == candidate
    assert (back.source, back.title, back.path) == (reading.source, reading.title, reading.path)
    assert not rc.edited


def test_round_trip_keeps_random_strings_exactly(tmp_path):
    # Hypothesis is not installed: a seeded fuzz over an alphabet of YAML's hard characters.
    alphabet = list(" \n\r\t:#'\"-?[]{},&*!|>%@`\\\x85\u2028\u2029\ufeff\x00\x1b\u00e4\u20ac\U0001f600aZ09.~")
    rng = random.Random(20240312)
    candidates = []
    for i in range(300):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24)))
        s = s if s.strip() else s + "x"  # a blank quote or name is refused, rightly
        candidates.append(
            Candidate(
                id=f"c-{i:08x}",
                kind="Agreement",
                status="signed",
                quote=s,
                start=0,
                end=len(s),
                gloss=s,
                reasons=[s],
                parties=[Party(s, label=s, new=True, type="Company")],
            )
        )
    reading = Reading(source="fuzz.txt", text="", language="fr", candidates=candidates)
    [(_, reviewed)] = read_review(write_review([reading], tmp_path / "review.yaml"))
    assert [rc.candidate for rc in reviewed] == candidates


def test_an_edited_date_marks_the_candidate_edited_and_names_the_field(page, tmp_path):
    review = write_review([_reading(page)], tmp_path / "review.yaml")
    _edit(review, "date: 2024-02", "date: 2024-02-20")
    [(_, [mou, school])] = read_review(review)
    assert mou.edited and mou.edited_fields == ("date",)
    assert mou.candidate.date == "2024-02-20"
    assert not school.edited


def test_a_gloss_or_accept_change_is_review_not_an_edit(page, tmp_path):
    review = write_review([_reading(page)], tmp_path / "review.yaml")
    _gloss(review)
    _edit(review, "accept: no", "accept: yes")
    [(_, [mou, school])] = read_review(review)
    assert mou.candidate.gloss.startswith("The University of Münster")
    assert school.accept
    assert not mou.edited and not school.edited


def test_a_party_changed_to_a_known_institution_is_an_edit(page, tmp_path):
    review = write_review([_reading(page)], tmp_path / "review.yaml")
    _edit(
        review,
        "  iri: null\n        label: null\n        new: yes\n        role: party\n        type: UniversityOfAppliedSciences",
        "  iri: https://w3id.org/collabgraph/id/fh-muenster\n        label: null\n        new: no\n        role: party",
    )
    [(_, [mou, _school])] = read_review(review)
    assert mou.edited_fields == ("parties",)


def test_a_removed_fingerprint_counts_every_field_as_edited(page, tmp_path):
    review = write_review([_reading(page)], tmp_path / "review.yaml")
    text = review.read_text(encoding="utf-8")
    review.write_text(re.sub(r"\n +proposed: .*", "", text, count=1), encoding="utf-8")
    [(_, [mou, school])] = read_review(review)
    assert mou.edited_fields == EDITABLE_FIELDS and not school.edited


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_a_misspelled_kind_names_the_line_and_the_close_match(page, tmp_path):
    review = write_review([_reading(page)], tmp_path / "review.yaml")
    _edit(review, "kind: MemorandumOfUnderstanding", "kind: MemorandumOfUnderstandng")
    line = _line_of(review, "MemorandumOfUnderstandng")
    with pytest.raises(ReviewError) as info:
        read_review(review)
    assert str(info.value) == (
        f"{review}:{line}: unknown kind 'MemorandumOfUnderstandng'; did you mean: MemorandumOfUnderstanding?"
    )
    assert "\n" not in str(info.value)


def test_a_misspelled_status_names_the_line_and_the_close_match(page, tmp_path):
    review = write_review([_reading(page)], tmp_path / "review.yaml")
    _edit(review, "status: signed", "status: singed")
    with pytest.raises(ReviewError, match=rf":{_line_of(review, 'singed')}: unknown status 'singed'; did you mean: signed\?"):
        read_review(review)


@pytest.mark.parametrize(
    "old, new, message",
    [
        (r"date: 2024-02", "date: 2024-13", r"`date`: not a date: '2024-13'"),
        ("date: 2024-02", "date: 2024-02-30", r"`date`: not a date: '2024-02-30'"),
        ("end_date: null", "end_date: 2020", r"`end_date` 2020 is before `date` 2024-02"),
        ("- name: Hochschule Nordhafen", "- name: ''", r"a party without a name"),
        ("accept: yes", "accept: perhaps", r"`accept` must be yes or no, not 'perhaps'"),
        ("gloss: null", "glos: null", r"unknown key 'glos' in a candidate; did you mean: gloss\?"),
        ("role: party", "role: partie", r"unknown party role 'partie'; did you mean: party\?"),
        (
            "type: UniversityOfAppliedSciences",
            "type: UniversityOfAppliedScience",
            r"unknown type 'UniversityOfAppliedScience'; did you mean: UniversityOfAppliedSciences",
        ),
        ("language: de", "language: German!", r"`language` 'German!' is not a language code"),
        (r"start: \d+", "start: x", r"`start` must be a whole number, not 'x'"),
        (r"status: signed", "status:\n        - signed", r"`status` should be a single value, not a list or mapping"),
    ],
)
def test_a_wrong_value_is_refused_with_its_line(page, tmp_path, old, new, message):
    review = write_review([_reading(page)], tmp_path / "review.yaml")
    text = review.read_text(encoding="utf-8")
    review.write_text(re.sub(old, lambda _: new, text, count=1), encoding="utf-8")
    line = _line_of(review, new.split("\n")[-1].strip() if "\n" in new else new.strip().lstrip("- "))
    with pytest.raises(ReviewError, match=rf"^{re.escape(str(review))}:{line}: {message}"):
        read_review(review)


def test_malformed_yaml_is_refused_with_its_line(page, tmp_path):
    review = write_review([_reading(page)], tmp_path / "review.yaml")
    _edit(review, "gloss: null", "gloss: The aim: to cooperate")
    line = _line_of(review, "The aim: to cooperate")
    with pytest.raises(ReviewError, match=rf"^{re.escape(str(review))}:{line}: not valid YAML: .*mapping values"):
        read_review(review)


def test_an_iri_not_in_the_graph_is_refused_with_close_matches(page, tmp_path, base):
    review = write_review([_reading(page)], tmp_path / "review.yaml")
    _edit(review, MUENSTER, MUENSTER.replace("muenster", "munster"))
    line = _line_of(review, "university-of-munster")
    read_review(review)  # without a graph the IRI is not checked
    with pytest.raises(
        ReviewError,
        match=rf":{line}: `iri` .*university-of-munster is not in the graph; "
        rf"did you mean: {re.escape(MUENSTER)}",
    ):
        read_review(review, graph=base)


def test_write_review_never_overwrites_a_review_unless_asked(page, tmp_path):
    review = write_review([_reading(page)], tmp_path / "review.yaml")
    _gloss(review)
    edited = review.read_text(encoding="utf-8")
    with pytest.raises(CollabgraphError, match="exists: refusing to overwrite"):
        write_review([_reading(page)], review)
    assert review.read_text(encoding="utf-8") == edited
    write_review([_reading(page)], review, overwrite=True)
    assert review.read_text(encoding="utf-8") != edited
    assert sorted(p.name for p in review.parent.iterdir()) == ["pages", "review.yaml"]  # no temporary file left


# ---------------------------------------------------------------------------------------------
# accept
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def reviewed(page, tmp_path) -> Path:
    """A review of the fixture page with the MoU accepted and glossed, the other candidate not."""
    review = write_review([_reading(page)], tmp_path / "review.yaml")
    _gloss(review)
    return review


def test_accept_writes_turtle_that_loads_validates_and_whose_quotes_verify(reviewed, tmp_path, base):
    into = tmp_path / "accepted"
    written = accept(reviewed, into, base=base)
    assert written == [into / "mou-page.ttl"]
    ds = load(data=[into], reason=False)
    mine = [g.identifier for g in ds.graphs() if "/graph/user/" in str(g.identifier)]
    assert mine and validate(ds).violations == []
    checks = [c for c in verify_quotes(ds, FIXTURES) if c.file == "mou_page.txt"]
    assert len(checks) == 1 and all(c.found for c in checks)
    # the quote carries both selectors, and the position selector points at the quote
    text = (FIXTURES / "mou_page.txt").read_text(encoding="utf-8")
    spans = [(int(ds.value(sel, OA.start)), int(ds.value(sel, OA.end))) for sel in ds.subjects(RDF.type, OA.TextPositionSelector)]
    assert [text[start:end] for start, end in spans] == [MOU_QUOTE]
    assert Literal(MOU_QUOTE, lang="de") in set(ds.objects(None, OA.exact))


def test_accepted_mou_is_a_partner_of_universitaet_muenster(reviewed, tmp_path, base):
    into = tmp_path / "accepted"
    accept(reviewed, into, base=base)
    ds = load(data=[into])
    found = {p.label: p for p in partners(ds, "Universität Münster")}
    assert "Hochschule Nordhafen" in found
    [via] = found["Hochschule Nordhafen"].via
    assert (via.kind, via.date, via.status, via.curation) == ("mou", "2024-02", "signed", "stated")


def test_accept_writes_the_model_of_the_curated_data(reviewed, tmp_path, base):
    into = tmp_path / "accepted"
    accept(reviewed, into, base=base)
    ds = load(data=[into], reason=False).graph(graph_iri("user", "mou-page"))
    [mou] = ds.subjects(CG.evidence, None, unique=True)
    assert str(mou) == "https://w3id.org/collabgraph/id/mou-university-of-muenster-hochschule-nordhafen-2024"
    assert (mou, CG.status, CGS.signed) in ds and (mou, CG.curationStatus, CGS.stated) in ds
    assert ds.value(mou, CG.startDate).datatype.endswith("gYearMonth")
    new = URIRef("https://w3id.org/collabgraph/id/hochschule-nordhafen")
    assert (mou, CG.hasParty, new) in ds and (mou, CG.hasParty, URIRef(MUENSTER)) in ds
    assert (new, None, CG.UniversityOfAppliedSciences) in ds
    [source] = ds.subjects(CG.fileName, Literal("mou_page.txt"))
    assert str(source).startswith("https://w3id.org/collabgraph/source/mou-page-")
    assert str(ds.value(source, CG.sha256)) == sha256_of((FIXTURES / "mou_page.txt").read_bytes())


def test_an_edited_candidate_is_recorded_as_edited(reviewed, tmp_path, base):
    _edit(reviewed, "date: 2024-02", "date: 2024-02-20")
    into = tmp_path / "accepted"
    accept(reviewed, into, base=base)
    ds = load(data=[into], reason=False).graph(graph_iri("user", "mou-page"))
    [mou] = ds.subjects(CG.evidence, None, unique=True)
    assert (mou, CG.curationStatus, CGS.edited) in ds
    assert "a curator changed date" in str(ds.value(mou, URIRef("http://www.w3.org/2004/02/skos/core#editorialNote")))


def test_accept_refuses_a_quote_that_is_not_in_the_page_and_writes_nothing(reviewed, tmp_path, page, base):
    _edit(reviewed, "Memorandum of Understanding unterzeichnet.", "Kooperationsvertrag unterzeichnet.")
    line = _line_of(reviewed, "quote: |-")
    before = page.read_bytes(), reviewed.read_bytes()
    into = tmp_path / "accepted"
    with pytest.raises(AcceptError) as info:
        accept(reviewed, into, base=base)
    assert info.value.problems == [
        f"{reviewed}:{line}: candidate c-{MOU_START:08x}: the quote is not in mou_page.txt "
        "(quotes must be verbatim: was it edited?)"
    ]
    assert (page.read_bytes(), reviewed.read_bytes()) == before
    assert _files(into) == []


MOU_START = (FIXTURES / "mou_page.txt").read_text(encoding="utf-8").index(MOU_QUOTE)


def test_accept_refuses_a_page_that_changed_since_ingest(reviewed, tmp_path, page, base):
    page.write_text(page.read_text(encoding="utf-8") + "Nachtrag.\n", encoding="utf-8")
    with pytest.raises(AcceptError, match=r"mou_page.txt changed since ingest read it"):
        accept(reviewed, tmp_path / "accepted", base=base)
    assert _files(tmp_path / "accepted") == []


def test_accept_asks_for_the_english_gloss_of_a_german_quote(page, tmp_path, base):
    review = write_review([_reading(page)], tmp_path / "review.yaml")
    line = _line_of(review, "gloss: null")
    with pytest.raises(AcceptError) as info:
        accept(review, tmp_path / "accepted", base=base)
    assert info.value.problems == [f"give an English gloss for candidate c-{MOU_START:08x} ({review}:{line})"]
    assert str(info.value).splitlines()[-1] == f"{review}: nothing written (1 problem)"


def test_accept_refuses_to_overwrite_unless_asked(reviewed, tmp_path, base):
    into = tmp_path / "accepted"
    [out] = accept(reviewed, into, base=base)
    first = out.read_bytes()
    out.write_text("# my own edits\n", encoding="utf-8")
    with pytest.raises(AcceptError, match=r"mou-page.ttl exists: refusing to overwrite it"):
        accept(reviewed, into, base=base)
    assert out.read_text(encoding="utf-8") == "# my own edits\n"
    assert accept(reviewed, into, overwrite=True, base=base) == [out]
    assert out.read_bytes() == first


def test_accept_says_so_when_nothing_is_accepted(reviewed, tmp_path, base):
    _edit(reviewed, "accept: yes", "accept: no")
    with pytest.raises(AcceptError, match="no candidate is accepted"):
        accept(reviewed, tmp_path / "accepted", base=base)
    assert not (tmp_path / "accepted").exists()


def test_accept_refuses_a_party_that_is_neither_known_nor_new(reviewed, tmp_path, base):
    _edit(reviewed, "accept: no", "accept: yes")  # the low-confidence collaboration with an unsettled party
    _edit(reviewed, "gloss: null", "gloss: 'Last year researchers of both universities organised a summer school.'")
    with pytest.raises(AcceptError) as info:
        accept(reviewed, tmp_path / "accepted", base=base)
    text = "\n".join(info.value.problems)
    assert "party 'beider Hochschulen' is neither known" in text
    assert "an agreement needs at least two parties" in text
    assert _files(tmp_path / "accepted") == []


def test_accept_reports_a_misspelled_kind_with_line_and_close_match(reviewed, tmp_path, base):
    _edit(reviewed, "kind: MemorandumOfUnderstanding", "kind: Memorandumofunderstandig")
    line = _line_of(reviewed, "Memorandumofunderstandig")
    with pytest.raises(AcceptError) as info:
        accept(reviewed, tmp_path / "accepted", base=base)
    assert info.value.problems == [
        f"{reviewed}:{line}: unknown kind 'Memorandumofunderstandig'; did you mean: MemorandumOfUnderstanding?"
    ]


def test_accept_reports_what_the_shapes_find_at_the_candidate_line(reviewed, tmp_path, base):
    # a known IRI that is a place, not an organisation: only the SHACL shapes can tell
    _edit(reviewed, MUENSTER, "https://w3id.org/collabgraph/id/city-muenster")
    with pytest.raises(AcceptError) as info:
        accept(reviewed, tmp_path / "accepted", base=base)
    line = _line_of(reviewed, "- name: Universität Münster")
    assert any(
        p.startswith(f"{reviewed}:{line}: candidate c-{MOU_START:08x}: cgr:city-muenster: ")
        and "every party or member must be typed as an organisation" in p
        for p in info.value.problems
    )
    assert _files(tmp_path / "accepted") == []


def test_accept_resolves_a_relative_date_and_says_against_what(page, tmp_path, base):
    reading = _reading(page)
    school = reading.candidates[1]
    school.parties = [
        Party("Universität Münster", iri=MUENSTER),
        Party("Hochschule Nordhafen", new=True, type="UniversityOfAppliedSciences"),
    ]
    school.confidence = 0.7
    review = write_review([reading], tmp_path / "review.yaml")
    _gloss(review)
    _gloss(review, "Already last year researchers of both universities organised a summer school together")
    into = tmp_path / "accepted"
    accept(review, into, base=base)
    full = load(data=[into], reason=False)
    assert validate(full).violations == []
    ds = full.graph(graph_iri("user", "mou-page"))
    [collab] = ds.subjects(None, CG.Collaboration)
    assert str(ds.value(collab, CG.dateText)) == "im vergangenen Jahr"
    assert (collab, CG.curationStatus, CGS.inferred) in ds
    note = str(ds.value(collab, URIRef("http://www.w3.org/2004/02/skos/core#editorialNote")))
    assert "resolved it to 2023 against the page's published date 2024-03-12" in note
    # one new institution, however many candidates name it
    assert len(set(ds.subjects(None, CG.UniversityOfAppliedSciences))) == 1


def test_accept_without_a_base_checks_against_the_curated_data(reviewed, tmp_path):
    assert accept(reviewed, tmp_path / "accepted") == [tmp_path / "accepted" / "mou-page.ttl"]


def test_slugs_spell_out_umlauts_and_drop_accents():
    assert slugify("Universität Münster") == "universitaet-muenster"
    assert slugify("Instytut Bałtycki – Gdańsk") == "instytut-baltycki-gdansk"


def test_accept_writes_memberships_grants_and_posts_as_the_curated_data_does(tmp_path, base):
    page = tmp_path / "news_en.txt"
    shutil.copy(FIXTURES / "news_en.txt", page)
    text = page.read_text(encoding="utf-8")
    nordhafen = Party("Hochschule Nordhafen", new=True, type="UniversityOfAppliedSciences", role="member")
    joined = _candidate(
        text,
        "Hochschule Nordhafen joined the Worldwide Universities Network (WUN) in 2022",
        kind="Membership",
        status="active",
        date="2022",
        confidence=0.8,
        role="member",
        parties=[nordhafen, Party("Worldwide Universities Network", role="alliance", iri="https://w3id.org/collabgraph/id/wun")],
    )
    grant = _candidate(
        text,
        "The Nordhafen Maritime Foundation awarded the University of Münster a grant for marine teacher education in 2023.",
        kind="Grant",
        status="reported",
        date="2023",
        confidence=0.7,
        parties=[
            Party("Nordhafen Maritime Foundation", new=True, type="Funder", role="funder"),
            Party("University of Münster", iri=MUENSTER, role="recipient"),
        ],
    )
    rector = _candidate(
        text,
        "Prof. Dr. Jana Beispiel is the Rector of Hochschule Nordhafen.",
        kind="Post",
        status="active",
        confidence=0.7,
        role="rector",
        parties=[
            Party("Jana Beispiel", new=True, type="Person", role="person"),
            Party("Hochschule Nordhafen", new=True, type="UniversityOfAppliedSciences", role="organisation"),
        ],
    )
    reading = Reading(
        source=page.name,
        text=text,
        language="en",
        published="2024-05-02",
        path=str(page),
        sha256=sha256_of(page.read_bytes()),
        candidates=[joined, grant, rector],
    )
    review = write_review([reading], tmp_path / "review.yaml")
    [(_, reviewed)] = read_review(review)
    assert [rc.accept for rc in reviewed] == [True, True, True] and not any(rc.edited for rc in reviewed)
    into = tmp_path / "accepted"
    accept(review, into, base=base)
    full = load(data=[into], reason=False)
    assert validate(full).violations == []
    ds = full.graph(graph_iri("user", "news-en"))
    org = "http://www.w3.org/ns/org#"
    [membership] = ds.subjects(None, CG.Membership)
    nordhafen_iri = URIRef("https://w3id.org/collabgraph/id/hochschule-nordhafen")
    assert ds.value(membership, URIRef(org + "member")) == nordhafen_iri
    assert str(ds.value(membership, URIRef(org + "organization"))).endswith("/id/wun")
    assert ds.value(membership, URIRef(org + "role")) == CG.Member
    [funded] = ds.subjects(None, CG.Grant)
    assert ds.value(funded, CG.recipient) == URIRef(MUENSTER)
    assert ds.value(ds.value(funded, CG.funder), URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")) == CG.Funder
    [post] = ds.subjects(None, CG.Post)
    assert ds.value(post, URIRef(org + "role")) == CG.Rector
    assert ds.value(post, URIRef(org + "postIn")) == nordhafen_iri  # the same new institution as the member
    assert (ds.value(post, URIRef(org + "heldBy")), None, CG.Person) in ds
    # an undated post on a dated page: undated, reported on the page's date
    assert ds.value(post, CG.undated).toPython() is True
    assert str(ds.value(post, CG.reportedDate)) == "2024-05-02"


def test_accept_finds_a_relative_source_path_beside_the_review(page, tmp_path, base, monkeypatch):
    reading = _reading(page)
    reading.path = "pages/mou_page.txt"  # relative to the review file's folder, not to where accept runs
    review = write_review([reading], tmp_path / "review.yaml")
    _gloss(review)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert accept(review, tmp_path / "accepted", base=base) == [tmp_path / "accepted" / "mou-page.ttl"]
