"""How well ``collabgraph ingest`` reads pages: precision and recall of agreements, with the answers known.

Two sets of pages, each read twice (with a gazetteer, and with an empty graph):

* the five curated sources (``../shared/seeds`` or ``--seeds DIR``), the curated graph being the
  answer; each source is read with the curated graph *minus that source* as the gazetteer, so
  names only that source gives are as new to ingest as on an unseen page;
* the test pages under ``tests/data/ingest/pages`` with their answer key ``gold.yaml``, written
  by someone who had not seen the extractor.

An agreement is *found* when one proposed agreement has exactly its parties (every party right,
none missing, none extra); *status right* and *date right* are counted among those found.
Precision is the share of proposed agreements that are found ones. ``not-party hits`` counts
proposed parties that are a person, place, witness or boilerplate name from the key (the
person a post names excepted: people in roles are proposed on purpose);
``quotes verbatim`` checks ``text[start:end] == quote`` for every candidate.

Run: ``python bench/ingest_eval.py`` (prints a table; asserts nothing).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import yaml
from rdflib import URIRef

from collabgraph.ingest import ingest_file
from collabgraph.ingest.model import AGREEMENT_KINDS
from collabgraph.ingest.organisations import Gazetteer, fold
from collabgraph.loading.load import load
from collabgraph.questions.lookup import names
from collabgraph.sparql.query import run_named

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "data" / "ingest"


def _key(text: str) -> str:
    return " ".join(fold(text).replace("’", "'").split())


class Score(Counter):
    def row(self, label: str) -> str:
        gold, proposed, found = self["gold"], self["proposed"], self["found"]
        recall = found / gold if gold else 0.0
        precision = self["true"] / proposed if proposed else 0.0
        status = self["status"] / found if found else 0.0
        date = self["date"] / found if found else 0.0
        mem = self["m_found"] / self["m_gold"] if self["m_gold"] else 0.0
        return (
            f"| {label:38} | {gold:4} | {proposed:4} | {recall:6.0%} | {precision:6.0%} | {status:6.0%} | "
            f"{date:6.0%} | {mem:6.0%} | {self['not_party']:4} | {self['quotes_ok']}/{self['quotes']} |"
        )


HEADER = (
    "| pages (gazetteer)                      | gold | prop | recall | precis | status |   date | member | ¬pty "
    "| quotes |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
)


def _match(proposed_parties, gold_parties) -> bool:
    """Every gold party matched by exactly one proposed party, and nothing extra."""
    if len(proposed_parties) != len(gold_parties):
        return False
    left = list(gold_parties)
    for p in proposed_parties:
        hit = next((g for g in left if _party_is(p, g)), None)
        if hit is None:
            return False
        left.remove(hit)
    return True


def _party_is(p, gold: dict) -> bool:
    if p.iri and p.iri in gold["iris"]:
        return True
    return bool({_key(p.name), _key(p.label or "")} & gold["keys"])


def _score(reading, gold_agreements, gold_memberships, not_parties, score: Score) -> None:
    agreements = [c for c in reading.candidates if c.kind in AGREEMENT_KINDS]
    score["gold"] += len(gold_agreements)
    score["proposed"] += len(agreements)
    matched = set()
    for c in sorted(agreements, key=lambda c: -c.confidence):
        free = [i for i, g in enumerate(gold_agreements) if i not in matched and _match(c.parties, g["parties"])]
        hit = next((i for i in free if gold_agreements[i].get("kind") == c.kind), free[0] if free else None)
        if hit is None:
            continue
        matched.add(hit)
        g = gold_agreements[hit]
        score["true"] += 1
        score["found"] += 1
        score["status"] += c.status == g["status"]
        score["date"] += (c.date or None) == (g["date"] or None) and (c.end_date or None) == (g.get("end_date") or None)
    memberships = [c for c in reading.candidates if c.kind == "Membership"]
    score["m_gold"] += len(gold_memberships)
    taken = set()
    for g in gold_memberships:
        for c_i, c in enumerate(memberships):
            if c_i in taken:
                continue
            member = next((p for p in c.parties if p.role == "member"), None)
            alliance = next((p for p in c.parties if p.role == "alliance"), None)
            if member and alliance and _party_is(member, g["member"]) and _party_is(alliance, g["alliance"]):
                taken.add(c_i)
                score["m_found"] += 1
                break
    for c in reading.candidates:
        score["quotes"] += 1
        score["quotes_ok"] += reading.text[c.start : c.end] == c.quote
        for p in c.parties:  # the person of a post (a person in a role) is what the post is about
            score["not_party"] += p.role != "person" and _key(p.name) in not_parties


def _spellings(spellings, label, gazetteer: Gazetteer | None) -> dict:
    keys = {_key(s) for s in spellings}
    iris = set()
    if label:
        keys.add(_key(label))
        if gazetteer is not None:
            party = gazetteer.match(label)
            if party.iri:
                iris.add(party.iri)
    return {"keys": keys, "iris": iris}


def fixture_pages(gazetteer: Gazetteer, full: Gazetteer, score: Score, verbose: bool) -> None:
    key = yaml.safe_load((PAGES / "gold.yaml").read_text(encoding="utf-8"))
    for page in key["pages"]:
        reading = ingest_file(PAGES / "pages" / page["file"], gazetteer, published=page.get("published"))
        agreements = []
        for a in page.get("agreements") or []:
            labels = a.get("in_graph") or [None] * len(a["parties"])
            agreements.append(
                {
                    "kind": a["kind"],
                    "status": a["status"],
                    "date": a.get("date"),
                    "end_date": a.get("end_date"),
                    "parties": [_spellings(s, label, full) for s, label in zip(a["parties"], labels, strict=True)],
                }
            )
        memberships = [
            {"member": _spellings(m["member"], None, None), "alliance": _spellings(m["alliance"], None, None)}
            for m in page.get("memberships") or []
        ]
        before = Score(score)
        _score(reading, agreements, memberships, {_key(n) for n in page.get("not_parties") or []}, score)
        if verbose:
            print(Score({k: score[k] - before[k] for k in score}).row(page["file"]))


def seed_sources(seeds: Path, empty: bool, score: Score, verbose: bool) -> None:
    full = load(sources="all", reason=False)
    idx = names(full)
    rows = run_named(full, "ingest_eval_agreements")
    by_source: dict[str, dict[str, dict]] = {}
    for r in rows:
        fact = by_source.setdefault(r["file"], {}).setdefault(
            r["fact"],
            {
                "kind": r["kind"].rsplit("#", 1)[-1],
                "status": r["status"].rsplit("/", 1)[-1] if r["status"] else None,
                "date": r["date"],
                "end_date": r["end"],
                "parties": {},
            },
        )
        party = idx.aliases.get(r["party"], r["party"])
        labels = [t for t, _ in idx.preferred.get(party, [])] + idx.alternative.get(party, [])
        fact["parties"][party] = {"keys": {_key(t) for t in labels}, "iris": {party}}
    for path in sorted(seeds.glob("*.txt")):
        if path.name not in by_source:
            continue
        if empty:
            gazetteer = Gazetteer()
        else:
            ds = load(sources="all", reason=False)
            ds.remove_graph(ds.graph(URIRef(f"https://w3id.org/collabgraph/graph/seed/{path.stem}")))
            gazetteer = Gazetteer.from_dataset(ds)
        reading = ingest_file(path, gazetteer)
        facts = [{**f, "parties": list(f["parties"].values())} for f in by_source[path.name].values()]
        before = Score(score)
        _score(reading, facts, [], set(), score)
        if verbose:
            print(Score({k: score[k] - before[k] for k in score}).row(path.name))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--verbose", "-v", action="store_true", help="a row per page")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    full_ds = load(sources="all", reason=False)
    full = Gazetteer.from_dataset(full_ds)
    print(HEADER)
    for label, gazetteer in (("test pages, curated graph", full), ("test pages, empty graph", Gazetteer())):
        score = Score()
        fixture_pages(gazetteer, full, score, args.verbose)
        print(score.row(label))
    if args.seeds.is_dir():
        for label, empty in (("5 sources, curated minus the source", False), ("5 sources, empty graph", True)):
            score = Score()
            seed_sources(args.seeds, empty, score, args.verbose)
            print(score.row(label))
    else:
        print(f"(the five sources are not at {args.seeds}: pass --seeds DIR)", file=sys.stderr)
    print(
        f"\nrecall: gold agreements found with every party right; precision: proposed agreements that are "
        f"found ones; status/date: right among found; member: memberships found; ¬pty: proposed parties that "
        f"are people, places, witnesses or boilerplate names. {time.perf_counter() - t0:.1f} s."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
