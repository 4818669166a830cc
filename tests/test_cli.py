"""The command line: answers from the graph, and one-line errors with exit codes for mistakes."""

import json
import subprocess
import sys

import pytest


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "collabgraph", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_partners_of_maastricht_as_json_lists_agreements_and_alliances():
    result = cli("partners", "Maastricht University", "--format", "json")
    assert result.returncode == 0, result.stderr
    found = {p["label"]: p for p in json.loads(result.stdout)}
    assert {"iri", "label", "alt_labels", "via"} <= set(found["University of York"])
    york_kinds = {v["kind"] for v in found["University of York"]["via"]}
    assert "strategic_partnership" in york_kinds
    assert "mou" in {v["kind"] for v in found["University of California, Irvine"]["via"]}
    via = found["University of California, Irvine"]["via"][0]
    assert {"kind", "iri", "label", "date", "status", "source"} <= set(via)
    assert any(v["kind"] == "alliance" for p in found.values() for v in p["via"])


def test_partners_as_of_excludes_later_agreements():
    later = cli("partners", "maastricht university", "--as-of", "2018", "--format", "json")
    assert later.returncode == 0, later.stderr
    vias = [v for p in json.loads(later.stdout) for v in p["via"]]
    assert all(v["undated"] or v["date"][:4] <= "2018" for v in vias)
    assert not any(v["date"] == "2019-05-08" for v in vias)


def test_members_of_charm_eu_as_json_have_role_and_since():
    result = cli("members", "CHARM-EU", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {"iri", "label", "alt_labels", "role", "since"} <= set(rows[0])
    labels = {r["label"] for r in rows}
    assert {"Åbo Akademi University", "University of Barcelona", "Utrecht University"} <= labels


def test_members_csv_has_a_header_and_rows():
    result = cli("members", "yufe", "--format", "csv", "--sources", "seeds")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "label,role,since,status,curation,source"
    assert "Maastricht University" in result.stdout


def test_stats_counts_each_source():
    result = cli("stats", "--format", "json")
    rows = {r["graph"]: r for r in json.loads(result.stdout)}
    assert rows["seed/000_b86e7fc7cd7be3f7"]["counts"]["agreements"] == 3
    assert rows["public/alliances"]["counts"]["memberships"] == 105


def test_query_accepts_a_named_query_and_prints_csv():
    result = cli("query", "agreements_in_year", "--bind", "year=2024", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert "mou-ukm-klinikum-osnabrueck-2024" in result.stdout
    result = cli("query", "SELECT ?a WHERE { ?a a cg:EuropeanUniversityAlliance } ORDER BY ?a", "--format", "csv")
    assert result.stdout.split() == ["a", "https://w3id.org/collabgraph/id/charm-eu", "https://w3id.org/collabgraph/id/yufe"]


def test_validate_reports_violations_with_exit_code_1(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix cg: <https://w3id.org/collabgraph/ontology#> .\n"
        "@prefix ex: <http://example.org/> .\n"
        "ex:mou a cg:MemorandumOfUnderstanding ; cg:hasParty ex:a .\n"
    )
    result = cli("validate", str(bad))
    assert result.returncode == 1
    assert "ex:mou" in result.stdout and "at least two parties" in result.stdout


def test_validate_curated_data_conforms():
    result = cli("validate")
    assert result.returncode == 0, result.stdout
    assert "conforms" in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["partners", "Maastricht Universty"], "did you mean: Maastricht University"),
        (["members", "CHARM"], "did you mean: CHARM-EU"),
        (["partners", "UKM", "--as-of", "2020-13"], "not a date: '2020-13'"),
        (["query", "SELECT ?x WHERE { ?x ?y }"], "SPARQL error at line 1, column 19"),
        (["query", "missing.rq"], "missing.rq: no such query file"),
        (["query", "INSERT DATA { <a:b> <a:c> <a:d> }"], "does not change data"),
        (["partners", "UKM", "--data", "no/such/dir"], "no/such/dir: no such file or directory"),
        (["verify", "no/such/dir"], "not a directory of source documents"),
        (["members", "YUFE", "--as-of", "2020-02-30"], "not a date: '2020-02-30'"),
        (["metrics", "--as-of", "2020-13"], "not a date: '2020-13'"),
        (["brokers", "--data", "no/such/file.ttl"], "no/such/file.ttl: no such file or directory"),
        (["path", "UKM", "Hanoi Medical Universty"], "did you mean: Hanoi Medical University"),
        (["suggest", "Maastricht Universty"], "did you mean: Maastricht University"),
        (["show", "Maastricht Universty", "-o", "x.html"], "did you mean: Maastricht University"),
        (["export", "x.gexf", "--format", "gephi"], "unknown export format 'gephi'"),
        (["facts", "005_unknown"], "unknown source '005_unknown'"),
        (["query", "agreements_in_year", "--bind", "year"], "is not VAR=VALUE"),
        (["import-reference", "no/such/dir", "--out", "x"], "no such reference table"),
        (["stats", "--data", "no/such/dir"], "no/such/dir: no such file or directory"),
        (["serve", "--timeout", "-1"], "timeout must be positive"),
        (["show", "--all", "--aggregate", "city", "-o", "x.html"], "cannot aggregate by 'city'"),
        (["show", "UKM", "--aggregate", "country", "-o", "x.html"], "--aggregate goes with --all"),
        (["--store", "postgres", "stats"], "unknown store 'postgres'"),
        (["--store", "sparql:http://127.0.0.1:9/query", "stats"], "cannot reach the SPARQL endpoint"),
        (["--reasoner", "hermit", "stats"], "unknown reasoner 'hermit'"),
        (["--store", "memory", "push"], "push needs a remote store"),
    ],
)
def test_user_mistakes_print_one_line_and_exit_2(args, message):
    result = cli(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]


@pytest.mark.parametrize(
    "command",
    [
        ["partners", "UKM"],
        ["members", "WUN"],
        ["stats"],
        ["metrics"],
        ["growth"],
        ["brokers"],
        ["overlap"],
        ["query", "ASK {}"],
        ["validate"],
        ["build", "--out", "o"],
    ],
)
def test_malformed_user_turtle_names_file_and_line(tmp_path, command):
    bad = tmp_path / "mine.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b "open .\n')
    args = command + ([str(bad)] if command == ["validate"] else ["--data", str(bad)])
    result = cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {bad}:2: newline found in string literal"


@pytest.mark.parametrize(
    "command", [["build", "--sources", "seeds", "--out"], ["show", "--all", "-o"], ["export", "--format", "gexf"]]
)
def test_unwritable_output_is_a_one_line_error(tmp_path, command):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = cli(*command, str(blocker / "out"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.startswith("error: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_build_writes_outputs_atomically_under_out(tmp_path):
    result = cli("build", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stdout + result.stderr
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert {
        "dataset.trig",
        "stats.json",
        "validation.txt",
        "network.html",
        "ego.html",
        "growth.png",
        "growth.svg",
        "metrics.json",
        "brokers.json",
        "network.graphml",
        "network.gexf",
        "csv",
        "vosviewer",
    } <= set(written)
    assert not [n for n in written if n.endswith(".tmp")]


def test_help_lists_every_command():
    result = cli("--help")
    for command in (
        "query",
        "partners",
        "members",
        "stats",
        "validate",
        "verify",
        "build",
        "metrics",
        "brokers",
        "path",
        "growth",
        "show",
        "card",
        "export",
        "overlap",
        "suggest",
        "serve",
    ):
        assert command in result.stdout


def test_brokers_json_names_maastricht_with_its_alliances():
    result = cli("brokers", "--format", "json", "--limit", "5")
    assert result.returncode == 0, result.stderr
    rows = {r["label"]: r for r in json.loads(result.stdout)}
    assert "Young European Research Universities Network" in rows["Maastricht University"]["alliances"]
    assert rows["Maastricht University"]["reasons"]


def test_metrics_csv_lists_every_measure():
    result = cli("metrics", "--format", "csv", "--limit", "3")
    header = result.stdout.splitlines()[0].split(",")
    assert header == [
        "label",
        "degree",
        "strength",
        "betweenness",
        "closeness",
        "eigenvector",
        "pagerank",
        "core_number",
        "community",
    ]
    assert len(result.stdout.splitlines()) == 4


def test_path_explains_each_hop_with_its_source():
    result = cli("path", "UMC Utrecht", "Maastricht University", "--format", "json")
    assert result.returncode == 0, result.stderr
    hops = json.loads(result.stdout)
    assert hops[0]["from"] == "University Medical Center Utrecht"
    assert hops[-1]["to"] == "Maastricht University"
    assert all(t["sources"] for h in hops for t in h["ties"])


def test_path_between_unconnected_institutions_says_so():
    result = cli("path", "UKM", "Hanoi Medical University")
    assert result.returncode == 2
    assert result.stderr.startswith("error: no path between University Hospital Münster and Hanoi Medical University")


def test_growth_since_2018_reports_undated_apart():
    result = cli("growth", "--since", "2018", "--format", "json")
    data = json.loads(result.stdout)
    assert data["years"][0]["year"] == 2018 and data["undated"]["ties"] > 0


def test_show_writes_an_ego_view_and_refuses_an_unknown_name(tmp_path):
    out = tmp_path / "um.html"
    result = cli("show", "Maastricht University", "--as-of", "2020", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "Maastricht University" in out.read_text(encoding="utf-8")
    bad = cli("show", "Maastricht Universty", "-o", str(tmp_path / "x.html"))
    assert bad.returncode == 2 and "did you mean: Maastricht University" in bad.stderr


def test_export_refuses_to_overwrite_the_users_data(tmp_path):
    mine = tmp_path / "mine.ttl"
    mine.write_text("@prefix ex: <http://example.org/> . ex:a ex:b ex:c .\n")
    result = cli("export", str(mine), "--format", "ttl", "--data", str(mine))
    assert result.returncode == 2 and "refusing to overwrite" in result.stderr
    assert mine.read_text().endswith("ex:c .\n")


def test_serve_answers_sparql_on_loopback():
    import socket
    import time
    import urllib.parse
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "collabgraph", "serve", "--port", str(port), "--sources", "seeds"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s a cg:MemorandumOfUnderstanding }"})
        deadline = time.monotonic() + 120
        while True:
            try:
                request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
                with urllib.request.urlopen(request, timeout=5) as response:
                    assert json.loads(response.read())["boolean"] is True
                    break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.5)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
