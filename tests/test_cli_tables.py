"""Tables in a terminal: they fit its width, count their rows, offer --limit; and the commands
whose output was hard to read (query --list, path without a path, facts, growth, show)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from collabgraph.cli.tables import PIPE_WIDTH, TABLE_LIMIT, render, table_width

UM = "Maastricht University"


def cli(*args, columns: int | None = None, cwd=None):
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    if columns is not None:
        env["COLUMNS"] = str(columns)
    return subprocess.run(
        [sys.executable, "-m", "collabgraph", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300
    )


def widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


# Width: the terminal's, else a sensible one.


def test_partners_of_maastricht_fit_an_80_column_terminal():
    result = cli("partners", UM, columns=80)
    assert result.returncode == 0, result.stderr
    assert widest(result.stdout) <= 80
    assert "Mahidol University" in result.stdout and "Makerere University" in result.stdout
    assert re.search(r"left out to fit 80 columns: curation, source", result.stdout.replace("\n", " "))


@pytest.mark.parametrize(
    "command",
    [
        ["members", "WUN"],
        ["metrics"],
        ["brokers"],
        ["growth", "--since", "2018"],
        ["path", "UMC Utrecht", UM],
        ["suggest", UM],
        ["stats"],
        ["overlap"],
        ["facts", "002_52faaff7f3b55cd9"],
        ["query", "--list"],
    ],
)
def test_every_table_fits_a_60_column_terminal(command):
    result = cli(*command, columns=60)
    assert result.returncode == 0, result.stderr
    assert widest(result.stdout) <= 60


def test_a_table_not_printed_to_a_terminal_keeps_a_sensible_width():
    result = cli("partners", UM)  # stdout is a pipe, COLUMNS unset
    assert result.returncode == 0, result.stderr
    assert widest(result.stdout) <= PIPE_WIDTH
    assert "curation" in result.stdout and "source" in result.stdout  # wide enough for every column


def test_table_width_follows_columns_then_the_terminal_then_the_default(monkeypatch):
    import io

    monkeypatch.setenv("COLUMNS", "93")
    assert table_width(io.StringIO()) == 93
    monkeypatch.delenv("COLUMNS")
    assert table_width(io.StringIO()) == PIPE_WIDTH

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr("shutil.get_terminal_size", lambda fallback: os.terminal_size((72, 20)))
    assert table_width(Terminal()) == 72


@pytest.mark.parametrize("width", [40, 55, 80, 101, 160])
def test_render_never_prints_a_line_wider_than_the_table_width(width):
    rows = [
        {
            "name": f"Institution number {i} with a rather long name",
            "kind": "strategic_partnership",
            "date": "2020-09-20",
            "source": "https://example.org/" + "very-long-path/" * 8,
            "quote": "Ein sehr langes Zitat, " * 6,
            "n": i,
        }
        for i in range(5)
    ]
    text = render(
        rows,
        ["name", "kind", "date", "source", "quote", "n"],
        "table",
        width=width,
        title="A title that is certainly longer than forty characters, to be wrapped",
        optional=("source",),
    )
    assert widest(text) <= width
    assert "5 rows" in text


def test_long_words_end_with_an_ellipsis_and_short_columns_keep_their_width():
    rows = [{"date": "2020-09-20", "source": "https://example.org/" + "x" * 80}]
    text = render(rows, ["date", "source"], "table", width=40)
    assert "2020-09-20" in text and "…" in text


# Row counts and --limit.


def test_tables_say_how_many_rows_they_hold():
    listed = json.loads(cli("members", "YUFE", "--format", "json").stdout)
    result = cli("members", "YUFE")
    assert result.stdout.rstrip().splitlines()[-1] == f"{len(listed)} rows"


def test_long_tables_stop_at_50_rows_and_say_how_to_see_more():
    ties = sum(len(p["via"]) for p in json.loads(cli("partners", UM, "--format", "json").stdout))
    assert ties > TABLE_LIMIT
    result = cli("partners", UM)
    assert f"showing {TABLE_LIMIT} of {ties} rows; --limit N to see more, --limit 0 for all" in result.stdout
    everything = cli("partners", UM, "--limit", "0")
    assert f"\n{ties} rows" in everything.stdout and "showing" not in everything.stdout
    assert "University of York" in everything.stdout and "University of York" not in result.stdout  # row 60 or so


def test_limit_cuts_json_and_csv_only_when_asked():
    assert len(json.loads(cli("partners", UM, "--format", "json", "--limit", "3").stdout)) == 3
    csv_rows = cli("partners", UM, "--format", "csv").stdout.splitlines()
    assert len(csv_rows) - 1 > TABLE_LIMIT  # JSON and CSV are complete by default
    assert len(cli("query", "SELECT ?s WHERE { ?s a cg:Alliance }", "--format", "csv", "--limit", "2").stdout.splitlines()) == 3
    facts = cli("facts", "002_52faaff7f3b55cd9", "--limit", "4")
    assert re.search(r"showing 4 of \d+ rows", facts.stdout)


@pytest.mark.parametrize(
    "command, note",
    [
        (["metrics"], r"showing 20 of \d+ rows; --limit N to see more"),
        (["brokers"], r"showing the first 20 rows; --limit N to see more"),
        (["suggest", UM, "--limit", "3"], r"showing 3 of \d+ rows; --limit N to see more"),
        (["members", "WUN", "--limit", "5"], r"showing 5 of \d+ rows"),
    ],
)
def test_commands_with_long_tables_offer_limit(command, note):
    result = cli(*command)
    assert result.returncode == 0, result.stderr
    assert re.search(note, result.stdout), result.stdout[-500:]


# query --list


def test_query_list_shows_each_named_query_with_its_parameters():
    result = cli("query", "--list", "--format", "json")
    assert result.returncode == 0, result.stderr
    found = {q["name"]: q for q in json.loads(result.stdout)}
    params = lambda name: [p["name"] for p in found[name]["parameters"]]  # noqa: E731
    assert params("agreements_in_year") == ["year"]
    assert found["agreements_in_year"]["parameters"][0]["takes"] == 'a string such as "2019"'
    assert params("partners") == ["institution"] and params("members") == ["alliance"]
    assert params("facts_by_source") == ["source"] and params("source_facts") == ["source"]
    assert params("alliance_members") == [] and params("stats") == []
    assert found["members"]["usage"] == "collabgraph query members --bind alliance=…"
    assert found["agreements_in_year"]["about"].startswith("Agreements dated in ?year")
    table = cli("query", "--list").stdout
    assert re.search(r"agreements_in_year\s+│ \?year", table)


def test_query_without_a_query_points_to_list():
    result = cli("query")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: give a SPARQL query, a .rq file or a named query; collabgraph query --list shows the named ones"
    )


# path without a path


def test_no_path_names_both_institutions_says_why_and_suggests_include_planned():
    result = cli("path", UM, "Hasselt University")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        "error: no path between Maastricht University and Hasselt University: Hasselt University's "
        "only ties are planned or announced; --include-planned finds a path of 1 hop through planned "
        "or announced ties"
    )
    assert cli("path", UM, "Hasselt University", "--include-planned").returncode == 0


def test_no_path_says_when_an_institution_has_no_ties_at_that_date():
    result = cli("path", UM, "Hasselt University", "--as-of", "2018")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: no path between Maastricht University and Hasselt University as of 2018: Hasselt "
        "University has no ties at that date (its ties start later or have ended)"
    )


def test_no_path_between_separate_parts_of_the_network_says_so():
    result = cli("path", "UKM", "Hanoi Medical University")
    assert result.returncode == 2
    line = result.stderr.strip()
    assert line.startswith("error: no path between University Hospital Münster and Hanoi Medical University: ")
    assert "no chain of ties joins them" in line and "--include-planned" not in line


# facts


def test_facts_prints_a_table_with_short_names():
    result = cli("facts", "000_b86e7fc7cd7be3f7", columns=200)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Facts 000_b86e7fc7cd7be3f7 supports: 8"
    assert re.match(r"type\s+┃ fact\s+┃ label", lines[1])
    assert re.search(r"MemorandumOfUnderstanding\s+│ mou-ukm-klinikum-osnabrueck-2024\s+│ MoU UKM – Klinikum", result.stdout)
    assert lines[-1] == "8 rows"
    assert " | links=" not in result.stdout  # the old one-line-per-fact format


# growth


def test_growth_labels_its_columns_by_what_they_count_and_prints_its_summary_as_text():
    result = cli("growth", "--since", "2018", columns=200)
    assert result.returncode == 0, result.stderr
    header = " ".join(result.stdout.splitlines()[1:4])
    for label in (
        "new institutions",
        "new linked pairs",
        "new agreements, collaborations, grants",
        "institutions at year end",
        "linked pairs at year end",
    ):
        assert all(word in header for word in label.split())
    assert "agreements added" not in result.stdout and "{" not in result.stdout and "'" not in result.stdout
    assert re.search(
        r"^Before 2018 \(holding at the end of 2017\): \d+ institutions, \d+ linked pairs, \d+ "
        r"agreements, collaborations and grants\.$",
        result.stdout,
        flags=re.M,
    )
    assert re.search(r"^Undated \(no known start, so in no year\): \d+ institutions", result.stdout, flags=re.M)
    header = cli("growth", "--since", "2018", "--format", "csv").stdout.splitlines()[0].split(",")
    assert header == [
        "year",
        "institutions_new",
        "institutions_at_year_end",
        "linked_pairs_new",
        "linked_pairs_at_year_end",
        "agreements_collaborations_grants_new",
        "agreements_collaborations_grants_at_year_end",
    ]


# show


def test_show_without_o_refuses_to_replace_an_existing_network_html(tmp_path):
    existing = tmp_path / "network.html"
    existing.write_text("my annotated copy", encoding="utf-8")
    result = cli("show", "UKM", "--sources", "seeds", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: network.html exists; name another file with -o FILE, or pass --overwrite to replace it"
    )
    assert existing.read_text(encoding="utf-8") == "my annotated copy"
    replaced = cli("show", "UKM", "--sources", "seeds", "--overwrite", cwd=tmp_path)
    assert replaced.returncode == 0 and replaced.stdout.strip() == "wrote network.html"
    assert "University Hospital Münster" in existing.read_text(encoding="utf-8")


def test_show_without_o_writes_network_html_when_there_is_none(tmp_path):
    result = cli("show", "UKM", "--sources", "seeds", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "network.html").is_file()
