"""``run_for`` fills a shipped query's VALUES blocks with many IRIs, chunk by chunk, on every store."""

from __future__ import annotations

import pytest

from collabgraph.loading.load import load
from collabgraph.sparql.query import run_for

UKM = "https://w3id.org/collabgraph/id/ukm"


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_value_no_query_can_name_is_left_out_and_the_rest_answered(store):
    # blank nodes' labels, an IRI with a space, a broken escape, two fragments: not writable as <...>
    ds = load(sources="seeds", reason=False, store=store)
    odd = ["n3f2a9b0c", "_:b0", ":b", "https://example.org/a b", "https://example.org/a%zz", "https://example.org/a#b#c"]
    rows = run_for(ds, "defining_graphs", [UKM, *odd])
    assert rows and {str(r["resource"]) for r in rows} == {UKM}


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_chunks_give_what_one_query_gives(store):
    ds = load(sources="seeds", reason=False, store=store)
    iris = [UKM, "https://w3id.org/collabgraph/id/maastricht-university", "https://w3id.org/collabgraph/id/umcu"]
    one = run_for(ds, "defining_graphs", iris)
    assert sorted(map(repr, run_for(ds, "defining_graphs", iris, chunk=1))) == sorted(map(repr, one))
