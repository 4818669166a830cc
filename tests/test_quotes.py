"""Every quote occurs verbatim (whitespace aside) in the source document it names."""

from collabgraph.checks.verify import find_quote, verify_quotes


def test_every_quote_occurs_verbatim_in_its_source(ds_all, sources_dir):
    checks = verify_quotes(ds_all, sources_dir)
    assert len(checks) > 100
    missing = [str(c) for c in checks if not c.found]
    assert missing == []


def test_every_seed_source_has_quotes(ds_all, sources_dir):
    files = {c.file for c in verify_quotes(ds_all, sources_dir)}
    expected = {p.name for p in sources_dir.glob("0*.txt")}
    assert files == expected


def test_reported_offsets_point_at_the_quote(ds_seeds, sources_dir):
    for check in verify_quotes(ds_seeds, sources_dir):
        text = (sources_dir / check.file).read_text(encoding="utf-8")
        assert text[check.offset :].split()[:3] == check.quote.split()[:3]


def test_a_changed_quote_is_reported_missing():
    assert find_quote("im Juli 2025 unterzeichnet", "wurde im Juli 2024 unterzeichnet.") is None


def test_quote_matching_ignores_only_whitespace():
    text = "Dr. med. Vincent Roman Hofbauer\nLeiter\n"
    assert find_quote("Vincent Roman Hofbauer Leiter", text) == 9
    assert find_quote("vincent roman hofbauer leiter", text) is None
