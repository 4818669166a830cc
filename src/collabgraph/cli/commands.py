"""The ``collabgraph`` command line.

Exit codes: 0 ok, 1 findings (validation violations, quotes not found), 2 usage errors
(unknown name, malformed file, broken query, bad date). User mistakes print one line, never a
traceback.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from collabgraph.errors import CollabgraphError
from collabgraph.store import is_remote

__all__ = ["app", "main"]

app = typer.Typer(
    name="collabgraph",
    help="Institutional partnerships as a knowledge graph: query, validate, verify, build.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    rich_markup_mode=None,
)


class Fmt(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class Sources(str, Enum):
    seeds = "seeds"
    all = "all"


FormatOpt = Annotated[Fmt, typer.Option("--format", "-f", help="Output format.")]
SourcesOpt = Annotated[
    Sources, typer.Option("--sources", help="seeds: the five source documents only; all: plus public sources.")
]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="Only what had started by this date (YYYY, YYYY-MM or YYYY-MM-DD).")]
DataOpt = Annotated[
    list[Path] | None, typer.Option("--data", help="Your own RDF file or directory, loaded read-only beside the curated data.")
]


@contextmanager
def _status(message: str):
    """A rich spinner on stderr while slow work runs (only on a terminal; scripts see nothing)."""
    if not sys.stderr.isatty():
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(message):
        yield


_OPTIONS = {"store": "auto", "reasoner": "auto"}


@app.callback()
def _global_options(
    store: Annotated[
        str,
        typer.Option(
            "--store",
            help="Triple store: auto (memory for small inputs, oxigraph above 5 MiB), memory, "
            "oxigraph, oxigraph:PATH (kept on disk, reopened without parsing), or "
            "sparql:URL (a SPARQL server filled by push).",
        ),
    ] = "auto",
    reasoner: Annotated[
        str,
        typer.Option(
            "--reasoner",
            help="auto (owlrl up to 20,000 triples, else rules), owlrl (the reference), "
            "or rules (the ontology's OWL 2 RL rules as SPARQL in the store).",
        ),
    ] = "auto",
) -> None:
    """Institutional partnerships as a knowledge graph: query, validate, verify, build."""
    _OPTIONS["store"] = store
    _OPTIONS["reasoner"] = reasoner


def _load(sources: Sources, data: list[Path] | None, **options):
    from collabgraph.loading.load import load

    with _status("Loading the graph and reasoning (cached after the first run)…"):
        return load(sources=sources.value, data=data or (), store=_OPTIONS["store"], reasoner=_OPTIONS["reasoner"], **options)


def _echo(text: str) -> None:
    typer.echo(text.rstrip("\n"))


LimitOpt = Annotated[
    int | None, typer.Option("--limit", min=0, help="Rows to show (0: all). Default: tables 50, JSON and CSV all.")
]


def _limit(limit: int | None, fmt: Fmt) -> int | None:
    """``--limit`` as given, else the default: tables stop at 50 rows, JSON and CSV list them all."""
    from collabgraph.cli.tables import TABLE_LIMIT

    if limit is not None:
        return limit
    return TABLE_LIMIT if fmt is Fmt.table else None


_PARAMETER_NOTE = r"\(([^()]*(?:\([^()]*\)[^()]*)*)\)"


def _query_parameters(text: str) -> list[tuple[str, str]]:
    r"""The parameters of a named query: ``(variable, what it takes)``, in order of mention.

    A parameter is a variable the header comment tells the caller to bind (``Bind ?x``), a
    variable the header names that the query never binds itself (only a ``FILTER`` uses it), or a
    ``VALUES ?x { UNDEF }`` placeholder. What it takes is the header's parenthesis after it.

    Examples
    --------
    >>> _query_parameters("# Agreements dated in ?year (a string such as \"2019\").\n"
    ...                   "SELECT ?a WHERE { ?a cg:startDate ?d FILTER(STR(?d) = ?year) }")
    [('year', 'a string such as "2019"')]
    >>> _query_parameters("# Members of ?alliance. Bind ?alliance.\nSELECT ?m WHERE { ?x cg:a ?alliance ; cg:m ?m }")
    [('alliance', '')]
    >>> _query_parameters("# Labels.\nSELECT ?l WHERE { VALUES ?resource { UNDEF } ?resource cg:l ?l }")
    [('resource', 'IRIs; collabgraph fills in many at a time')]
    """
    import re

    lines = text.splitlines()
    header = " ".join(line.lstrip("#").strip() for line in lines if line.startswith("#"))
    body = "\n".join(line for line in lines if not line.startswith("#"))
    notes = {m.group(1): m.group(2) for m in re.finditer(r"\?(\w+)\s*" + _PARAMETER_NOTE, header)}
    found: dict[str, str] = {}
    for m in re.finditer(r"\bbind\s+\?(\w+)", header, flags=re.I):
        found.setdefault(m.group(1), notes.get(m.group(1), ""))
    where = body[body.find("{") :]
    unbound = re.sub(r"FILTER\b[^\n]*", "", where, flags=re.I)  # what FILTERs alone use is not bound
    for var in dict.fromkeys(re.findall(r"\?(\w+)", header)):
        if var not in found and f"?{var}" in where and not re.search(rf"\?{var}\b", unbound):
            found[var] = notes.get(var, "")
    for m in re.finditer(r"VALUES\s+\?(\w+)\s*\{\s*UNDEF\s*\}", body):
        found.setdefault(m.group(1), "IRIs; collabgraph fills in many at a time")
    return list(found.items())


def _named_query_list() -> list[dict]:
    """Every named query with its parameters and the first sentence of its header comment."""
    import re

    from collabgraph.sparql.query import named_queries

    found = []
    for name, path in named_queries().items():
        text = path.read_text(encoding="utf-8")
        header = " ".join(line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#"))
        first = re.split(r"(?<=[.:])\s+(?=[A-Z(])", header, maxsplit=1)[0] if header else ""
        params = _query_parameters(text)
        found.append(
            {
                "name": name,
                "parameters": [{"name": p, "takes": n} for p, n in params],
                "usage": f"collabgraph query {name}" + "".join(f" --bind {p}=…" for p, _ in params),
                "about": first,
                "file": str(path),
            }
        )
    return found


@app.command()
def query(
    sparql: Annotated[str | None, typer.Argument(help="SPARQL text, a .rq file, or a named query (--list shows them).")] = None,
    fmt: FormatOpt = Fmt.table,
    sources: SourcesOpt = Sources.all,
    data: DataOpt = None,
    bind: Annotated[
        list[str] | None, typer.Option("--bind", help="VAR=VALUE for a query variable (an IRI, a cgr: name, or a literal).")
    ] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the named queries with their parameters, and run nothing.")] = False,
    limit: LimitOpt = None,
) -> None:
    """Run a SPARQL SELECT or ASK query.

    Examples: collabgraph query 'SELECT ?a WHERE { ?a a cg:Alliance }' --format csv;
    collabgraph query agreements_in_year --bind year=2019; collabgraph query --list
    """
    from collabgraph.cli.tables import render
    from collabgraph.sparql.query import parse_binding, query_text, run

    if list_:
        found = _named_query_list()
        rows = [
            {
                "query": q["name"],
                "parameters": ", ".join(f"?{p['name']}" + (f" ({p['takes']})" if p["takes"] else "") for p in q["parameters"])
                or "-",
                "about": q["about"],
            }
            for q in found
        ]
        _echo(
            render(
                rows,
                ["query", "parameters", "about"],
                fmt.value,
                records=found,
                limit=limit,
                title="Named queries: collabgraph query NAME --bind VAR=VALUE (one --bind per parameter)",
                optional=("about",),
            )
        )
        return
    if sparql is None:
        raise CollabgraphError("give a SPARQL query, a .rq file or a named query; collabgraph query --list shows the named ones")
    bindings = dict(parse_binding(b) for b in bind or ())
    rows = run(_load(sources, data), query_text(sparql), **bindings)
    _echo(render(rows.rows, rows.vars, fmt.value, limit=_limit(limit, fmt)))


FormerOpt = Annotated[
    bool, typer.Option("--former", help="Also list ties that ended at a date no source gives (former members), flagged.")
]


@app.command()
def partners(
    name: Annotated[str, typer.Argument(help="Any label or alternative label, any case.")],
    as_of: AsOfOpt = None,
    sources: SourcesOpt = Sources.all,
    fmt: FormatOpt = Fmt.table,
    data: DataOpt = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            help="Only these kinds of tie (repeat): mou, cooperation_agreement, "
            "strategic_partnership, strategic_network, joint_programme, agreement, "
            "collaboration, funding, alliance (a shared alliance), membership (the "
            "alliance itself).",
        ),
    ] = None,
    include_planned: Annotated[bool, typer.Option("--include-planned", help="Also planned and announced agreements.")] = False,
    former: FormerOpt = False,
    limit: LimitOpt = None,
) -> None:
    """Who an institution collaborates with, and through what: every kind of tie, one row each.

    Example: collabgraph partners "Maastricht University" --as-of 2020 --format json
    """
    from collections import Counter

    from collabgraph.cli.tables import render
    from collabgraph.questions.partners import KINDS
    from collabgraph.questions.partners import partners as find

    unknown = sorted(set(kind or ()) - set(KINDS))
    if unknown:
        raise CollabgraphError(f"unknown kind {', '.join(unknown)}; choose from {', '.join(KINDS)}")
    found = find(
        _load(sources, data), name, as_of=as_of, include_planned=include_planned, kinds=set(kind) if kind else None, former=former
    )
    flat = [
        {
            "partner": p.label,
            "kind": v.kind,
            "via": v.label,
            "date": v.date,
            "status": v.status + (" (former)" if v.former else "") if v.status else None,
            "curation": v.curation,
            "source": v.source,
        }
        for p in found
        for v in p.via
    ]
    counts = Counter(v.kind for p in found for v in p.via)
    title = (
        f"Partners of {name}{f' as of {as_of}' if as_of else ''}: {len(found)} partners, "
        f"{len(flat)} ties (" + ", ".join(f"{k} {n}" for k, n in sorted(counts.items())) + ")"
    )
    _echo(
        render(
            flat,
            ["partner", "kind", "via", "date", "status", "curation", "source"],
            fmt.value,
            records=[p.to_dict() for p in found],
            title=title,
            limit=_limit(limit, fmt),
            optional=("curation", "source"),
        )
    )


@app.command()
def members(
    alliance: Annotated[str, typer.Argument(help="Any label or alternative label of an alliance.")],
    as_of: AsOfOpt = None,
    sources: SourcesOpt = Sources.all,
    fmt: FormatOpt = Fmt.table,
    data: DataOpt = None,
    former: FormerOpt = False,
    limit: LimitOpt = None,
) -> None:
    """Members of an alliance (each institution once) with roles, join date, status and sources.

    Example: collabgraph members CHARM-EU --format json
    """
    from collabgraph.cli.tables import render
    from collabgraph.questions.members import members as find

    found = find(_load(sources, data), alliance, as_of=as_of, former=former)
    records = [m.to_dict() for m in found]
    flat = [{**r, "status": r["status"] + (" (former)" if r["former"] else "") if r["status"] else None} for r in records]
    _echo(
        render(
            flat,
            ["label", "role", "since", "status", "curation", "source"],
            fmt.value,
            records=records,
            limit=_limit(limit, fmt),
            optional=("curation", "source"),
            title=f"Members of {alliance}{f' as of {as_of}' if as_of else ''}: {len(found)}",
        )
    )


@app.command()
def stats(
    sources: SourcesOpt = Sources.all,
    fmt: FormatOpt = Fmt.table,
    data: DataOpt = None,
) -> None:
    """Counts by type (institutions, agreements, memberships, quotes, triples) per source."""
    from dataclasses import asdict

    from collabgraph.cli.tables import render
    from collabgraph.questions.stats import CATEGORIES
    from collabgraph.questions.stats import stats as compute

    found = compute(_load(sources, data))
    flat = [{"graph": s.graph, "triples": s.triples, "quotes": s.quotes, **s.counts} for s in found]
    _echo(
        render(
            flat, ["graph", "triples", "quotes", *CATEGORIES], fmt.value, records=[asdict(s) for s in found], optional=CATEGORIES
        )
    )


@app.command()
def facts(
    source: Annotated[str, typer.Argument(help="A source: its stem, file name or IRI.")],
    fmt: FormatOpt = Fmt.table,
    sources: SourcesOpt = Sources.all,
    data: DataOpt = None,
    limit: LimitOpt = None,
) -> None:
    """Every fact one source supports: type, label, links, date, status, quotes (curators).

    The table names types and IRIs by their last segment; JSON and CSV give them whole.
    Example: collabgraph facts 000_b86e7fc7cd7be3f7
    """
    from dataclasses import asdict

    from collabgraph.cli.tables import render
    from collabgraph.questions.coverage import source_facts

    found = source_facts(_load(sources, data), source)
    records = [asdict(f) for f in found]
    columns = ["type", "iri", "label", "links", "date", "status", "curation", "quotes"]
    if fmt is Fmt.table:
        short = lambda iri: iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]  # noqa: E731
        rows = [
            {
                "type": short(f.type),
                "iri": short(f.iri),
                "label": f.label,
                "links": ", ".join(short(x) for x in f.links),
                "date": f.date or "undated",
                "status": f.status or "",
                "curation": f.curation or "stated",
                "quotes": f.quotes,
            }
            for f in found
        ]
        _echo(
            render(
                rows,
                columns,
                "table",
                limit=_limit(limit, fmt),
                optional=("iri", "curation", "links"),
                headers={"iri": "fact"},
                title=f"Facts {source} supports: {len(found)}",
            )
        )
    else:
        _echo(render(records, columns, fmt.value, records=records, limit=limit))


@app.command()
def validate(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Your RDF files to validate in the context of the graph they join; none: the curated data."),
    ] = None,
    sources: SourcesOpt = Sources.all,
    fmt: FormatOpt = Fmt.table,
    data: Annotated[
        list[Path] | None, typer.Option("--data", help="Same as FILES: your RDF file or directory to validate.")
    ] = None,
) -> None:
    """Check data against the SHACL shapes; one line per violation, exit 1 if any.

    With FILES (or --data), the files are read beside the curated data, as --data reads them
    everywhere, and only what is wrong in them is reported: unknown collabgraph IRIs, impossible
    dates, unknown statuses and roles (each with file and line), then the shapes' violations on
    their own nodes. Example: collabgraph validate my-partners.ttl
    """
    from dataclasses import asdict

    from collabgraph.checks.validate import validate as check
    from collabgraph.cli.tables import render

    mine = [*(files or ()), *(data or ())]
    ds = _load(sources, mine, reason=False, check=False)
    problems = []
    if mine:
        from collabgraph.checks.user_data import check_user_data
        from collabgraph.loading.load import user_files

        user = user_files(mine)
        problems = check_user_data(ds, user)
        report = check(ds, focus_graphs=[f.graph for f in user])
    else:
        report = check(ds)
    if fmt is Fmt.table:
        _echo("\n".join([*(str(p) for p in problems), *(str(v) for v in report.violations)]) if problems else str(report))
    else:
        records = [
            {
                "severity": "Violation",
                "node": p.node,
                "path": p.property,
                "message": str(p),
                "shape": "collabgraph.checks.user_data",
                "rule": p.kind,
            }
            for p in problems
        ] + [asdict(v) for v in report.violations]
        _echo(render(records, ["severity", "node", "path", "message", "shape", "rule"], fmt.value, records=records))
    if problems or not report.conforms:
        raise typer.Exit(1)


@app.command()
def verify(
    directory: Annotated[Path, typer.Argument(help="Directory holding the source documents.")],
    sources: SourcesOpt = Sources.all,
    data: DataOpt = None,
) -> None:
    """Re-check every quote against the source documents; name each one not found (exit 1)."""
    from collabgraph.checks.verify import verify_quotes

    checks = verify_quotes(_load(sources, data, reason=False), directory)
    missing = [c for c in checks if not c.found]
    for c in missing:
        typer.echo(str(c))
    typer.echo(f"{len(checks) - len(missing)} of {len(checks)} quotes found verbatim")
    if missing:
        raise typer.Exit(1)


PlannedOpt = Annotated[bool, typer.Option("--include-planned", help="Also count planned and announced agreements as ties.")]


def _network(sources: Sources, data, as_of=None, include_planned=False, history=False):
    from collabgraph.network.project import institution_graph

    ds = _load(sources, data)
    with _status("Projecting the institution network…"):
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

    _, g = _network(sources, data, as_of, include_planned)
    annotated = with_metrics(g, method=method, seed=seed)
    rows, found = annotated.ranked, annotated.communities
    membership = found.membership()
    records = [{**asdict(m), "community": membership.get(m.iri)} for m in rows]
    columns = ["label", "degree", "strength", "betweenness", "closeness", "eigenvector", "pagerank", "core_number", "community"]
    _echo(
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

    _, g = _network(sources, data, as_of, include_planned)
    with_metrics(g)
    found = find(g, limit=limit + 1 if limit else None)  # one more: are there others?
    more = bool(limit) and len(found) > limit
    records = [{**asdict(b), "reasons": b.reasons} for b in found[: limit or None]]
    _echo(
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

    ds, g = _network(sources, data, as_of, include_planned)
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
    _echo(
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

    _, g = _network(sources, data, None, include_planned, history=True)
    result = compute(g, since=since, include_planned=include_planned)
    if fmt is Fmt.json:
        _echo(render([], [], "json", records=asdict(result)))
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
    _echo(
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

    found = alliance_overlap(_load(sources, data), as_of=as_of)
    rows = [
        {"alliance": a, "members": found.sizes[a], **{b: found.shared.get((a, b), "") for b in found.alliances if b != a}}
        for a in found.alliances
    ]
    records = [{"a": a, "b": b, "shared": n, "members": found.members[(a, b)]} for (a, b), n in sorted(found.shared.items())]
    _echo(
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

    ds, g = _network(sources, data, as_of)
    found = suggest_partners(g, institution(ds, name), limit=g.number_of_nodes())  # all: to count them
    records = [asdict(s) for s in found]
    flat = [{"label": s.label, "score": round(s.score, 3), "common": s.common, "via": [p[0] for p in s.paths]} for s in found]
    _echo(
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


OverwriteOpt = Annotated[
    bool,
    typer.Option("--overwrite", help="Replace the default output file when it exists (a file named with -o is always replaced)."),
]


def _default_output(output: Path | None, default: Path, overwrite: bool) -> Path:
    """The file to write: ``-o`` as given, else ``default``, which is never replaced unless asked.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> here = pathlib.Path(tempfile.mkdtemp())
    >>> _default_output(None, here / "network.html", False) == here / "network.html"
    True
    >>> _ = (here / "network.html").write_text("mine")
    >>> _default_output(None, here / "network.html", False)
    Traceback (most recent call last):
    ...
    collabgraph.errors.CollabgraphError: .../network.html exists; name another file with -o FILE, or pass --overwrite ...
    """
    if output is not None:
        return output
    if default.exists() and not overwrite:
        raise CollabgraphError(f"{default} exists; name another file with -o FILE, or pass --overwrite to replace it")
    return default


@app.command()
def show(
    name: Annotated[str | None, typer.Argument(help="Institution at the centre (any label).")] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="HTML file to write (default: network.html, never replaced without --overwrite)."),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="The whole network, with a time slider.")] = False,
    depth: Annotated[int, typer.Option("--depth", min=0, help="Hops around the institution.")] = 1,
    as_of: AsOfOpt = None,
    sources: SourcesOpt = Sources.all,
    data: DataOpt = None,
    include_planned: PlannedOpt = False,
    color_by: Annotated[str, typer.Option("--color-by", help="type or community.")] = "type",
    aggregate: Annotated[
        str | None, typer.Option("--aggregate", help="With --all: one node per community or country (for big networks).")
    ] = None,
    overwrite: OverwriteOpt = False,
) -> None:
    """Write an interactive HTML view that works offline: around NAME, or --all with a time slider.

    Examples: collabgraph show "Maastricht University" --as-of 2020 -o um-2020.html;
    collabgraph show --all -o network.html; collabgraph show --all --aggregate country -o countries.html
    """
    from collabgraph.files.atomic import refuse_inputs
    from collabgraph.network.metrics import with_metrics
    from collabgraph.questions.ties import institution
    from collabgraph.render import render_ego, render_overview, render_whole

    if (name is None) == (not all_):
        raise CollabgraphError("give an institution NAME, or --all for the whole network (not both)")
    if aggregate is not None and not all_:
        raise CollabgraphError("--aggregate goes with --all")
    output = _default_output(output, Path("network.html"), overwrite)
    refuse_inputs(output, data or ())
    ds, g = _network(sources, data, as_of, include_planned)
    with_metrics(g)
    if aggregate is not None:
        written = render_overview(g, output, by=aggregate, title=f"collabgraph: the network by {aggregate}")
    elif all_:
        if as_of is None:  # the slider runs through every year: draw every tie in its years
            from collabgraph.network.project import history_view

            g = history_view(ds, g, include_planned=include_planned)
        written = render_whole(g, output, title="collabgraph: the whole network", color_by=color_by)
    else:
        center = institution(ds, name)
        if center not in g:
            raise CollabgraphError(f"{name} has no ties in this network" + (f" as of {as_of}" if as_of else ""))
        from collabgraph.network.project import history_view

        history = history_view(ds, g, include_planned=include_planned) if as_of is None else None
        written = render_ego(g, center, output, depth=depth, size_by="betweenness", color_by=color_by, history=history)
    typer.echo(f"wrote {written}")


@app.command()
def card(
    name: Annotated[str, typer.Argument(help="The institution (any label or alternative label).")],
    as_of: AsOfOpt = None,
    sources: SourcesOpt = Sources.all,
    data: DataOpt = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="HTML file to write (default: card.html, never replaced without --overwrite)."),
    ] = None,
    overwrite: OverwriteOpt = False,
) -> None:
    """Write a printable partnership portfolio of NAME: one offline HTML page for a board.

    Partners by kind and by country, alliances and roles, agreements on a timeline (signed,
    planned, ended), its position in the network (degree, brokerage, community), recent ties with
    their quotes and sources, partners of partners worth a look. Its partners are exactly what
    `collabgraph partners NAME` lists at the same --as-of. Print it, or save it as PDF, from the
    browser (A4, one section a page).
    Example: collabgraph card "Maastricht University" --as-of 2020 -o um-2020.html
    """
    from collabgraph.files.atomic import refuse_inputs
    from collabgraph.render.card import write_card

    output = _default_output(output, Path("card.html"), overwrite)
    refuse_inputs(output, data or ())  # before loading
    if as_of is not None:
        from collabgraph.dates import parse_partial_date

        parse_partial_date(as_of)
    ds = _load(sources, data)
    with _status("Drawing up the portfolio…"):
        written = write_card(ds, name, output, as_of=as_of, inputs=data or ())
    typer.echo(f"wrote {written}")


@app.command("export")
def export_(
    output: Annotated[Path, typer.Argument(help="File or folder to write.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="graphml, gexf, csv, jsonld, ttl, trig or vosviewer.")] = "graphml",
    as_of: AsOfOpt = None,
    sources: SourcesOpt = Sources.all,
    data: DataOpt = None,
    include_planned: PlannedOpt = False,
) -> None:
    """Export the network (GraphML, GEXF, CSV, VOSviewer) or the dataset (Turtle, TriG, JSON-LD).

    Network exports carry the metrics (centralities, community). Example:
    collabgraph export out/network.gexf --format gexf
    """
    from collabgraph.export import export as write_export
    from collabgraph.export import export_paths
    from collabgraph.export.files import protected_files
    from collabgraph.files.atomic import refuse_inputs
    from collabgraph.network.metrics import with_metrics

    refuse_inputs(export_paths(fmt, output), protected_files(data or ()))  # before minutes of loading
    if fmt in ("jsonld", "ttl", "trig"):
        ds = _load(sources, data)
        written = write_export(ds, fmt, output, inputs=data or ())
    else:
        _, g = _network(sources, data, as_of, include_planned)
        with_metrics(g)
        written = write_export(g, fmt, output, inputs=data or ())
    for path in written:
        typer.echo(f"wrote {path}")


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    timeout: Annotated[float, typer.Option("--timeout", help="Per-query time limit in seconds.")] = 10.0,
    max_rows: Annotated[int, typer.Option("--max-rows", help="Largest result (rows or triples).")] = 10_000,
    workers: Annotated[int | None, typer.Option("--workers", help="Query worker processes.")] = None,
    sources: SourcesOpt = Sources.all,
    data: DataOpt = None,
) -> None:
    """Serve a read-only SPARQL 1.1 endpoint at /sparql, a query page at / and the network at /network.

    Example: collabgraph serve --port 8000, then point SPARQLWrapper or YASGUI at
    http://127.0.0.1:8000/sparql
    """
    from collabgraph.server import Settings
    from collabgraph.server import serve as run_server

    settings = {"timeout": timeout, "max_rows": max_rows}
    if workers is not None:
        settings["workers"] = workers
    Settings.from_options(**settings)  # a bad setting fails before the graph is loaded
    if is_remote(_OPTIONS["store"]):
        raise CollabgraphError(
            "serve answers from a local store; with --store sparql:URL, point SPARQL clients at that server itself"
        )
    if _OPTIONS["store"] == "auto":  # the endpoint's workers evaluate with rdflib's engine: its store
        _OPTIONS["store"] = "memory"
    ds = _load(sources, data)
    run_server(
        ds,
        host=host,
        port=port,
        banner=f"collabgraph SPARQL endpoint: http://{host}:{port}/sparql (page: http://{host}:{port}/)",
        **settings,
    )


@app.command()
def reconcile(
    sources: SourcesOpt = Sources.all,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table, json, csv, or ttl (the merges as owl:sameAs triples).")
    ] = "table",
    data: DataOpt = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
) -> None:
    """Which names denote the same institution across the seeds, public lists and your files.

    Prints each merge with its evidence (owl:sameAs, same ROR/Wikidata id, same full name), the
    look-alike pairs left undecided, and the place names facts mention with their candidates.
    Example: collabgraph reconcile --data mine.ttl --format ttl -o same-as.ttl
    """
    from dataclasses import asdict

    from collabgraph.cli.tables import render
    from collabgraph.files.atomic import atomic_write_text, refuse_inputs
    from collabgraph.questions.lookup import names
    from collabgraph.questions.reconcile import canonical, same_as_triples

    if fmt not in ("table", "json", "csv", "ttl"):
        raise CollabgraphError(f"unknown format {fmt!r}; choose table, json, csv or ttl")
    if output is not None:
        refuse_inputs(output, data or ())
    ds = _load(sources, data)
    result, index = canonical(ds), names(ds)
    if fmt == "ttl":
        from rdflib import Graph

        from collabgraph.namespaces import PREFIXES

        graph = Graph()
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns)
        for triple in same_as_triples(result):
            graph.add(triple)
        text = "# owl:sameAs decided by `collabgraph reconcile`; alias -> canonical IRI.\n" + graph.serialize(format="turtle")
    else:
        rows = [
            {"decision": "merged", "a": index.label(m.canonical), "b": m.alias, "rule": m.rule, "evidence": m.evidence}
            for m in result.merges
        ]
        rows += [
            {
                "decision": "undecided",
                "a": index.label(u.a),
                "b": index.label(u.b),
                "rule": "fuzzy name",
                "evidence": f"{u.score}: {u.names[0]} / {u.names[1]}",
            }
            for u in result.undecided
        ]
        rows += [
            {
                "decision": "resolved" if m.resolved else "mention",
                "a": " / ".join(m.texts),
                "b": "; ".join(index.label(c) for c, _ in m.candidates),
                "rule": "alliance member list",
                "evidence": "; ".join(sorted({src for _, src in m.candidates})),
            }
            for m in result.mentions
        ]
        text = render(
            rows,
            ["decision", "a", "b", "rule", "evidence"],
            fmt,
            title=(
                f"{len(result.merges)} merged, {len(result.undecided)} undecided, "
                f"{len(result.mentions)} mentions ({sum(1 for m in result.mentions if m.resolved)} resolved)"
            ),
            records={
                "merges": [asdict(m) for m in result.merges],
                "undecided": [asdict(u) for u in result.undecided],
                "mentions": [asdict(m) for m in result.mentions],
            },
        )
    if output is None:
        _echo(text)
    else:
        atomic_write_text(output, text if text.endswith("\n") else text + "\n")


@app.command()
def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Pages (.txt, .html, .pdf), directories of pages, or a .csv/.xlsx of agreements (with --parties)."),
    ],
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            help="The page's publication date (YYYY-MM-DD): anchors 'gestern', 'vorig jaar', "
            "'the previous month'. Default: the page's own dateline, if it has one.",
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write a review file (YAML) to edit, then `collabgraph accept` it.")
    ] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an existing review file.")] = False,
    parties: Annotated[
        str | None, typer.Option("--parties", help="Tables: the column naming the parties (several separated by ';').")
    ] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Tables: the column giving the agreement's kind.")] = None,
    date: Annotated[str | None, typer.Option("--date", help="Tables: the column giving the date.")] = None,
    end_date: Annotated[str | None, typer.Option("--end-date", help="Tables: the column giving the end date.")] = None,
    status: Annotated[str | None, typer.Option("--status", help="Tables: the column giving the status.")] = None,
    url: Annotated[str | None, typer.Option("--url", help="Tables: the column giving a source URL.")] = None,
    sources: SourcesOpt = Sources.all,
    data: DataOpt = None,
) -> None:
    """Propose candidate facts, each with its verbatim quote, from pages you bring.

    Organisations are matched against every name the graph knows (yours with --data); new ones
    are proposed as new. Nothing reaches the network. Review the candidates in the file -o
    writes, then accept them into your data directory.
    Example: collabgraph ingest press-release.html --published 2025-03-14 -o review.yaml
    """
    import json

    from collabgraph.files.atomic import refuse_inputs
    from collabgraph.ingest import document_paths, ingest_file
    from collabgraph.ingest.organisations import Gazetteer
    from collabgraph.ingest.text import TABLE_SUFFIXES, UnreadableDocument

    if fmt not in ("table", "json"):
        raise CollabgraphError(f"unknown format {fmt!r}; choose table or json")
    if published is not None:
        from collabgraph.dates import parse_partial_date

        parse_partial_date(published)
    files = (
        document_paths(paths) if not any(Path(p).suffix.lower() in TABLE_SUFFIXES for p in paths) else [Path(p) for p in paths]
    )
    named = {Path(p) for p in paths if not Path(p).is_dir()}
    if output is not None:
        refuse_inputs(output, [*files, *(data or ())])
        if output.exists() and not overwrite:
            raise CollabgraphError(f"{output}: exists; pass --overwrite to replace it, or choose another name")
    ds = _load(sources, data)
    with _status("Reading the pages…"):
        gazetteer = Gazetteer.from_dataset(ds)
        readings = []
        for path in files:
            if path.suffix.lower() in TABLE_SUFFIXES:
                from collabgraph.ingest.table import read_table

                if parties is None:
                    raise CollabgraphError(f"{path}: a table needs --parties COLUMN (and --kind, --date, … as it has)")
                readings.append(
                    read_table(
                        path,
                        parties=parties,
                        kind=kind,
                        date=date,
                        status=status,
                        end_date=end_date,
                        url=url,
                        gazetteer=gazetteer,
                    )
                )
            elif path in named:
                readings.append(ingest_file(path, gazetteer, published=published))
            else:  # found in a directory: one unreadable file does not stop the others
                try:
                    readings.append(ingest_file(path, gazetteer, published=published))
                except UnreadableDocument as exc:
                    typer.echo(f"skipped: {exc}", err=True)
    for r in readings:
        if r.language not in (None, "de", "nl", "en", "fr") and Path(r.source).suffix.lower() not in TABLE_SUFFIXES:
            typer.echo(
                f"note: {r.source} reads as language {r.language!r}; ingest's cue words are German, Dutch, "
                f"English and French, so it may miss facts there",
                err=True,
            )
    if output is not None:
        from collabgraph.ingest.review import write_review

        write_review(readings, output, overwrite=overwrite)
        count = sum(len(r.candidates) for r in readings)
        typer.echo(
            f"{count} candidates from {len(readings)} source(s) written to {output}; edit it, then: "
            f"collabgraph accept {output} --into DIR",
            err=True,
        )
        return
    if fmt == "json":
        records = [r.to_json() for r in readings]
        _echo(json.dumps(records[0] if len(records) == 1 else records, ensure_ascii=False, indent=2))
        return
    from collabgraph.cli.tables import render

    for r in readings:
        rows = [
            {
                "id": c.id,
                "kind": c.kind,
                "status": c.status,
                "date": c.date or "",
                "parties": "; ".join(
                    f"{p.name}{' → ' + p.label if p.label and p.label != p.name else ''}{' (new)' if p.new else ''}"
                    for p in c.parties
                ),
                "confidence": f"{c.confidence:.2f}",
                "quote": c.quote,
            }
            for c in r.candidates
        ]
        title = (
            f"{r.source}: {len(rows)} candidates ({r.language or 'language unknown'}, published "
            f"{r.published or 'unknown'}{' from ' + r.published_basis if r.published_basis else ''})"
        )
        _echo(render(rows, ["id", "kind", "status", "date", "parties", "confidence", "quote"], "table", title=title))


@app.command()
def accept(
    review: Annotated[Path, typer.Argument(help="The review file `collabgraph ingest -o` wrote, edited.")],
    into: Annotated[
        Path, typer.Option("--into", help="Your data directory: one Turtle file per source is written here (use it with --data).")
    ],
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace a source's existing Turtle file.")] = False,
) -> None:
    """Write the accepted candidates of a review file as Turtle in your data directory.

    Every fact keeps its source (file name, SHA-256, URL) and verbatim quote with offsets. The
    new file is validated and every quote checked against the page first; if anything fails,
    nothing is written. Then: collabgraph partners NAME --data DIR.
    Example: collabgraph accept review.yaml --into mydata/
    """
    from collabgraph.ingest.accept import accept as accept_review

    with _status("Validating and verifying the accepted facts…"):
        written = accept_review(review, into, overwrite=overwrite)
    for path in written:
        typer.echo(f"wrote {path}")


@app.command("import-reference")
def import_reference(
    reference_dir: Annotated[Path, typer.Argument(help="Folder with alliances.csv, identifiers.csv.")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the generated graphs.")] = Path("data/public"),
) -> None:
    """Regenerate the public-sources graphs from the shared reference tables (curators)."""
    from collabgraph.files.atomic import refuse_inputs
    from collabgraph.ingest.reference import import_reference as build_graphs
    from collabgraph.ingest.reference import write_reference

    for table in ("alliances.csv", "identifiers.csv"):
        refuse_inputs(out / table, [reference_dir / table])
    result = build_graphs(reference_dir)
    for path in write_reference(result, out):
        typer.echo(f"wrote {path}")
    for line in result.skipped:
        typer.echo(f"skipped {line}")


@app.command()
def push(
    sources: SourcesOpt = Sources.all,
    data: DataOpt = None,
    graph_store: Annotated[
        str | None,
        typer.Option("--graph-store", help="The server's Graph Store Protocol URL (guessed for Oxigraph and Virtuoso)."),
    ] = None,
    user: Annotated[str | None, typer.Option("--user", help="USER:PASSWORD for HTTP digest authentication (Virtuoso).")] = None,
    via: Annotated[
        str, typer.Option("--via", help="Local store to load into before sending (auto, memory or oxigraph).")
    ] = "auto",
    no_reason: Annotated[bool, typer.Option("--no-reason", help="Do not send inferred triples.")] = False,
) -> None:
    """Load the dataset into a SPARQL server given by --store sparql:URL, replacing its graphs.

    Example: collabgraph --store sparql:http://localhost:7878/query push
    then: collabgraph --store sparql:http://localhost:7878/query partners "Maastricht University"
    """
    from collabgraph.export.push import push as run_push
    from collabgraph.loading.load import load

    if not is_remote(_OPTIONS["store"]):  # before minutes of loading, not after
        raise CollabgraphError(f"push needs a remote store, --store sparql:URL (got {_OPTIONS['store']!r})")
    if user is not None and ":" not in user:
        raise CollabgraphError("--user takes USER:PASSWORD")
    auth = tuple(user.split(":", 1)) if user else None
    with _status("Loading the graph to push…"):
        ds = load(sources=sources.value, data=data or (), reason=not no_reason, store=via, reasoner=_OPTIONS["reasoner"])
    with _status("Pushing named graphs…"):
        result = run_push(_OPTIONS["store"], graph_store=graph_store, dataset=ds, auth=auth)
    for iri, count in result.triples.items():
        typer.echo(f"{count:>9} triples  {iri}")
    typer.echo(f"pushed {result.total} triples in {result.requests} requests to {result.graph_store} in {result.seconds:.2f}s")


@app.command()
def build(
    out: Annotated[Path, typer.Option("--out", help="Output directory.")] = Path("out"),
    sources: SourcesOpt = Sources.all,
    seeds: Annotated[
        Path | None, typer.Option("--seeds", help="Source documents to verify quotes against (default: ../shared/seeds).")
    ] = None,
    data: DataOpt = None,
) -> None:
    """The main job: load, reason, validate, verify quotes, write outputs under OUT."""
    from collabgraph.build import build as run_build
    from collabgraph.files.atomic import protecting

    with _status("Building: load, reason, validate, verify quotes, metrics, pictures, exports…"), protecting(data or ()):
        result = run_build(
            out, sources=sources.value, data=data or (), seeds_dir=seeds, store=_OPTIONS["store"], reasoner=_OPTIONS["reasoner"]
        )
    for path in result.outputs:
        typer.echo(f"wrote {path}")
    timings = ", ".join(f"{k} {v:.2f}s" for k, v in result.seconds.items())
    typer.echo(
        f"violations: {result.violations}; inconsistencies: {len(result.inconsistencies)}; "
        f"quotes checked: {result.quotes_checked}, not found: "
        f"{len(result.quotes_missing)}; {timings}"
    )
    for line in result.inconsistencies + result.quotes_missing:
        typer.echo(line)
    if not result.ok:
        raise typer.Exit(1)


def main() -> None:
    """Entry point: run the app, turning collabgraph's errors into one line and exit code 2."""
    import logging

    # rdflib logs a traceback for every literal it cannot convert ("2020-02-30"^^xsd:date); the
    # user-data check reports those as one line with file and line, so keep rdflib's quiet.
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    try:
        app()
    except CollabgraphError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except OSError as exc:  # unwritable output, a directory where a file was expected, …
        where = f"{exc.filename}: " if exc.filename else ""
        typer.echo(f"error: {where}{exc.strerror or exc}", err=True)
        sys.exit(2)
