"""A user's own data (``--data``) is checked against the whole graph it joins, with file and line."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

import collabgraph
from collabgraph.checks.user_data import check_user_data
from collabgraph.checks.validate import validate
from collabgraph.errors import DataFileError
from collabgraph.loading.load import load, user_files

ROOT = Path(__file__).resolve().parents[1]

HEADER = """\
@prefix cg:   <https://w3id.org/collabgraph/ontology#> .
@prefix cgr:  <https://w3id.org/collabgraph/id/> .
@prefix cgs:  <https://w3id.org/collabgraph/concept/> .
@prefix oa:   <http://www.w3.org/ns/oa#> .
@prefix org:  <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix my:   <https://example.org/my/> .
"""
HEADER_LINES = HEADER.count("\n")


def agreement(parties="cgr:maastricht-university, cgr:ukm", date='"2021-03"^^xsd:gYearMonth', status="cgs:signed") -> str:
    """A correct agreement between two curated institutions; one line per changeable part."""
    return (
        HEADER
        + f"""\
my:doc a cg:SourceDocument .
my:mou a cg:MemorandumOfUnderstanding ;
    rdfs:label "MoU UM – UKM"@en ;
    cg:hasParty {parties} ;
    cg:startDate {date} ;
    cg:status {status} ;
    cg:evidence [ a oa:Annotation ;
        oa:hasTarget [ oa:hasSource my:doc ;
            oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "UM and UKM signed an MoU."@en ] ] ] .
"""
    )


PARTIES_LINE, DATE_LINE, STATUS_LINE = HEADER_LINES + 4, HEADER_LINES + 5, HEADER_LINES + 6


def write(tmp_path, text, name="mine.ttl") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(path) -> DataFileError:
    with pytest.raises(DataFileError) as caught:
        load(sources="seeds", data=[path], reason=False)
    return caught.value


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "collabgraph", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_misspelt_institution_iri_is_refused_with_the_closest_iri_and_the_line(tmp_path):
    path = write(tmp_path, agreement(parties="cgr:maastricht-univeristy, cgr:ukm"))
    error = refused(path)
    assert error.path == str(path) and error.line == PARTIES_LINE
    assert str(error).startswith(f"{path}:{PARTIES_LINE}: unknown IRI cgr:maastricht-univeristy")
    assert "did you mean cgr:maastricht-university" in str(error)


def test_misspelt_ontology_property_is_refused_with_the_property_it_resembles(tmp_path):
    path = write(tmp_path, agreement().replace("cg:hasParty", "cg:hasPartty"))
    error = refused(path)
    assert error.line == PARTIES_LINE and "did you mean cg:hasParty" in str(error)


@pytest.mark.parametrize(
    "date", ['"2020-13"^^xsd:gYearMonth', '"2020-13"', '"2020-02-30"^^xsd:date', '"2020-05"^^xsd:gYear', '"May 2020"']
)
def test_impossible_date_is_refused_naming_file_and_line(tmp_path, date):
    path = write(tmp_path, agreement(date=date))
    error = refused(path)
    assert error.path == str(path) and error.line == DATE_LINE
    assert str(error).startswith(f"{path}:{DATE_LINE}: cg:startDate {date}")


def test_misspelt_status_is_refused_listing_the_allowed_statuses(tmp_path):
    path = write(tmp_path, agreement(status="cgs:plannned"))
    error = refused(path)
    assert error.line == STATUS_LINE
    for status in ("planned", "announced", "signed", "active", "reported", "ended"):
        assert f"cgs:{status}" in str(error)
    assert str(error).endswith("did you mean cgs:planned?")


def test_status_from_another_scheme_is_refused(tmp_path):
    error = refused(write(tmp_path, agreement(status="cgs:research")))
    assert "cg:status cgs:research" in str(error) and "cgs:planned" in str(error)


def test_unknown_role_is_refused_listing_the_ontology_roles(tmp_path):
    path = write(tmp_path, HEADER + "my:m a org:Membership ;\n    org:role cg:Foundr .\n")
    error = refused(path)
    assert error.line == HEADER_LINES + 2
    assert "cg:Founder" in str(error) and "cg:Coordinator" in str(error)


def test_every_problem_is_found_and_load_reports_the_first_with_a_count(tmp_path):
    path = write(tmp_path, agreement(parties="cgr:maastricht-univeristy, cgr:ukm", date='"2020-13"', status="cgs:plannned"))
    ds = load(sources="seeds", data=[path], reason=False, check=False)
    problems = check_user_data(ds, user_files([path]))
    assert [(p.line, p.kind) for p in problems] == [
        (PARTIES_LINE, "unknown-iri"),
        (DATE_LINE, "bad-date"),
        (STATUS_LINE, "unknown-concept"),
    ]
    assert "(and 2 more" in str(refused(path))


def test_new_institution_with_a_type_and_label_is_accepted(tmp_path):
    text = agreement(parties="cgr:ukm, cgr:new-lab") + ('cgr:new-lab a cg:ResearchInstitute ; skos:prefLabel "New Lab"@en .\n')
    ds = load(sources="seeds", data=[write(tmp_path, text)], reason=False)
    assert check_user_data(ds, user_files([tmp_path / "mine.ttl"])) == []


def test_a_curated_file_read_as_user_data_passes_the_checks():
    seed = next((ROOT / "data" / "seeds").glob("*.ttl"))
    ds = load(sources="seeds", data=[seed], reason=False)
    assert check_user_data(ds, user_files([seed])) == []


def test_python_api_refuses_bad_data(tmp_path):
    with pytest.raises(DataFileError, match="did you mean cgs:planned"):
        collabgraph.load(sources="seeds", data=[write(tmp_path, agreement(status="cgs:plannned"))], reason=False)


def test_correct_file_referencing_curated_institutions_validates_clean(tmp_path):
    result = cli("validate", str(write(tmp_path, agreement())))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "conforms: no SHACL violations"


def test_validate_takes_data_as_an_option_and_lists_every_problem(tmp_path):
    path = write(tmp_path, agreement(date='"2020-13"', status="cgs:plannned"))
    result = cli("validate", "--data", str(path), "--sources", "seeds")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f'{path}:{DATE_LINE}: cg:startDate "2020-13"')
    assert lines[1].startswith(f"{path}:{STATUS_LINE}: unknown cg:status cgs:plannned")
    assert not any("cgr:maastricht-university" in line for line in lines)  # curated nodes pass


def test_partners_refuses_bad_data_with_one_line_on_stderr_and_exit_2(tmp_path):
    path = write(tmp_path, agreement(parties="cgr:maastricht-univeristy, cgr:ukm"))
    result = cli("partners", "UKM", "--sources", "seeds", "--data", str(path))
    assert result.returncode == 2 and result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {path}:{PARTIES_LINE}: unknown IRI")


def test_refused_data_writes_nothing(tmp_path):
    path = write(tmp_path, agreement(status="cgs:plannned"))
    out = tmp_path / "network.html"
    result = cli("show", "--all", "-o", str(out), "--sources", "seeds", "--data", str(path))
    assert result.returncode == 2 and not out.exists()


def test_data_readme_example_validates_clean(tmp_path):
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```turtle\n(.*?)```", text, flags=re.S)
    example = next(b for b in blocks if b.startswith("@prefix"))
    path = write(tmp_path, example, name="my-partners.ttl")
    ds = load(data=[path], reason=False)
    mine = user_files([path])
    assert check_user_data(ds, mine) == []
    report = validate(ds, focus_graphs=[f.graph for f in mine])
    assert report.violations == [] and report.conforms


def test_misspelt_status_is_refused_on_the_oxigraph_store_too(tmp_path):
    pytest.importorskip("oxrdflib", reason="the oxigraph store needs collabgraph[fast]")
    path = write(tmp_path, agreement(date='"2020-02-30"', status="cgs:plannned"))
    ds = load(sources="seeds", data=[path], reason=False, check=False, store="oxigraph")
    assert [str(p) for p in check_user_data(ds, user_files([path]))] == [
        str(p) for p in check_user_data(load(sources="seeds", data=[path], reason=False, check=False), user_files([path]))
    ]


def test_validation_of_user_files_reports_their_own_nodes_whole_and_in_chunks(tmp_path):
    text = agreement().replace('rdfs:label "MoU UM – UKM"@en ;', "")
    path = write(tmp_path, text)
    ds = load(sources="seeds", data=[path], reason=False)
    focus = [f.graph for f in user_files([path])]
    whole = validate(ds, focus_graphs=focus).violations
    assert [v.node for v in whole] == ["my:mou"] and "rdfs:label" in whole[0].message
    assert validate(ds, focus_graphs=focus, chunk=200, jobs=1, cache=False).violations == whole


def test_an_end_before_the_start_is_refused(tmp_path):
    text = agreement(date='"2020"^^xsd:gYear ;\n    cg:endDate "2018"^^xsd:gYear')
    error = refused(write(tmp_path, text))
    assert "ends (2018) before it starts (2020)" in str(error)


@pytest.mark.parametrize("part", ["date", "status"])
def test_a_second_start_date_or_status_is_refused_not_picked_at_random(tmp_path, part):
    text = (
        agreement(date='"2019-05"^^xsd:gYearMonth, "2021"^^xsd:gYear')
        if part == "date"
        else agreement(status="cgs:signed, cgs:planned")
    )
    error = refused(write(tmp_path, text))
    assert "has 2 values of" in str(error) and "give one" in str(error)


def test_three_start_dates_are_reported_once_each_with_the_lexical_forms_and_types_kept_apart(tmp_path):
    # "2021" as a year and as a plain string are two values; each is listed once, not once per other value
    text = agreement(date='"2019-05"^^xsd:gYearMonth, "2021"^^xsd:gYear, "2021"')
    path = write(tmp_path, text)
    ds = load(sources="seeds", data=[path], reason=False, check=False)
    (problem,) = [p for p in check_user_data(ds, user_files([path])) if p.kind == "duplicate"]
    assert "has 3 values of cg:startDate" in problem.message
    assert problem.message.count('"2021"') == 2 and problem.message.count('"2019-05"') == 1


def test_an_impossible_typed_date_gives_one_line_and_no_rdflib_traceback(tmp_path):
    path = write(tmp_path, agreement(date='"2020-02-30"^^xsd:date'))
    result = cli("stats", "--sources", "seeds", "--data", str(path))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr


def test_the_unknown_iri_query_checks_exactly_collabgraphs_namespaces():
    from collabgraph.checks.user_data import CHECKED_NAMESPACES
    from collabgraph.sparql.query import query_text

    text = query_text("user_undefined_terms")
    assert sorted(re.findall(r'STRSTARTS\(STR\(\?term\), "([^"]+)"\)', text)) == sorted(CHECKED_NAMESPACES)


def test_an_iri_outside_collabgraphs_namespaces_is_not_an_unknown_iri(tmp_path):
    mine = write(
        tmp_path,
        HEADER + "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        'cgr:new-institute a cg:ResearchInstitute ; rdfs:label "New Institute" ; owl:sameAs <https://ror.org/00000000> .\n'
        "cgr:new-institute org:hasMember cgr:no-such-member .\n",
    )
    problems = check_user_data(load(sources="seeds", data=[mine], reason=False, check=False), user_files([mine]))
    assert [(p.line, p.node) for p in problems] == [(HEADER_LINES + 3, "cgr:no-such-member")]
