"""The W3C Reconciliation Service API (v0.2) at ``/reconcile``, driven as OpenRefine drives it.

The application runs in-process under Starlette's ``TestClient`` (its lifespan forks the query
workers; the index is built in one of them on the first request). Requests use the shapes the
specification documents: the manifest by ``GET`` without parameters, a query batch in a
``queries`` query parameter or form field (OpenRefine POSTs the form) or in a JSON body, the
preview by ``GET /reconcile/preview?id=``. Expected answers come from the curated data
(``data/seeds/*.ttl``, ``data/public/*.ttl``) and from the library's own identity functions.
"""

from __future__ import annotations

import json
import warnings
from urllib.parse import quote

import pytest
from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():  # Starlette 1.x asks for httpx2 behind its TestClient; httpx still works
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

from collabgraph.loading.load import load
from collabgraph.namespaces import CG
from collabgraph.questions.labels import organisation_classes
from collabgraph.questions.members import members
from collabgraph.questions.reconcile import canonical
from collabgraph.server import Settings, create_app

CGR = "https://w3id.org/collabgraph/id/"
ONTOLOGY = "https://w3id.org/collabgraph/ontology#"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
EVIL = "<script>alert('x')</script> Institute"


@pytest.fixture(scope="module")
def client(ds_all):
    with TestClient(create_app(ds_all, settings=Settings(workers=2))) as running:
        yield running


@pytest.fixture(scope="module")
def mine(tmp_path_factory):
    """A user's --data file: an alias of Maastricht University and an institution whose label is markup."""
    path = tmp_path_factory.mktemp("user") / "mine.ttl"
    path.write_text(
        f"""@prefix cg: <https://w3id.org/collabgraph/ontology#> .
@prefix cgr: <https://w3id.org/collabgraph/id/> .
@prefix ex: <https://example.org/our-office/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
ex:um a cg:University ; skos:prefLabel "Alma Mater Traiectum ad Mosam"@en ; owl:sameAs cgr:maastricht-university .
ex:evil a cg:ResearchInstitute ; skos:prefLabel "{EVIL}"@en ; skos:altLabel "Tag & <b>Bold</b>" ;
    cg:country cgr:country-NL .
""",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def ds_mine(mine):
    return load(sources="seeds", data=[mine])


@pytest.fixture(scope="module")
def user_client(ds_mine):
    with TestClient(create_app(ds_mine, settings=Settings(workers=2))) as running:
        yield running


def batch(client, queries: dict, how: str = "post") -> dict:
    """Send a query batch the way the specification allows and return the decoded result batch."""
    text = json.dumps(queries)
    if how == "get":
        answer = client.get("/reconcile", params={"queries": text})
    elif how == "json":
        answer = client.post("/reconcile", json={"queries": queries})
    else:
        answer = client.post("/reconcile", content=f"queries={quote(text)}", headers=FORM)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    result = answer.json()
    assert set(result) == set(queries)
    return result


def one(client, query: dict, how: str = "post") -> list[dict]:
    return batch(client, {"q0": query}, how)["q0"]["result"]


def ids(result: list[dict]) -> list[str]:
    return [c["id"] for c in result]


# --- manifest ----------------------------------------------------------------------------------


def test_get_without_queries_answers_the_service_manifest(client):
    answer = client.get("/reconcile")
    assert answer.status_code == 200
    manifest = answer.json()
    assert "0.2" in manifest["versions"] and manifest["name"]
    assert manifest["identifierSpace"] == CGR and manifest["schemaSpace"] == ONTOLOGY
    types = {t["id"]: t["name"] for t in manifest["defaultTypes"]}
    assert types[ONTOLOGY + "Institution"] == "institution"
    assert types[ONTOLOGY + "University"] == "university"
    assert types[ONTOLOGY + "UniversityHospital"] == "university hospital"
    assert ONTOLOGY + "Alliance" not in types and ONTOLOGY + "UnresolvedOrganization" not in types
    assert manifest["defaultTypes"][0]["id"] == ONTOLOGY + "Institution"
    preview = manifest["preview"]
    assert "{{id}}" in preview["url"] and preview["url"].startswith("http://testserver/")
    assert isinstance(preview["width"], int) and isinstance(preview["height"], int)
    assert "{{id}}" in manifest["view"]["url"] and manifest["view"]["url"].startswith("http://testserver/")


def test_the_view_and_preview_templates_lead_to_pages_about_the_entity(client):
    manifest = client.get("/reconcile").json()
    iri = CGR + "umc-utrecht"
    view = client.get(manifest["view"]["url"].replace("{{id}}", quote(iri, safe="")))
    assert view.status_code == 200 and "text/html" in view.headers["content-type"]
    assert f"DESCRIBE &lt;{iri}&gt;" in view.text  # the query page, set to run the DESCRIBE
    preview = client.get(manifest["preview"]["url"].replace("{{id}}", quote(iri, safe="")))
    assert preview.status_code == 200 and "University Medical Center Utrecht" in preview.text


# --- the four ways to send a batch ------------------------------------------------------------


@pytest.mark.parametrize("how", ["get", "post", "json"])
def test_exact_names_are_matched_by_every_request_shape(client, how):
    result = batch(
        client,
        {
            "q0": {"query": "Universität Münster"},
            "q1": {"query": "Maastricht University"},
            "q2": {"query": "UMC Utrecht"},
        },
        how,
    )
    for key, iri in (("q0", "university-of-muenster"), ("q1", "maastricht-university"), ("q2", "umc-utrecht")):
        top = result[key]["result"][0]
        assert top["id"] == CGR + iri and top["match"] is True and top["score"] == 100
        assert all(not c["match"] for c in result[key]["result"][1:])


def test_a_form_post_as_openrefine_sends_it_honours_type_limit_and_properties(client):
    result = one(
        client,
        {
            "query": "Universität Münster",
            "type": ONTOLOGY + "University",
            "limit": 3,
            "properties": [{"pid": "country", "v": "DE"}],
            "type_strict": "should",
        },
    )
    assert 1 <= len(result) <= 3
    assert result[0]["id"] == CGR + "university-of-muenster" and result[0]["match"] is True
    assert result[0]["name"] == "University of Münster"
    assert result[0]["type"] == [{"id": ONTOLOGY + "University", "name": "university"}]
    assert result[0]["description"] == "university, Germany"
    assert CGR + "ukm" not in ids(result)  # a university hospital is not a university


def test_candidates_are_sorted_by_descending_score_within_the_limit(client):
    for query in ("Münster", "University of Sydney", "Dublin", "Barcelona"):
        result = one(client, {"query": query, "limit": 4})
        assert 1 <= len(result) <= 4
        scores = [c["score"] for c in result]
        assert scores == sorted(scores, reverse=True) and all(0 <= s <= 100 for s in scores)
        assert len(set(ids(result))) == len(result)
    assert len(one(client, {"query": "University", "limit": 2})) == 2


def test_a_misspelt_name_far_above_the_rest_is_a_match(client):
    result = one(client, {"query": "Maastricht Universty"})
    assert result[0]["id"] == CGR + "maastricht-university" and 95 <= result[0]["score"] < 100
    assert result[0]["match"] is True


# --- match only when unambiguous ---------------------------------------------------------------


def test_two_equally_good_candidates_are_never_a_match(client):
    result = one(client, {"query": "Provincie Limburg"})
    top = result[:2]
    assert {c["id"] for c in top} == {CGR + "province-of-limburg-be", CGR + "province-of-limburg-nl"}
    assert [c["score"] for c in top] == [100, 100] and not any(c["match"] for c in result)
    belgian = one(client, {"query": "Provincie Limburg", "properties": [{"pid": "country", "v": "BE"}]})
    assert ids(belgian) == [CGR + "province-of-limburg-be"] and belgian[0]["match"] is True


def test_a_one_word_alias_that_other_names_contain_is_not_a_match(client):
    result = one(client, {"query": "Dublin"})
    assert result[0]["id"] == CGR + "trinity-college-dublin" and result[0]["score"] == 100
    assert {CGR + "university-college-dublin", CGR + "dublin-city-university"} <= set(ids(result))
    assert not any(c["match"] for c in result)
    assert one(client, {"query": "Vaasa"})[0]["match"] is True  # an alias no other name contains


def test_place_names_and_partial_names_are_never_candidates_nor_matches(client, ds_all):
    classes = organisation_classes(ds_all)
    unresolved = {iri for iri, cls in classes.items() if CG.UnresolvedOrganization in cls}
    assert CGR + "eureka-partner-toronto" in unresolved and CGR + "wun-member-sydney" in unresolved
    result = batch(
        client,
        {
            "a": {"query": "Toronto"},
            "b": {"query": "Sydney"},
            "c": {"query": "Kaapstad"},
            "d": {"query": "Stanford"},
            "e": {"query": "Hong Kong"},
        },
    )
    for key, answer in result.items():
        assert not set(ids(answer["result"])) & unresolved, key
        assert not any(c["match"] for c in answer["result"]), key
    assert result["c"]["result"][0]["id"] == CGR + "university-of-cape-town"  # the resolved mention's text


def test_every_candidate_is_one_canonical_institution(client, ds_all):
    classes = organisation_classes(ds_all)
    canon = canonical(ds_all)
    institutions = {
        iri
        for iri, cls in classes.items()
        if CG.Institution in cls and CG.UnresolvedOrganization not in cls and canon(iri) == iri
    }
    names = [
        "University",
        "Universiteit",
        "Hospital",
        "Maastricht",
        "Münster",
        "Utrecht",
        "CHARM-EU",
        "YERUN",
        "Alberta",
        "UKM",
        "ITEM",
        "UKM International",
    ]
    result = batch(client, {f"q{i}": {"query": n, "limit": 100} for i, n in enumerate(names)})
    found = {c["id"] for answer in result.values() for c in answer["result"]}
    assert found and found <= institutions
    assert CGR + "yerun" not in found and CGR + "item-maastricht" not in found  # no alliance, no unit


# --- types and properties ------------------------------------------------------------------------


def test_a_type_keeps_its_subclasses_and_leaves_out_the_rest(client):
    def of_type(t):
        return set(ids(one(client, {"query": "Münster", "type": t, "limit": 20})))

    hospitals = of_type(ONTOLOGY + "UniversityHospital")
    assert hospitals == {CGR + "ukm"}
    assert CGR + "ukm" in of_type(ONTOLOGY + "Hospital")  # a university hospital is a hospital
    institutions = of_type("cg:Institution")
    assert {CGR + "ukm", CGR + "university-of-muenster", CGR + "fh-muenster", CGR + "city-of-muenster"} <= institutions
    universities = of_type(ONTOLOGY + "University")
    assert CGR + "fh-muenster" in universities and CGR + "ukm" not in universities  # applied sciences ⊂ university
    both = one(client, {"query": "Münster", "type": [ONTOLOGY + "University", ONTOLOGY + "Hospital"], "type_strict": "all"})
    assert both == []
    either = set(ids(one(client, {"query": "Münster", "type": [ONTOLOGY + "University", ONTOLOGY + "Hospital"]})))
    assert {CGR + "ukm", CGR + "university-of-muenster"} <= either and CGR + "city-of-muenster" not in either


@pytest.mark.parametrize(
    "value", ["NL", "nl", "Netherlands", CGR + "country-NL", "cgr:country-NL", {"id": CGR + "country-NL", "name": "Netherlands"}]
)
def test_a_country_leaves_out_institutions_elsewhere(client, value):
    result = one(client, {"query": "Utrecht Münster Maastricht", "limit": 50, "properties": [{"pid": "country", "v": value}]})
    assert result and CGR + "maastricht-university" in ids(result)
    assert not {CGR + "ukm", CGR + "university-of-muenster"} & set(ids(result))
    assert all("Netherlands" in c["description"] for c in result)


def test_a_ror_or_wikidata_id_identifies_the_institution_even_without_a_name(client):
    for value in ("02jz4aj89", "https://ror.org/02jz4aj89"):
        result = one(client, {"properties": [{"pid": "ror", "v": value}]})
        assert ids(result) == [CGR + "maastricht-university"] and result[0]["match"] is True
    result = one(
        client,
        {
            "query": "Chinese University",
            "properties": [{"pid": ONTOLOGY + "wikidata", "v": "http://www.wikidata.org/entity/Q15570"}],
        },
    )
    assert result[0]["id"] == CGR + "chinese-university-of-hong-kong" and result[0]["match"] is True
    # another ROR id than the institution's own leaves it out
    other = one(client, {"query": "Maastricht University", "properties": [{"pid": "ror", "v": "04pp8hn57"}]})
    assert CGR + "maastricht-university" not in ids(other)


def test_an_alliance_keeps_only_its_members(client, ds_all):
    expected = {m.iri for m in members(ds_all, "YERUN", former=True)}
    assert CGR + "maastricht-university" in expected
    result = one(client, {"query": "University", "limit": 100, "properties": [{"pid": "alliance", "v": "YERUN"}]})
    assert result and set(ids(result)) <= expected
    assert CGR + "maastricht-university" in ids(result)
    alone = one(client, {"properties": [{"pid": "alliance", "v": "Young European Research Universities Network"}], "limit": 100})
    assert set(ids(alone)) == expected and not any(c["match"] for c in alone)


# --- a user's own data --------------------------------------------------------------------------


def test_a_user_data_alias_resolves_to_the_canonical_institution(user_client, ds_mine):
    alias = "https://example.org/our-office/um"
    assert canonical(ds_mine)(alias) == CGR + "maastricht-university"
    result = batch(
        user_client,
        {
            "name": {"query": "Alma Mater Traiectum ad Mosam"},
            "curated": {"query": "Maastricht University", "limit": 100},
            "iri": {"query": alias},
        },
    )
    for key in result:
        top = result[key]["result"][0]
        assert top["id"] == CGR + "maastricht-university" and top["match"] is True, key
        assert top["name"] == "Maastricht University"
        assert alias not in ids(result[key]["result"]), key
    page = user_client.get("/reconcile/preview", params={"id": alias})
    assert page.status_code == 200 and "Alma Mater Traiectum ad Mosam" in page.text
    assert CGR + "maastricht-university" in page.text


def test_the_preview_escapes_every_label_and_loads_nothing(user_client):
    iri = "https://example.org/our-office/evil"
    found = one(user_client, {"query": EVIL})
    assert found[0]["id"] == iri and found[0]["name"] == EVIL  # JSON carries the label as it is
    page = user_client.get("/reconcile/preview", params={"id": iri})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    text = page.text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Institute" in text
    assert "Tag &amp; &lt;b&gt;Bold&lt;/b&gt;" in text
    assert "<script" not in text.lower() and "<b>" not in text
    assert not any(tag in text.lower() for tag in ("<link", "<img", "<iframe", "src=", "@import", "url("))
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert "frame-ancestors" not in policy and "x-frame-options" not in page.headers  # the client frames it
    unknown = user_client.get("/reconcile/preview", params={"id": "https://example.org/<b>nobody</b>"})
    assert unknown.status_code == 404 and "<b>nobody" not in unknown.text and "&lt;b&gt;nobody" in unknown.text


# --- JSONP, CORS, errors, speed ---------------------------------------------------------------


def test_jsonp_wraps_the_answer_in_a_plain_callback_name(client):
    answer = client.get("/reconcile", params={"callback": "jQuery3600_1.cb$"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/javascript")
    body = answer.text
    assert body.startswith("/**/jQuery3600_1.cb$(") and body.endswith(");")
    assert json.loads(body[len("/**/jQuery3600_1.cb$(") : -2])["identifierSpace"] == CGR
    queries = json.dumps({"q0": {"query": "UMC Utrecht"}})
    wrapped = client.get("/reconcile", params={"callback": "cb", "queries": queries}).text
    assert json.loads(wrapped[len("/**/cb(") : -2])["q0"]["result"][0]["id"] == CGR + "umc-utrecht"


@pytest.mark.parametrize("name", ["alert(1)//", "a b", "1abc", "", "x-y", "cb;evil", "<script>", "ab\u00e9", "cb\n", "a" * 200])
def test_a_callback_that_is_not_a_plain_name_is_refused(client, name):
    answer = client.get("/reconcile", params={"callback": name})
    assert answer.status_code == 400 and "callback" in answer.json()["error"]
    assert name not in answer.text or name == ""


def test_any_origin_may_read_the_service(client):
    answer = client.get("/reconcile", headers={"Origin": "http://127.0.0.1:3333"})
    assert answer.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in answer.headers
    preflight = client.options(
        "/reconcile",
        headers={
            "Origin": "http://localhost:3333",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 204 and "POST" in preflight.headers["access-control-allow-methods"]
    assert preflight.headers["access-control-allow-origin"] == "*"


BAD = [
    ("not json", "queries={not json", "not valid JSON"),
    ("an array", "queries=" + quote("[1, 2]"), "JSON object"),
    ("a query that is a number", "queries=" + quote('{"q0": {"query": 42}}'), "query must be a string"),
    ("a query that is an array", "queries=" + quote('{"q0": ["Utrecht"]}'), "must be a JSON object"),
    ("limit zero", "queries=" + quote('{"q0": {"query": "x", "limit": 0}}'), "limit"),
    ("limit too big", "queries=" + quote('{"q0": {"query": "x", "limit": 101}}'), "limit"),
    ("limit as text", "queries=" + quote('{"q0": {"query": "x", "limit": "3"}}'), "limit"),
    ("limit as fraction", "queries=" + quote('{"q0": {"query": "x", "limit": 2.5}}'), "limit"),
    ("limit true", "queries=" + quote('{"q0": {"query": "x", "limit": true}}'), "limit"),
    ("too many queries", "queries=" + quote(json.dumps({f"q{i}": {"query": "x"} for i in range(101)})), "at most 100"),
    ("neither query nor properties", "queries=" + quote('{"q0": {"query": "  "}}'), "query string"),
    (
        "unknown property",
        "queries=" + quote('{"q0": {"query": "x", "properties": [{"pid": "city", "v": "Rome"}]}}'),
        "unknown property",
    ),
    ("property without v", "queries=" + quote('{"q0": {"query": "x", "properties": [{"pid": "country"}]}}'), "pid and v"),
    ("bad type_strict", "queries=" + quote('{"q0": {"query": "x", "type_strict": "must"}}'), "type_strict"),
    ("type as number", "queries=" + quote('{"q0": {"query": "x", "type": 3}}'), "type"),
    ("deep nesting", "queries=" + quote("[" * 100_000 + "]" * 100_000), "not valid JSON"),
    ("query too long", "queries=" + quote(json.dumps({"q0": {"query": "x" * 501}})), "longer than"),
    ("queries twice", "queries=%7B%7D&queries=%7B%7D", "once"),
    ("not UTF-8", "queries=%FF", "UTF-8"),
    ("no queries at all", "callback_not=1", "no queries"),
]


@pytest.mark.parametrize("body, message", [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_malformed_input_is_a_one_line_json_400(client, body, message):
    answer = client.post("/reconcile", content=body, headers=FORM)
    assert answer.status_code == 400, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    assert "\n" not in answer.text and "Traceback" not in answer.text
    assert message in answer.json()["error"]


@pytest.mark.parametrize(
    "body, headers, message",
    [
        (b"{not json", {"Content-Type": "application/json"}, "not valid JSON"),
        (b'["queries"]', {"Content-Type": "application/json"}, '{"queries"'),
        (b'{"queries": {"q0": {"query": "x", "limit": -1}}}', {"Content-Type": "application/json"}, "limit"),
        (b'{"queries": "{\\"q0\\": 5}"}', {"Content-Type": "application/json"}, "JSON object"),
        (b"<queries/>", {"Content-Type": "application/xml"}, "application/json"),
    ],
    ids=["json body not json", "json body not an object", "json body bad limit", "json body query not object", "xml body"],
)
def test_a_malformed_json_body_is_a_400(client, body, headers, message):
    answer = client.post("/reconcile", content=body, headers=headers)
    assert answer.status_code == 400 and message in answer.json()["error"]


def test_a_get_with_malformed_queries_is_a_400_too(client):
    answer = client.get("/reconcile", params={"queries": '{"q0": {"query": "x", "limit": 0}'})
    assert answer.status_code == 400 and answer.json()["error"] == "queries is not valid JSON"


def test_a_body_over_the_size_limit_is_a_413(client):
    answer = client.post("/reconcile", content=b"queries=" + b"x" * 1_000_001, headers=FORM)
    assert answer.status_code == 413 and "larger than" in answer.json()["error"]


def test_a_batch_of_ten_queries_is_answered_in_one_request_from_the_kept_index(client):
    client.get("/reconcile")  # the index is built on first use and kept
    names = [
        "Universität Münster",
        "Maastricht University",
        "UMC Utrecht",
        "Klinikum Osnabrueck",
        "UKM",
        "University of Twente",
        "Hasselt Universiteit",
        "Dublin",
        "Provincie Limburg",
        "Ulm University",
    ]
    queries = {
        f"q{i}": {"query": n, "limit": 5, "type": ONTOLOGY + "Institution", "properties": [{"pid": "country", "v": "DE"}]}
        for i, n in enumerate(names)
    }
    result = batch(client, queries)
    assert set(result) == set(queries)
    assert batch(client, queries) == result  # the same index answers again, the same way
    assert result["q0"]["result"][0]["id"] == CGR + "university-of-muenster"
    assert result["q3"]["result"][0]["id"] == CGR + "klinikum-osnabrueck"
