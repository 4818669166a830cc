"""`collabgraph card`: a partnership portfolio a board can print, offline, every value escaped."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from collabgraph.loading.load import load
from collabgraph.questions.partners import partners
from collabgraph.render.card import portfolio, render_card

UM = "Maastricht University"
SECTIONS = ["overview", "partners", "alliances", "timeline", "recent", "suggestions", "all"]
CHROMIUM = os.environ.get("COLLABGRAPH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
OFFLINE = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9",
    "--enable-logging=stderr",
    "--v=0",
    "--virtual-time-budget=5000",
]

EVIL_LABEL = "<script>alert(1)</script>"
EVIL_AGREEMENT = "<img src=x onerror=alert(2)> MoU"
EVIL_QUOTE = '"</blockquote><script>alert(3)</script> & <b>bold</b>'
EVIL_DATA = """\
@prefix cg:   <https://w3id.org/collabgraph/ontology#> .
@prefix cgr:  <https://w3id.org/collabgraph/id/> .
@prefix cgs:  <https://w3id.org/collabgraph/concept/> .
@prefix oa:   <http://www.w3.org/ns/oa#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix my:   <https://example.org/my/> .
my:doc a cg:SourceDocument .
cgr:evil-lab a cg:ResearchInstitute ; skos:prefLabel "<script>alert(1)</script>"@en .
my:mou a cg:MemorandumOfUnderstanding ;
    rdfs:label "<img src=x onerror=alert(2)> MoU"@en ;
    cg:hasParty cgr:maastricht-university, cgr:evil-lab ;
    cg:startDate "2021-03"^^xsd:gYearMonth ;
    cg:status cgs:signed ;
    cg:evidence [ a oa:Annotation ;
        oa:hasTarget [ oa:hasSource my:doc ;
            oa:hasSelector [ a oa:TextQuoteSelector ;
                oa:exact "\\"</blockquote><script>alert(3)</script> & <b>bold</b>"@en ] ] ] .
"""


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "collabgraph", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


class Page(HTMLParser):
    """What a browser would make of the page: section ids, tags, the text, the partner rows."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.ids, self.tags, self.text, self.rows, self.hrefs = [], [], [], [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        self.text.append(" ")  # cells, items and paragraphs read apart
        if tag == "section":
            self.ids.append(attrs.get("id"))
        if tag == "tr" and "data-partner-iri" in attrs:
            self.rows.append((attrs["data-partner-iri"], attrs["data-kind"], attrs["data-via"]))
        if tag == "a":
            self.hrefs.append(attrs.get("href"))

    def handle_data(self, data):
        self.text.append(data)

    @property
    def words(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.text))


@pytest.fixture(scope="module")
def cards(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("cards")
    made = {"today": out / "um.html", "2020": out / "um-2020.html"}
    for key, extra in (("today", []), ("2020", ["--as-of", "2020"])):
        done = cli("card", UM, *extra, "-o", str(made[key]))
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == f"wrote {made[key]}"
    return made


def test_card_of_maastricht_has_every_section_with_its_partners_alliances_and_ties(cards):
    html = cards["today"].read_text(encoding="utf-8")
    page = Page(html)
    assert page.ids == SECTIONS
    words = page.words
    for heading in (
        "Position in the network",
        "Partners by kind and by country",
        "Institutions by country",
        "Alliances and roles",
        "Agreements on a timeline",
        "Recent ties, in the sources' words",
        "Partners of partners worth a look",
        "All partners and ties",
    ):
        assert heading in words
    assert "<h1>Maastricht University</h1>" in html
    assert re.search(r"Young European Research Universities Network founder, member 2015", words)
    assert re.search(r"Young Universities for the Future of Europe coordinator", words)
    assert "2018-11-28 MoU Maastricht University – University of California, Irvine" in words
    assert "Planned or announced (1)" in words and "UHasselt" in words  # planned: listed apart
    assert "Universiteiten van Maastricht en Californië zijn strategische partners" in words  # a quote
    assert "Netherlands" in words and "United Kingdom" in words
    assert re.search(r"Betweenness 0\.\d{3}: rank \d+ of \d+", words) and "Community community" in words
    assert "University Medical Center Utrecht" in words.split("Partners of partners worth a look")[1]


def test_card_as_of_2020_lists_exactly_what_partners_as_of_2020_lists(cards):
    done = cli("partners", UM, "--as-of", "2020", "--format", "json")
    assert done.returncode == 0, done.stderr
    listed = {(p["iri"], v["kind"], v["iri"]) for p in json.loads(done.stdout) for v in p["via"]}
    shown = Page(cards["2020"].read_text(encoding="utf-8")).rows
    assert len(shown) == len(set(shown)) and set(shown) == listed
    today = set(Page(cards["today"].read_text(encoding="utf-8")).rows)
    assert today != set(shown)  # the date matters: partners joined after 2020
    assert "as of 2020" in Page(cards["2020"].read_text(encoding="utf-8")).words


def test_portfolio_partners_are_the_partners_api_answer(ds_all):
    card = portfolio(ds_all, UM, as_of="2019-06")
    assert card.partners == partners(ds_all, UM, as_of="2019-06")
    assert card.ties == sum(len(p.via) for p in card.partners)
    assert all(i.status in ("planned", "announced") for i in card.timeline["planned"])
    assert not {(i.label, i.partner) for i in card.timeline["planned"]} & {
        (i.label, i.partner) for i in card.timeline["in_force"]
    }


def test_every_label_and_quote_from_user_data_is_escaped(tmp_path):
    mine = tmp_path / "mine.ttl"
    mine.write_text(EVIL_DATA, encoding="utf-8")
    out = tmp_path / "card.html"
    done = cli("card", UM, "--data", str(mine), "-o", str(out))
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt; MoU" in html
    assert "&#34;&lt;/blockquote&gt;&lt;script&gt;alert(3)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    page = Page(html)
    assert "script" not in page.tags and "img" not in page.tags
    assert EVIL_LABEL in page.words and EVIL_AGREEMENT in page.words and EVIL_QUOTE in page.words
    assert all(h.startswith(("#", "https://", "http://")) for h in page.hrefs)


def test_card_has_a_print_stylesheet_for_a4_with_page_breaks_and_no_ui(cards):
    html = cards["today"].read_text(encoding="utf-8")
    style = re.search(r"<style>(.*?)</style>", html, flags=re.S).group(1)
    assert "@page { size: A4" in style
    printing = style[style.index("@media print") :]
    assert "break-before: page" in printing and "nav.toc, .screen-only { display: none" in printing
    assert '<nav class="toc screen-only"' in html
    assert "default-src 'none'" in html  # the browser fetches nothing, runs nothing
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html.split("<body>")[0])
    assert "<script" not in html and "<link" not in html and "@import" not in html


def _chromium(workdir: Path, *args: str) -> subprocess.CompletedProcess:
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install it (apt-get install -y chromium) or set "
            "COLLABGRAPH_CHROMIUM; the browser tests need it and do not skip"
        )
    profile = tempfile.mkdtemp(prefix="profile-", dir=workdir)
    done = subprocess.run([CHROMIUM, *OFFLINE, f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def test_card_opens_offline_in_headless_chromium_and_prints_to_an_a4_pdf(cards, tmp_path):
    from pypdf import PdfReader

    url = cards["today"].as_uri()
    dom = _chromium(tmp_path, "--dump-dom", url)
    assert "<h1>Maastricht University</h1>" in dom.stdout
    assert 'id="all"' in dom.stdout and "data-partner-iri" in dom.stdout
    console = [line for line in dom.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    assert console == []
    png = tmp_path / "card.png"
    _chromium(tmp_path, "--window-size=1000,1400", "--hide-scrollbars", f"--screenshot={png}", url)
    assert png.is_file() and png.stat().st_size > 20_000
    pdf = tmp_path / "card.pdf"
    _chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", url)
    assert pdf.read_bytes().startswith(b"%PDF")
    reader = PdfReader(str(pdf))
    assert len(reader.pages) >= len(SECTIONS)  # a page break between sections
    width, height = (float(x) for x in reader.pages[0].mediabox.upper_right)
    assert abs(width - 595) < 2 and abs(height - 842) < 2  # A4 in points
    first = reader.pages[0].extract_text()
    assert "Maastricht University" in first and "Position in the network" in first
    assert "Overview" not in first  # the screen's table of contents is not printed
    assert any(p.extract_text().startswith("All partners and ties") for p in reader.pages)


def test_card_refuses_to_overwrite_its_input_and_keeps_an_existing_default_file(tmp_path):
    mine = tmp_path / "mine.ttl"
    mine.write_text(EVIL_DATA, encoding="utf-8")
    done = cli("card", UM, "--data", str(mine), "-o", str(mine))
    assert done.returncode == 2 and "refusing to overwrite input file" in done.stderr
    assert mine.read_text(encoding="utf-8") == EVIL_DATA
    (tmp_path / "card.html").write_text("the board's copy", encoding="utf-8")
    done = cli("card", UM, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == ("error: card.html exists; name another file with -o FILE, or pass --overwrite to replace it")
    assert (tmp_path / "card.html").read_text(encoding="utf-8") == "the board's copy"


@pytest.mark.parametrize(
    "args, message",
    [
        (["card", "Maastricht Universty", "-o", "x.html"], "did you mean: Maastricht University"),
        (["card", UM, "--as-of", "2020-13", "-o", "x.html"], "not a date: '2020-13'"),
    ],
)
def test_card_mistakes_are_one_line_and_write_nothing(tmp_path, args, message):
    done = cli(*args, cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and message in done.stderr
    assert not (tmp_path / "x.html").exists()


def test_card_of_an_institution_whose_only_tie_is_planned_lists_it_apart_and_no_partner():
    card = portfolio(load(sources="seeds"), "Hasselt University")
    assert card.partners == [] and card.position is None
    assert [i.status for i in card.timeline["planned"]] == ["announced"]
    page = Page(render_card(card))
    assert page.ids == SECTIONS and not page.rows
    assert "has no ties in the network today" in page.words and "Planned or announced (1)" in page.words
