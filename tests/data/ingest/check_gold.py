"""Check tests/data/ingest/gold.yaml against the pages it describes.

Run from the repository root:  .venv/bin/python tests/data/ingest/check_gold.py

Prints each problem (and exits 1), or OK. Lines starting with "note:" are information, not problems
(a party named only by a coreferring phrase in the quoted sentence, a sentence that trafilatura's
default extraction would drop).
"""

from __future__ import annotations

import datetime as dt
import glob
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
PAGES = HERE / "pages"

KINDS = {"MemorandumOfUnderstanding", "CooperationAgreement", "StrategicPartnership", "JointDegreeProgramme", "Collaboration"}
STATUSES = {"signed", "planned", "announced", "ended", "active"}
ROLES = {"member", "coordinator", "founder"}
MEMBERSHIP_STATUSES = {"active", "planned", "ended"}
LANGS = {"de", "nl", "en", "fr"}
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
MIN_WORDS, MAX_WORDS = 150, 450

MONTHS = {
    "januar": 1,
    "jänner": 1,
    "februar": 2,
    "märz": 3,
    "april": 4,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "dezember": 12,
    "januari": 1,
    "februari": 2,
    "maart": 3,
    "mei": 5,
    "augustus": 8,
    "january": 1,
    "february": 2,
    "march": 3,
    "may": 5,
    "june": 6,
    "july": 7,
    "october": 10,
    "december": 12,
    "janvier": 1,
    "février": 2,
    "mars": 3,
    "avril": 4,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
}

SKIP = {"script", "style", "head", "noscript", "template"}


class _Text(HTMLParser):
    """Visible text of a document, and separately the text inside <article>."""

    BLOCK = {
        "p",
        "div",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "br",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "nav",
        "ul",
        "ol",
        "address",
        "main",
        "tr",
        "td",
        "form",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.all: list[str] = []
        self.article: list[str] = []
        self._skip = 0
        self._in_article = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIP:
            self._skip += 1
        if tag == "article":
            self._in_article += 1
        if tag in self.BLOCK:
            self._emit("\n")

    def handle_endtag(self, tag):
        if tag in self.BLOCK:
            self._emit("\n")
        if tag in SKIP and self._skip:
            self._skip -= 1
        if tag == "article" and self._in_article:
            self._in_article -= 1

    def handle_data(self, data):
        if not self._skip:
            self._emit(data)

    def _emit(self, s: str) -> None:
        self.all.append(s)
        if self._in_article:
            self.article.append(s)


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ")).strip()


def page_texts(path: Path) -> tuple[str, str]:
    """(article body text, whole visible page text), each with whitespace normalised per line."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        p = _Text()
        p.feed(raw)
        p.close()
        body, whole = "".join(p.article), "".join(p.all)
    else:
        body = whole = raw
    return _lines(body), _lines(whole)


def _lines(text: str) -> str:
    return "\n".join(norm(line) for line in text.splitlines() if norm(line))


def as_str(v):
    if v is None:
        return None
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()[:10]
    return str(v)


def pref_labels() -> set[str]:
    import rdflib
    from rdflib.namespace import SKOS

    g = rdflib.Graph()
    for f in sorted(glob.glob(str(REPO / "data/seeds/*.ttl")) + glob.glob(str(REPO / "data/public/*.ttl"))):
        g.parse(f)
    return {str(o) for o in g.objects(None, SKOS.prefLabel)}


def dateline_date(dateline: str) -> str | None:
    m = re.search(r"(\d{1,2})\.?\s+([^\s\d.,]+)\s+(\d{4})", dateline)
    if not m or m.group(2).lower() not in MONTHS:
        return None
    return f"{int(m.group(3)):04d}-{MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}"


def trafilatura_text(path: Path) -> str | None:
    try:
        import trafilatura
    except ImportError:
        return None
    out = trafilatura.extract(path.read_text(encoding="utf-8"), include_comments=False)
    return norm(out or "")


PAGE_KEYS = {"file", "language", "published", "dateline", "agreements", "memberships", "funding", "not_parties"}
AGREEMENT_KEYS = {"kind", "status", "date", "end_date", "parties", "in_graph", "sentence"}
MEMBERSHIP_KEYS = {"member", "alliance", "role", "status", "date", "sentence"}
FUNDING_KEYS = {"funder", "recipient", "sentence"}


class PageCheck:
    """Checks one page entry of the key; collects problems and notes."""

    def __init__(self, page: dict, labels: set[str], problems: list[str], notes: list[str]) -> None:
        self.page = page
        self.labels = labels
        self.problems = problems
        self.notes = notes
        self.where = str(page.get("file") or "<page without file>")
        self.body = self.nbody = self.nwhole = ""
        self.ref: str | None = None
        self.party_spellings: set[str] = set()

    def err(self, msg: str) -> None:
        self.problems.append(f"{self.where}: {msg}")

    def note(self, msg: str) -> None:
        self.notes.append(f"note: {self.where}: {msg}")

    def in_body(self, s, what: str) -> None:
        if not isinstance(s, str) or not s.strip():
            self.err(f"{what}: empty or not a string: {s!r}")
        elif s not in self.body:
            if norm(s) in self.nbody:
                self.err(f"{what}: found only after whitespace normalisation: {s!r}")
            else:
                self.err(f"{what}: not verbatim in the article body: {s!r}")

    def check_date(self, v, what: str) -> str | None:
        v = as_str(v)
        if v is not None and not DATE_RE.fullmatch(v):
            self.err(f"{what} {v!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        return v

    def check_names(self, names, what: str) -> list:
        if not isinstance(names, list) or not names:
            self.err(f"{what}: must be a non-empty list of spellings")
            return []
        for n in names:
            self.in_body(n, what)
        return names

    def run(self) -> bool:
        page = self.page
        if set(page) != PAGE_KEYS:
            self.err(f"keys {sorted(page)} != {sorted(PAGE_KEYS)}")
        path = PAGES / str(page.get("file"))
        if not path.is_file():
            self.err("file not found in pages/")
            return False
        lang = page.get("language")
        if lang not in LANGS or not path.name.startswith(f"{lang}_"):
            self.err(f"language {lang!r} does not match the file name")
        self.body, whole = page_texts(path)
        self.nbody, self.nwhole = norm(self.body), norm(whole)
        words = len(self.nbody.split())
        if not MIN_WORDS <= words <= MAX_WORDS:
            self.err(f"article body has {words} words (want {MIN_WORDS}-{MAX_WORDS})")
        self.check_dateline()
        for i, a in enumerate(page.get("agreements") or []):
            self.check_agreement(f"agreement {i + 1}", a)
        for i, m in enumerate(page.get("memberships") or []):
            self.check_membership(f"membership {i + 1}", m)
        for i, fu in enumerate(page.get("funding") or []):
            self.check_funding(f"funding {i + 1}", fu)
        self.check_not_parties()
        if path.suffix == ".html":
            self.check_trafilatura(path)
        return True

    def check_dateline(self) -> None:
        published = as_str(self.page.get("published"))
        dateline = self.page.get("dateline")
        if (published is None) == (dateline is None):
            self.err("exactly one of published and dateline must be given")
        if published is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
            self.err(f"published {published!r} is not YYYY-MM-DD")
        self.ref = published
        if dateline is not None:
            self.in_body(dateline, "dateline")
            self.ref = dateline_date(str(dateline))
            if self.ref is None:
                self.err(f"dateline {dateline!r}: cannot read a date from it")

    def check_agreement(self, w: str, a: dict) -> None:
        if set(a) != AGREEMENT_KEYS:
            self.err(f"{w}: keys {sorted(a)} != {sorted(AGREEMENT_KEYS)}")
        if a.get("kind") not in KINDS:
            self.err(f"{w}: kind {a.get('kind')!r}")
        status = a.get("status")
        if status not in STATUSES:
            self.err(f"{w}: status {status!r}")
        start = self.check_date(a.get("date"), f"{w}: date")
        end = self.check_date(a.get("end_date"), f"{w}: end_date")
        if start and end and end[: len(start)] < start[: len(end)]:
            self.err(f"{w}: end_date {end} before date {start}")
        ref = self.ref
        if ref and start:
            if status in {"planned", "announced"} and start < ref[: len(start)]:
                self.err(f"{w}: a {status} agreement dated {start}, before the page's date {ref}")
            if status == "signed" and start > ref[: len(start)]:
                self.err(f"{w}: signed on {start}, after the page's date {ref}")
        if status == "ended" and not end:
            self.err(f"{w}: ended but no end_date")
        parties = a.get("parties") or []
        if not isinstance(parties, list) or len(parties) < 2:
            self.err(f"{w}: needs at least two parties")
            parties = []
        sentence = a.get("sentence")
        self.in_body(sentence, f"{w}: sentence")
        for j, p in enumerate(parties):
            names = self.check_names(p, f"{w}: party {j + 1}")
            self.party_spellings.update(n for n in names if isinstance(n, str))
            if isinstance(sentence, str) and names and not any(n in sentence for n in names):
                self.note(f"{w}: party {names[0]!r} is not named in the sentence (coreference or implicit)")
        keyed = [tuple(p) for p in parties if isinstance(p, list)]
        if len(set(keyed)) != len(keyed):
            self.err(f"{w}: a party is listed twice")
        in_graph = a.get("in_graph")
        if not isinstance(in_graph, list) or len(in_graph) != len(parties):
            self.err(f"{w}: in_graph must have one entry per party")
            return
        for lab in in_graph:
            if lab is not None and lab not in self.labels:
                self.err(f"{w}: in_graph {lab!r} is no skos:prefLabel in data/seeds or data/public")

    def check_membership(self, w: str, m: dict) -> None:
        if set(m) != MEMBERSHIP_KEYS:
            self.err(f"{w}: keys {sorted(m)} != {sorted(MEMBERSHIP_KEYS)}")
        member = self.check_names(m.get("member"), f"{w}: member")
        self.party_spellings.update(n for n in member if isinstance(n, str))
        self.check_names(m.get("alliance"), f"{w}: alliance")
        if m.get("role") not in ROLES:
            self.err(f"{w}: role {m.get('role')!r}")
        if m.get("status") not in MEMBERSHIP_STATUSES:
            self.err(f"{w}: status {m.get('status')!r}")
        self.check_date(m.get("date"), f"{w}: date")
        sentence = m.get("sentence")
        self.in_body(sentence, f"{w}: sentence")
        if isinstance(sentence, str) and member and not any(n in sentence for n in member):
            self.note(f"{w}: member not named in the sentence")

    def check_funding(self, w: str, fu: dict) -> None:
        if set(fu) != FUNDING_KEYS:
            self.err(f"{w}: keys {sorted(fu)} != {sorted(FUNDING_KEYS)}")
        self.check_names(fu.get("funder"), f"{w}: funder")
        self.check_names(fu.get("recipient"), f"{w}: recipient")
        self.in_body(fu.get("sentence"), f"{w}: sentence")

    def check_not_parties(self) -> None:
        nps = self.page.get("not_parties") or []
        if not isinstance(nps, list) or not nps:
            self.err("not_parties must be a non-empty list")
            return
        lowered = {s.casefold() for s in self.party_spellings}
        for s in nps:
            if not isinstance(s, str) or norm(s) not in self.nwhole:
                self.err(f"not_parties: {s!r} is not in the page")
            elif s.casefold() in lowered:
                self.err(f"not_parties: {s!r} is also a spelling of a party or member")

    def check_trafilatura(self, path: Path) -> None:
        tt = trafilatura_text(path)
        if tt is None:
            return
        page = self.page
        quoted = [a.get("sentence") for a in page.get("agreements") or []]
        quoted += [m.get("sentence") for m in page.get("memberships") or []]
        quoted += [fu.get("sentence") for fu in page.get("funding") or []]
        for s in quoted:
            if isinstance(s, str) and norm(s) not in tt:
                self.note(f"trafilatura's default extraction drops {s[:60]!r}...")


def main() -> int:
    problems: list[str] = []
    notes: list[str] = []
    gold = yaml.safe_load((HERE / "gold.yaml").read_text(encoding="utf-8"))
    if not isinstance(gold, dict) or set(gold) != {"pages"} or not isinstance(gold["pages"], list):
        print("gold.yaml: top level must be a mapping with the single key 'pages' (a list)")
        return 1
    labels = pref_labels()
    seen_files = set()
    for page in gold["pages"]:
        if PageCheck(page, labels, problems, notes).run():
            if page["file"] in seen_files:
                problems.append(f"{page['file']}: listed twice")
            seen_files.add(page["file"])

    for f in sorted(p.name for p in PAGES.iterdir() if p.is_file()):
        if f not in seen_files:
            problems.append(f"{f}: page has no entry in gold.yaml")

    for n in notes:
        print(n)
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problem(s)")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
