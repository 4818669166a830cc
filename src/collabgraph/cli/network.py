"""Commands on the institution network: ``metrics``, ``brokers``, ``path`` (with why no path
exists), ``growth``, ``overlap`` and ``suggest``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from collabgraph.cli.app import AsOfOpt, DataOpt, Fmt, FormatOpt, PlannedOpt, Sources, SourcesOpt, app, echo, load_graph, spinner
from collabgraph.errors import CollabgraphError


def load_network(sources: Sources, data, as_of=None, include_planned=False, history=False):
    from collabgraph.network.project import institution_graph

    ds = load_graph(sources, data)
    with spinner("Projecting the institution network…"):
        return ds, institution_graph(ds, as_of=as_of, include_planned=include_planned, history=history)


@app.command()
def metrics(
    as_of: AsOfOpt = None,
    sources: SourcesOpt = Sources.all,
    fmt: FormatOpt = Fmt.table,
    data: DataOpt = None,
    include_planned: PlannedOpt = False,
    limit: Annotated[int, typer.Option("--limit", min=0, help="Rows to show (0: all).")] = 20,
    method: Annotated[str, typer.Option("--communities", help="louvain or leiden.")] = "louvain",
    seed: Annotated[int, typer.Option("--seed", help="Random seed for communities.")] = 42,
) -> None:
    """Centralities, k-core and community of every institution (most central first).

    Example: collabgraph metrics --as-of 2020 --format csv --limit 0
    """
    from dataclasses import asdict

    from collabgraph.cli.tables import render
    from collabgraph.network.metrics import with_metrics

    _, g = load_network(sources, data, as_of, include_planned)
    annotated = with_metrics(g, method=method, seed=seed)
    rows, found = annotated.ranked, annotated.communities
    membership = found.membership()
    records = [{**asdict(m), "community": membership.get(m.iri)} for m in rows]
    columns = ["label", "degree", "strength", "betweenness", "closeness", "eigenvector", "pagerank", "core_number", "community"]
    echo(
        render(
            records,
            columns,
            fmt.value,
            records=records,
            limit=limit,
            optional=("pagerank", "core_number", "closeness", "eigenvector", "strength"),
            title=f"{len(records)} institutions, most central first; {len(found.groups)} {method} "
            f"communities, modularity {found.modularity:.3f}",
        )
    )


@app.command()
def brokers(
    as_of: AsOfOpt = None,
    sources: SourcesOpt = Sources.all,
    fmt: FormatOpt = Fmt.table,
    data: DataOpt = None,
    include_planned: PlannedOpt = False,
    limit: Annotated[int, typer.Option("--limit", min=0, help="Rows to show (0: all).")] = 20,
) -> None:
    """Institutions that broker between alliances or clusters, and what they connect.

    Example: collabgraph brokers --format json
    """
    from dataclasses import asdict

    from collabgraph.cli.tables import render
    from collabgraph.network.brokers import brokers as find
    from collabgraph.network.metrics import with_metrics

    _, g = load_network(sources, data, as_of, include_planned)
    with_metrics(g)
    found = find(g, limit=limit + 1 if limit else None)  # one more: are there others?
    more = bool(limit) and len(found) > limit
    records = [{**asdict(b), "reasons": b.reasons} for b in found[: limit or None]]
    echo(
        render(
            records,
            ["label", "betweenness", "constraint", "effective_size", "articulation_point", "alliances", "communities", "reasons"],
            fmt.value,
            records=records,
            more=more,
            optional=("effective_size", "constraint", "communities", "alliances"),
            title="Brokers: institutions between alliances or clusters, by betweenness",
        )
    )


def _why_no_path(ds, g, a: str, b: str, label, as_of: str | None, include_planned: bool) -> str:
    """One line: no path between A and B (by label), why, and whether --include-planned finds one.

    Why: an institution with no node has no ties at all in the graph, none at this date (they
    start later or have ended), or only planned and announced ones; two institutions with nodes
    lie in parts of the network no chain of ties joins.
    """
    from collabgraph.network.paths import NoPath, explain_path
    from collabgraph.network.project import institution_graphs

    planned, ever = institution_graphs(ds, {"as_of": as_of, "include_planned": True}, {"history": True, "include_planned": True})

    def alone(n: str) -> str:
        if n not in ever:
            return f"{label(n)} has no ties at all in this graph"
        if n in planned and not include_planned:
            return f"{label(n)}'s only ties are planned or announced"
        return f"{label(n)} has no ties {'at that date' if as_of else 'today'} (its ties start later or have ended)"

    missing = [n for n in (a, b) if n not in g]
    why = (
        "; ".join(alone(n) for n in missing)
        if missing
        else "no chain of ties joins them (they are in separate parts of the network)"
    )
    hint = ""
    if not include_planned:
        try:
            hops = explain_path(planned, a, b)
            hint = (
                f"; --include-planned finds a path of {len(hops)} hop{'s' if len(hops) != 1 else ''} "
                "through planned or announced ties"
            )
        except NoPath:
            pass
    return f"no path between {label(a)} and {label(b)}{f' as of {as_of}' if as_of else ''}: {why}{hint}"


@app.command()
def path(
    source: Annotated[str, typer.Argument(help="First institution (any label).")],
    target: Annotated[str, typer.Argument(help="Second institution (any label).")],
    as_of: AsOfOpt = None,
    sources: SourcesOpt = Sources.all,
    fmt: FormatOpt = Fmt.table,
    data: DataOpt = None,
    include_planned: PlannedOpt = False,
) -> None:
    """The shortest path between two institutions, each hop explained with source and quote.

    Example: collabgraph path "UMC Utrecht" "Maastricht University"
    """
    from collabgraph.cli.tables import render
    from collabgraph.network.paths import NoPath, explain_path
    from collabgraph.questions.lookup import names
    from collabgraph.questions.ties import institution

    ds, g = load_network(sources, data, as_of, include_planned)
    index = names(ds)
    a, b = institution(ds, source, index), institution(ds, target, index)
    try:
        hops = explain_path(g, a, b, labels=index.label)
    except NoPath:
        raise CollabgraphError(_why_no_path(ds, g, a, b, index.label, as_of, include_planned)) from None
    flat = [
        {
            "from": h.source_label,
            "to": h.target_label,
            "kind": t["kind"],
            "via": t["label"],
            "date": t["date"] or "undated",
            "source": "; ".join(t["sources"]),
            "quote": t["quote"],
        }
        for h in hops
        for t in h.ties
    ]
    records = [
        {"from": h.source_label, "to": h.target_label, "from_iri": h.source, "to_iri": h.target, "ties": list(h.ties)}
        for h in hops
    ]
    echo(
        render(
            flat,
            ["from", "to", "kind", "via", "date", "source", "quote"],
            fmt.value,
            records=records,
            title=f"{len(hops)} hop(s)",
            optional=("date", "source"),
        )
    )


@app.command()
def growth(
    since: Annotated[int | None, typer.Option("--since", help="First year to report.")] = None,
    sources: SourcesOpt = Sources.all,
    fmt: FormatOpt = Fmt.table,
    data: DataOpt = None,
    include_planned: PlannedOpt = False,
) -> None:
    """Per year: institutions, linked pairs and agreements/collaborations/grants new, and at year end.

    A linked pair is two institutions joined by at least one tie (an agreement, collaboration,
    grant or shared alliance); agreements, collaborations and grants are every tie but a shared
    alliance (events and openings the sources report as collaborations included). A year's
    totals are what holds at its end, as --as-of YEAR shows it; undated ones are counted apart.
    JSON keeps the Python API's names (institutions_added, ties_added, agreements_added, …).
    Example: collabgraph growth --since 2018
    """
    from dataclasses import asdict

    from collabgraph.cli.tables import render
    from collabgraph.network.growth import growth as compute

    _, g = load_network(sources, data, None, include_planned, history=True)
    result = compute(g, since=since, include_planned=include_planned)
    if fmt is Fmt.json:
        echo(render([], [], "json", records=asdict(result)))
        return
    names = {"institutions": "institutions", "ties": "linked_pairs", "agreements": "agreements_collaborations_grants"}
    rows = [
        {
            "year": y.year,
            **{
                f"{names[k]}_{when}": getattr(y, f"{k}_{field}")
                for k in names
                for when, field in (("new", "added"), ("at_year_end", "total"))
            },
        }
        for y in result.years
    ]
    columns = ["year", *(f"{names[k]}_{when}" for k in names for when in ("new", "at_year_end"))]
    headers = {
        "institutions_new": "new institutions",
        "institutions_at_year_end": "institutions at year end",
        "linked_pairs_new": "new linked pairs",
        "linked_pairs_at_year_end": "linked pairs at year end",
        "agreements_collaborations_grants_new": "new agreements, collaborations, grants",
        "agreements_collaborations_grants_at_year_end": "agreements, collaborations, grants at year end",
    }

    def counts(found: dict) -> str:
        return (
            f"{found['institutions']} institutions, {found['ties']} linked pairs, "
            f"{found['agreements']} agreements, collaborations and grants"
        )

    notes = [
        f"Before {result.since} (holding at the end of {result.since - 1}): {counts(result.before)}.",
        f"Undated (no known start, so in no year): {counts(result.undated)}.",
        "A linked pair: two institutions joined by at least one tie (agreement, collaboration, grant or "
        "shared alliance). Agreements, collaborations and grants: every tie but a shared alliance, "
        "events and openings the sources report as collaborations included.",
    ]
    echo(
        render(
            rows,
            columns,
            fmt.value,
            headers=headers,
            notes=notes,
            title=f"Growth per year since {result.since}: what started in the year (new) and what held at its end",
        )
    )


@app.command()
def overlap(
    sources: SourcesOpt = Sources.all,
    fmt: FormatOpt = Fmt.table,
    data: DataOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Alliance overlap: for each pair of alliances, how many members they share (today or --as-of)."""
    from collabgraph.cli.tables import render
    from collabgraph.network.decisions import alliance_overlap

    found = alliance_overlap(load_graph(sources, data), as_of=as_of)
    rows = [
        {"alliance": a, "members": found.sizes[a], **{b: found.shared.get((a, b), "") for b in found.alliances if b != a}}
        for a in found.alliances
    ]
    records = [{"a": a, "b": b, "shared": n, "members": found.members[(a, b)]} for (a, b), n in sorted(found.shared.items())]
    echo(
        render(
            rows,
            ["alliance", "members", *found.alliances],
            fmt.value,
            records=records,
            optional=found.alliances,
            title="Members each pair of alliances shares",
        )
    )


@app.command()
def suggest(
    name: Annotated[str, typer.Argument(help="The institution to suggest partners for.")],
    as_of: AsOfOpt = None,
    sources: SourcesOpt = Sources.all,
    fmt: FormatOpt = Fmt.table,
    data: DataOpt = None,
    limit: Annotated[int, typer.Option("--limit", min=0, help="Suggestions to show.")] = 10,
) -> None:
    """Partners of partners not yet linked to NAME, each with the paths that support it."""
    from dataclasses import asdict

    from collabgraph.cli.tables import render
    from collabgraph.network.decisions import suggest_partners
    from collabgraph.questions.ties import institution

    ds, g = load_network(sources, data, as_of)
    found = suggest_partners(g, institution(ds, name), limit=g.number_of_nodes())  # all: to count them
    records = [asdict(s) for s in found]
    flat = [{"label": s.label, "score": round(s.score, 3), "common": s.common, "via": [p[0] for p in s.paths]} for s in found]
    echo(
        render(
            flat,
            ["label", "score", "common", "via"],
            fmt.value,
            records=records,
            limit=limit,
            title=f"Partners of partners {name} has no tie with, best supported first "
            "(score: Adamic-Adar; common: shared partners)",
        )
    )
