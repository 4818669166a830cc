"""Generate a realistic synthetic collaboration graph as Turtle files (deterministic from a seed).

Institutions with countries and types; alliances with power-law sizes and memberships with roles
and join years; bilateral and multilateral agreements dated 1990 to today with statuses; every
fact with a quote from a synthetic source document. Load it with
``collabgraph <command> --data DIR`` or ``cg.load(data=[DIR], curated=False)``.

Usage: ``python bench/generate.py OUT_DIR --institutions 10000 [--seed 1]``
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

COUNTRIES = [
    "DE",
    "NL",
    "BE",
    "FR",
    "GB",
    "IT",
    "ES",
    "SE",
    "NO",
    "FI",
    "DK",
    "PL",
    "AT",
    "CH",
    "IE",
    "PT",
    "US",
    "CA",
    "CN",
    "JP",
    "AU",
    "VN",
    "ID",
    "IN",
    "BR",
    "ZA",
    "SG",
    "HK",
]
TYPES = [
    ("University", 0.55),
    ("UniversityHospital", 0.15),
    ("Hospital", 0.1),
    ("ResearchInstitute", 0.1),
    ("Company", 0.05),
    ("Funder", 0.03),
    ("GovernmentBody", 0.02),
]
KINDS = [
    ("MemorandumOfUnderstanding", 0.5),
    ("CooperationAgreement", 0.25),
    ("StrategicPartnership", 0.1),
    ("StrategicNetwork", 0.05),
    ("JointDegreeProgramme", 0.1),
]
STATUSES = [("signed", 0.6), ("active", 0.25), ("planned", 0.05), ("reported", 0.1)]
ROLES = ["Member", "Member", "Member", "Partner", "Founder", "Coordinator"]

PREFIXES = """@prefix cg: <https://w3id.org/collabgraph/ontology#> .
@prefix cgr: <https://w3id.org/collabgraph/id/> .
@prefix cgs: <https://w3id.org/collabgraph/concept/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def _pick(rng: random.Random, weighted):
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _date(rng: random.Random) -> str:
    year = rng.randint(1990, 2025)
    precision = rng.random()
    if precision < 0.3:
        return f'"{year}"^^xsd:gYear'
    if precision < 0.6:
        return f'"{year}-{rng.randint(1, 12):02d}"^^xsd:gYearMonth'
    return f'"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"^^xsd:date'


def _evidence(doc: str, text: str) -> str:
    return (
        f"cg:evidence [ a oa:Annotation ; oa:hasTarget [ oa:hasSource cgr:{doc} ; "
        f'oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "{text}"@en ] ] ]'
    )


def generate(out: Path, institutions: int, seed: int = 1) -> list[Path]:
    """Write ``institutions.ttl``, ``alliances.ttl`` and ``agreements.ttl`` into ``out``."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    docs = max(1, institutions // 50)
    lines = [PREFIXES]
    for d in range(docs):
        lines.append(f'cgr:syn-doc-{d} a cg:SourceDocument ; rdfs:label "synthetic page {d}"@en .')
    for i in range(institutions):
        kind = _pick(rng, TYPES)
        lines.append(
            f'cgr:syn-inst-{i} a cg:{kind} ; skos:prefLabel "Institution {i}"@en ; '
            f'skos:altLabel "INST{i}" ; cg:country cgr:country-{rng.choice(COUNTRIES)} .'
        )
    paths = [out / "institutions.ttl"]
    paths[0].write_text("\n".join(lines) + "\n", encoding="utf-8")

    # Alliances: sizes from a power law (a few large networks, many small ones).
    lines = [PREFIXES]
    n_alliances = max(3, institutions // 250)
    for a in range(n_alliances):
        size = min(institutions, max(3, int(rng.paretovariate(1.2) * 6)))
        lines.append(f'cgr:syn-alliance-{a} a cg:Alliance ; skos:prefLabel "Alliance {a}"@en .')
        for k, member in enumerate(rng.sample(range(institutions), size)):
            doc = rng.randrange(docs)
            lines.append(
                f"cgr:syn-m-{a}-{k} a cg:Membership ; org:member cgr:syn-inst-{member} ; "
                f"org:organization cgr:syn-alliance-{a} ; org:role cg:{rng.choice(ROLES)} ; "
                f"cg:startDate {_date(rng)} ; cg:status cgs:active ; "
                + _evidence(f"syn-doc-{doc}", f"Institution {member} is a member of Alliance {a}.")
                + " ."
            )
    paths.append(out / "alliances.ttl")
    paths[-1].write_text("\n".join(lines) + "\n", encoding="utf-8")

    # Agreements: mostly bilateral, some multilateral; preferential attachment to hubs.
    lines = [PREFIXES]
    hubs = list(range(institutions))
    for x in range(institutions * 2):
        parties = 2 if rng.random() < 0.85 else rng.randint(3, 6)
        chosen = {rng.choice(hubs) for _ in range(parties)}
        while len(chosen) < 2:
            chosen.add(rng.randrange(institutions))
        hubs.extend(chosen)
        kind, status = _pick(rng, KINDS), _pick(rng, STATUSES)
        party_list = ", ".join(f"cgr:syn-inst-{p}" for p in sorted(chosen))
        date = f"cg:startDate {_date(rng)}" if rng.random() < 0.9 else "cg:undated true"
        names = " and ".join(f"Institution {p}" for p in sorted(chosen))
        lines.append(
            f'cgr:syn-agreement-{x} a cg:{kind} ; rdfs:label "Agreement {x}"@en ; '
            f"cg:hasParty {party_list} ; {date} ; cg:status cgs:{status} ; "
            + _evidence(f"syn-doc-{rng.randrange(docs)}", f"{names} signed agreement {x}.")
            + " ."
        )
    paths.append(out / "agreements.ttl")
    paths[-1].write_text("\n".join(lines) + "\n", encoding="utf-8")
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--institutions", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for path in generate(args.out, args.institutions, args.seed):
        print(f"wrote {path} ({path.stat().st_size / 2**20:.1f} MiB)")


if __name__ == "__main__":
    main()
