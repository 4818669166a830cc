"""Coverage: per source, the list of facts it holds, compared with a reviewed snapshot.

The snapshots in tests/snapshots/coverage/ are the human-readable inventory of each source: a
reviewer reads them beside the source to see nothing was skipped. Regenerate them only on
purpose: ``pytest tests/test_coverage.py --update-snapshots``.
"""

from pathlib import Path

import pytest

from collabgraph.questions.coverage import source_facts
from collabgraph.resources import data_dir

SNAPSHOTS = Path(__file__).parent / "snapshots" / "coverage"
SOURCES = sorted(p.stem for p in (data_dir() / "seeds").glob("*.ttl"))

# Minimum number of facts of each kind a source must hold: what a reader of the source counts.
MINIMUM = {
    "000_b86e7fc7cd7be3f7": {"MemorandumOfUnderstanding": 3, "Post": 1, "Event": 1},
    "001_2bfd9db4defc9eda": {"StrategicNetwork": 1, "JointDegreeProgramme": 1, "Membership": 19, "Grant": 2, "Course": 5},
    "002_52faaff7f3b55cd9": {
        "Membership": 4,
        "StrategicPartnership": 1,
        "MemorandumOfUnderstanding": 1,
        "CooperationAgreement": 1,
        "JointDegreeProgramme": 1,
        "Grant": 3,
        "Post": 4,
    },
    "003_adfda63692af55e4": {"CooperationAgreement": 2, "Post": 2, "Programme": 1},
    "004_e6e09fa7cb1010b6": {"MemorandumOfUnderstanding": 1, "Post": 4, "Event": 1},
}


def _inventory(ds, stem):
    return "\n".join(str(f) for f in source_facts(ds, stem)) + "\n"


@pytest.mark.parametrize("stem", SOURCES)
def test_source_inventory_matches_reviewed_snapshot(ds_seeds, stem, update_snapshots):
    text = _inventory(ds_seeds, stem)
    path = SNAPSHOTS / f"{stem}.txt"
    if update_snapshots:
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("stem", SOURCES)
def test_source_holds_at_least_the_facts_a_reader_counts(ds_seeds, stem):
    kinds: dict[str, int] = {}
    for fact in source_facts(ds_seeds, stem):
        kind = fact.type.rsplit("#", 1)[-1]
        kinds[kind] = kinds.get(kind, 0) + 1
    for kind, minimum in MINIMUM[stem].items():
        assert kinds.get(kind, 0) >= minimum, (kind, kinds)


@pytest.mark.parametrize("stem", SOURCES)
def test_every_fact_has_a_quote(ds_seeds, stem):
    assert all(f.quotes >= 1 for f in source_facts(ds_seeds, stem))
