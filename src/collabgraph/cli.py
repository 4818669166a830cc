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

from .errors import CollabgraphError
from .store import is_remote

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
SourcesOpt = Annotated[Sources, typer.Option(
    "--sources", help="seeds: the five source documents only; all: plus public sources.")]
AsOfOpt = Annotated[str | None, typer.Option(
    "--as-of", help="Only what had started by this date (YYYY, YYYY-MM or YYYY-MM-DD).")]
DataOpt = Annotated[list[Path] | None, typer.Option(
    "--data", help="Your own RDF file or directory, loaded read-only beside the curated data.")]


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
    store: Annotated[str, typer.Option(
        "--store", help="Triple store: auto (memory for small inputs, oxigraph above 5 MiB), memory, "
                        "oxigraph, oxigraph:PATH (kept on disk, reopened without parsing), or "
                        "sparql:URL (a SPARQL server filled by push).")] = "auto",
    reasoner: Annotated[str, typer.Option(
        "--reasoner", help="auto (owlrl up to 20,000 triples, else rules), owlrl (the reference), "
                           "or rules (the ontology's OWL 2 RL rules as SPARQL in the store).")] = "auto",
) -> None:
    """Institutional partnerships as a knowledge graph: query, validate, verify, build."""
    _OPTIONS["store"] = store
    _OPTIONS["reasoner"] = reasoner


def _load(sources: Sources, data: list[Path] | None, **options):
    from .load import load

    with _status("Loading the graph and reasoning (cached after the first run)…"):
        return load(sources=sources.value, data=data or (), store=_OPTIONS["store"],
                    reasoner=_OPTIONS["reasoner"], **options)


def _echo(text: str) -> None:
    typer.echo(text.rstrip("\n"))


@app.command()
def query(
    sparql: Annotated[str, typer.Argument(help="SPARQL text, a .rq file, or a named query.")],
    fmt: FormatOpt = Fmt.table,
    sources: SourcesOpt = Sources.all,
    data: DataOpt = None,
    bind: Annotated[list[str] | None, typer.Option(
        "--bind", help="VAR=VALUE for a query variable (an IRI, a cgr: name, or a literal).")
    ] = None,
) -> None:
    """Run a SPARQL SELECT or ASK query.

    Examples: collabgraph query 'SELECT ?a WHERE { ?a a cg:Alliance }' --format csv;
    collabgraph query agreements_in_year --bind year=2019
    """
    from .output import render
    from .query import parse_binding, query_text, run

    bindings = dict(parse_binding(b) for b in bind or ())
    rows = run(_load(sources, data), query_text(sparql), **bindings)
    _echo(render(rows.rows, rows.vars, fmt.value))


FormerOpt = Annotated[bool, typer.Option(
    "--former", help="Also list ties that ended at a date no source gives (former members), flagged.")]


@app.command()
def partners(
    name: Annotated[str, typer.Argument(help="Any label or alternative label, any case.")],
    as_of: AsOfOpt = None,
    sources: SourcesOpt = Sources.all,
    fmt: FormatOpt = Fmt.table,
    data: DataOpt = None,
    kind: Annotated[list[str] | None, typer.Option(
        "--kind", help="Only these kinds of tie (repeat): mou, cooperation_agreement, "
                       "strategic_partnership, strategic_network, joint_programme, agreement, "
                       "collaboration, funding, alliance (a shared alliance), membership (the "
                       "alliance itself).")] = None,
    include_planned: Annotated[bool, typer.Option(
        "--include-planned", help="Also planned and announced agreements.")] = False,
    former: FormerOpt = False,
) -> None:
    """Who an institution collaborates with, and through what: every kind of tie, one row each.

    Example: collabgraph partners "Maastricht University" --as-of 2020 --format json
    """
    from collections import Counter

    from .output import render
    from .partners import KINDS
    from .partners import partners as find

    unknown = sorted(set(kind or ()) - set(KINDS))
    if unknown:
        raise CollabgraphError(f"unknown kind {', '.join(unknown)}; choose from {', '.join(KINDS)}")
    found = find(_load(sources, data), name, as_of=as_of, include_planned=include_planned,
                 kinds=set(kind) if kind else None, former=former)
    flat = [{"partner": p.label, "kind": v.kind, "via": v.label, "date": v.date,
             "status": v.status + (" (former)" if v.former else "") if v.status else None,
             "curation": v.curation, "source": v.source}
            for p in found for v in p.via]
    counts = Counter(v.kind for p in found for v in p.via)
    title = (f"Partners of {name}{f' as of {as_of}' if as_of else ''}: {len(found)} partners, "
             f"{len(flat)} ties (" + ", ".join(f"{k} {n}" for k, n in sorted(counts.items())) + ")")
    _echo(render(flat, ["partner", "kind", "via", "date", "status", "curation", "source"],
                 fmt.value, records=[p.to_dict() for p in found], title=title))


@app.command()
def members(
    alliance: Annotated[str, typer.Argument(help="Any label or alternative label of an alliance.")],
    as_of: AsOfOpt = None,
    sources: SourcesOpt = Sources.all,
    fmt: FormatOpt = Fmt.table,
    data: DataOpt = None,
    former: FormerOpt = False,
) -> None:
    """Members of an alliance (each institution once) with roles, join date, status and sources.

    Example: collabgraph members CHARM-EU --format json
    """
    from .members import members as find
    from .output import render

    found = find(_load(sources, data), alliance, as_of=as_of, former=former)
    records = [m.to_dict() for m in found]
    flat = [{**r, "status": r["status"] + (" (former)" if r["former"] else "") if r["status"] else None}
            for r in records]
    _echo(render(flat, ["label", "role", "since", "status", "curation", "source"],
                 fmt.value, records=records,
                 title=f"Members of {alliance}{f' as of {as_of}' if as_of else ''}: {len(found)}"))


@app.command()
def stats(
    sources: SourcesOpt = Sources.all,
    fmt: FormatOpt = Fmt.table,
    data: DataOpt = None,
) -> None:
    """Counts by type (institutions, agreements, memberships, quotes, triples) per source."""
    from dataclasses import asdict

    from .output import render
    from .stats import CATEGORIES
    from .stats import stats as compute

    found = compute(_load(sources, data))
    flat = [{"graph": s.graph, "triples": s.triples, "quotes": s.quotes, **s.counts}
            for s in found]
    _echo(render(flat, ["graph", "triples", "quotes", *CATEGORIES], fmt.value,
                 records=[asdict(s) for s in found]))


@app.command()
def facts(
    source: Annotated[str, typer.Argument(help="A source: its stem, file name or IRI.")],
    fmt: FormatOpt = Fmt.table,
    sources: SourcesOpt = Sources.all,
    data: DataOpt = None,
) -> None:
    """Every fact one source supports: type, label, links, date, status, quotes (curators).

    Example: collabgraph facts 000_b86e7fc7cd7be3f7
    """
    from dataclasses import asdict

    from .coverage import source_facts
    from .output import render

    found = source_facts(_load(sources, data), source)
    records = [asdict(f) for f in found]
    if fmt is Fmt.table:
        _echo("\n".join(str(f) for f in found))
    else:
        _echo(render(records, ["type", "iri", "label", "links", "date", "status", "curation",
                               "quotes"], fmt.value, records=records))


@app.command()
def validate(
    files: Annotated[list[Path] | None, typer.Argument(
        help="Your RDF files to validate in the context of the graph they join; none: the "
             "curated data.")] = None,
    sources: SourcesOpt = Sources.all,
    fmt: FormatOpt = Fmt.table,
    data: Annotated[list[Path] | None, typer.Option(
        "--data", help="Same as FILES: your RDF file or directory to validate.")] = None,
) -> None:
    """Check data against the SHACL shapes; one line per violation, exit 1 if any.

    With FILES (or --data), the files are read beside the curated data, as --data reads them
    everywhere, and only what is wrong in them is reported: unknown collabgraph IRIs, impossible
    dates, unknown statuses and roles (each with file and line), then the shapes' violations on
    their own nodes. Example: collabgraph validate my-partners.ttl
    """
    from dataclasses import asdict

    from .output import render
    from .validate import validate as check

    mine = [*(files or ()), *(data or ())]
    ds = _load(sources, mine, reason=False, check=False)
    problems = []
    if mine:
        from .check import check_user_data
        from .load import user_files

        user = user_files(mine)
        problems = check_user_data(ds, user)
        report = check(ds, focus_graphs=[f.graph for f in user])
    else:
        report = check(ds)
    if fmt is Fmt.table:
        _echo("\n".join([*(str(p) for p in problems), *(str(v) for v in report.violations)])
              if problems else str(report))
    else:
        records = [{"severity": "Violation", "node": p.node, "path": p.property,
                    "message": str(p), "shape": "collabgraph.check", "rule": p.kind}
                   for p in problems] + [asdict(v) for v in report.violations]
        _echo(render(records, ["severity", "node", "path", "message", "shape", "rule"],
                     fmt.value, records=records))
    if problems or not report.conforms:
        raise typer.Exit(1)


@app.command()
def verify(
    directory: Annotated[Path, typer.Argument(help="Directory holding the source documents.")],
    sources: SourcesOpt = Sources.all,
    data: DataOpt = None,
) -> None:
    """Re-check every quote against the source documents; name each one not found (exit 1)."""
    from .verify import verify_quotes

    checks = verify_quotes(_load(sources, data, reason=False), directory)
    missing = [c for c in checks if not c.found]
    for c in missing:
        typer.echo(str(c))
    typer.echo(f"{len(checks) - len(missing)} of {len(checks)} quotes found verbatim")
    if missing:
        raise typer.Exit(1)


PlannedOpt = Annotated[bool, typer.Option(
    "--include-planned", help="Also count planned and announced agreements as ties.")]


def _network(sources: Sources, data, as_of=None, include_planned=False, history=False):
    from .network.project import institution_graph

    ds = _load(sources, data)
    with _status("Projecting the institution network…"):
        return ds, institution_graph(ds, as_of=as_of, include_planned=include_planned,
                                     history=history)


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

    from .network.centrality import centrality
    from .network.communities import communities
    from .output import render

    _, g = _network(sources, data, as_of, include_planned)
    rows = centrality(g)
    found = communities(g, method=method, seed=seed)
    membership = found.membership()
    records = [{**asdict(m), "community": membership.get(m.iri)} for m in rows]
    records = records[:limit] if limit else records
    columns = ["label", "degree", "strength", "betweenness", "closeness", "eigenvector",
               "pagerank", "core_number", "community"]
    _echo(render(records, columns, fmt.value, records=records,
                 title=f"{len(found.groups)} {method} communities, modularity "
                       f"{found.modularity:.3f}"))


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

    from .network.brokers import brokers as find
    from .network.communities import communities
    from .output import render

    _, g = _network(sources, data, as_of, include_planned)
    communities(g)
    records = [{**asdict(b), "reasons": b.reasons} for b in find(g, limit=limit or None)]
    _echo(render(records, ["label", "betweenness", "constraint", "effective_size",
                           "articulation_point", "alliances", "communities", "reasons"],
                 fmt.value, records=records, title="Brokers"))


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
    from .lookup import names
    from .network.paths import explain_path
    from .output import render
    from .ties import institution

    ds, g = _network(sources, data, as_of, include_planned)
    index = names(ds)
    hops = explain_path(g, institution(ds, source, index), institution(ds, target, index),
                        labels=index.label)
    flat = [{"from": h.source_label, "to": h.target_label, "kind": t["kind"], "via": t["label"],
             "date": t["date"] or "undated", "source": "; ".join(t["sources"]),
             "quote": t["quote"]} for h in hops for t in h.ties]
    records = [{"from": h.source_label, "to": h.target_label, "from_iri": h.source,
                "to_iri": h.target, "ties": list(h.ties)} for h in hops]
    _echo(render(flat, ["from", "to", "kind", "via", "date", "source", "quote"], fmt.value,
                 records=records, title=f"{len(hops)} hop(s)"))


@app.command()
def growth(
    since: Annotated[int | None, typer.Option("--since", help="First year to report.")] = None,
    sources: SourcesOpt = Sources.all,
    fmt: FormatOpt = Fmt.table,
    data: DataOpt = None,
    include_planned: PlannedOpt = False,
) -> None:
    """Institutions, ties and agreements added per year, with totals; undated ones apart.

    Example: collabgraph growth --since 2018
    """
    from dataclasses import asdict

    from .network.growth import growth as compute
    from .output import render

    _, g = _network(sources, data, None, include_planned, history=True)
    result = compute(g, since=since, include_planned=include_planned)
    records = [asdict(y) for y in result.years]
    columns = ["year", "institutions_added", "ties_added", "agreements_added",
               "institutions_total", "ties_total", "agreements_total"]
    note = (f"before {result.since}: {result.before}; undated (not placed in any year): "
            f"{result.undated}")
    if fmt is Fmt.json:
        _echo(render(records, columns, "json", records=asdict(result)))
    else:
        _echo(render(records, columns, fmt.value, title=note))
        if fmt is Fmt.table:
            _echo(note)


@app.command()
def overlap(
    sources: SourcesOpt = Sources.all,
    fmt: FormatOpt = Fmt.table,
    data: DataOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Alliance overlap: for each pair of alliances, how many members they share (today or --as-of)."""
    from .network.decisions import alliance_overlap
    from .output import render

    found = alliance_overlap(_load(sources, data), as_of=as_of)
    rows = [{"alliance": a, "members": found.sizes[a],
             **{b: found.shared.get((a, b), "") for b in found.alliances if b != a}}
            for a in found.alliances]
    records = [{"a": a, "b": b, "shared": n, "members": found.members[(a, b)]}
               for (a, b), n in sorted(found.shared.items())]
    _echo(render(rows, ["alliance", "members", *found.alliances], fmt.value, records=records))


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

    from .network.decisions import suggest_partners
    from .output import render
    from .ties import institution

    ds, g = _network(sources, data, as_of)
    found = suggest_partners(g, institution(ds, name), limit=limit)
    records = [asdict(s) for s in found]
    flat = [{"label": s.label, "score": round(s.score, 3), "common": s.common,
             "via": [p[0] for p in s.paths]} for s in found]
    _echo(render(flat, ["label", "score", "common", "via"], fmt.value, records=records))


@app.command()
def show(
    name: Annotated[str | None, typer.Argument(help="Institution at the centre (any label).")] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")] = Path(
        "network.html"),
    all_: Annotated[bool, typer.Option("--all", help="The whole network, with a time slider.")] = False,
    depth: Annotated[int, typer.Option("--depth", min=0, help="Hops around the institution.")] = 1,
    as_of: AsOfOpt = None,
    sources: SourcesOpt = Sources.all,
    data: DataOpt = None,
    include_planned: PlannedOpt = False,
    color_by: Annotated[str, typer.Option("--color-by", help="type or community.")] = "type",
    aggregate: Annotated[str | None, typer.Option(
        "--aggregate", help="With --all: one node per community or country (for big networks).")] = None,
) -> None:
    """Write an interactive HTML view that works offline: around NAME, or --all with a time slider.

    Examples: collabgraph show "Maastricht University" --as-of 2020 -o um-2020.html;
    collabgraph show --all -o network.html; collabgraph show --all --aggregate country -o countries.html
    """
    from .network.centrality import centrality
    from .network.communities import communities
    from .render import render_ego, render_html, render_whole
    from .ties import institution
    from .write import refuse_inputs

    if (name is None) == (not all_):
        raise CollabgraphError("give an institution NAME, or --all for the whole network (not both)")
    if aggregate is not None and not all_:
        raise CollabgraphError("--aggregate goes with --all")
    refuse_inputs(output, data or ())
    ds, g = _network(sources, data, as_of, include_planned)
    centrality(g)
    communities(g)
    if aggregate is not None:
        from .network.aggregate import aggregate as collapse

        written = render_html(collapse(g, by=aggregate), output, size_by="institutions",
                              title=f"collabgraph: the network by {aggregate}", time_slider=True)
    elif all_:
        if as_of is None:  # the slider runs through every year: draw every tie in its years
            from .network.project import history_view

            g = history_view(ds, g, include_planned=include_planned)
        written = render_whole(g, output, title="collabgraph: the whole network", color_by=color_by)
    else:
        center = institution(ds, name)
        if center not in g:
            raise CollabgraphError(f"{name} has no ties in this network"
                                   + (f" as of {as_of}" if as_of else ""))
        written = render_ego(g, center, output, depth=depth, size_by="betweenness",
                             color_by=color_by)
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
    from .export import export as write_export
    from .export import export_paths
    from .export.files import protected_files
    from .network.centrality import centrality
    from .network.communities import communities
    from .write import refuse_inputs

    refuse_inputs(export_paths(fmt, output), protected_files(data or ()))  # before minutes of loading
    if fmt in ("jsonld", "ttl", "trig"):
        ds = _load(sources, data)
        written = write_export(ds, fmt, output, inputs=data or ())
    else:
        _, g = _network(sources, data, as_of, include_planned)
        centrality(g)
        communities(g)
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
    from .server import Settings
    from .server import serve as run_server

    settings = {"timeout": timeout, "max_rows": max_rows}
    if workers is not None:
        settings["workers"] = workers
    Settings.from_options(**settings)  # a bad setting fails before the graph is loaded
    if is_remote(_OPTIONS["store"]):
        raise CollabgraphError("serve answers from a local store; with --store sparql:URL, point "
                               "SPARQL clients at that server itself")
    if _OPTIONS["store"] == "auto":  # the endpoint's workers evaluate with rdflib's engine: its store
        _OPTIONS["store"] = "memory"
    ds = _load(sources, data)
    run_server(ds, host=host, port=port, banner=f"collabgraph SPARQL endpoint: http://{host}:{port}/sparql "
                                                f"(page: http://{host}:{port}/)", **settings)


@app.command()
def reconcile(
    sources: SourcesOpt = Sources.all,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json, csv, or ttl (the merges as "
                                                            "owl:sameAs triples).")] = "table",
    data: DataOpt = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
) -> None:
    """Which names denote the same institution across the seeds, public lists and your files.

    Prints each merge with its evidence (owl:sameAs, same ROR/Wikidata id, same full name), the
    look-alike pairs left undecided, and the place names facts mention with their candidates.
    Example: collabgraph reconcile --data mine.ttl --format ttl -o same-as.ttl
    """
    from dataclasses import asdict

    from .lookup import names
    from .output import render
    from .reconcile import canonical, same_as_triples
    from .write import atomic_write_text, refuse_inputs

    if fmt not in ("table", "json", "csv", "ttl"):
        raise CollabgraphError(f"unknown format {fmt!r}; choose table, json, csv or ttl")
    if output is not None:
        refuse_inputs(output, data or ())
    ds = _load(sources, data)
    result, index = canonical(ds), names(ds)
    if fmt == "ttl":
        from rdflib import Graph

        from .namespaces import PREFIXES

        graph = Graph()
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns)
        for triple in same_as_triples(result):
            graph.add(triple)
        text = "# owl:sameAs decided by `collabgraph reconcile`; alias -> canonical IRI.\n" + \
            graph.serialize(format="turtle")
    else:
        rows = [{"decision": "merged", "a": index.label(m.canonical), "b": m.alias, "rule": m.rule,
                 "evidence": m.evidence} for m in result.merges]
        rows += [{"decision": "undecided", "a": index.label(u.a), "b": index.label(u.b),
                  "rule": "fuzzy name", "evidence": f"{u.score}: {u.names[0]} / {u.names[1]}"}
                 for u in result.undecided]
        rows += [{"decision": "resolved" if m.resolved else "mention", "a": " / ".join(m.texts),
                  "b": "; ".join(index.label(c) for c, _ in m.candidates), "rule": "alliance member list",
                  "evidence": "; ".join(sorted({src for _, src in m.candidates}))}
                 for m in result.mentions]
        text = render(rows, ["decision", "a", "b", "rule", "evidence"], fmt, title=(
            f"{len(result.merges)} merged, {len(result.undecided)} undecided, "
            f"{len(result.mentions)} mentions ({sum(1 for m in result.mentions if m.resolved)} resolved)"),
            records={
                "merges": [asdict(m) for m in result.merges],
                "undecided": [asdict(u) for u in result.undecided],
                "mentions": [asdict(m) for m in result.mentions]})
    if output is None:
        _echo(text)
    else:
        atomic_write_text(output, text if text.endswith("\n") else text + "\n")


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Pages (.txt, .html, .pdf), directories of pages, or a "
                                                    ".csv/.xlsx of agreements (with --parties).")],
    published: Annotated[str | None, typer.Option(
        "--published", help="The page's publication date (YYYY-MM-DD): anchors 'gestern', 'vorig jaar', "
                            "'the previous month'. Default: the page's own dateline, if it has one.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="Write a review file (YAML) to edit, then `collabgraph accept` it.")] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an existing review file.")] = False,
    parties: Annotated[str | None, typer.Option(
        "--parties", help="Tables: the column naming the parties (several separated by ';').")] = None,
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

    from .ingest import document_paths, ingest_file
    from .ingest.organisations import Gazetteer
    from .ingest.text import TABLE_SUFFIXES
    from .write import refuse_inputs

    if fmt not in ("table", "json"):
        raise CollabgraphError(f"unknown format {fmt!r}; choose table or json")
    if published is not None:
        from .dates import parse_partial_date

        parse_partial_date(published)
    files = document_paths(paths) if not any(Path(p).suffix.lower() in TABLE_SUFFIXES for p in paths) \
        else [Path(p) for p in paths]
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
                from .ingest.table import read_table

                if parties is None:
                    raise CollabgraphError(f"{path}: a table needs --parties COLUMN (and --kind, --date, … as it has)")
                readings.append(read_table(path, parties=parties, kind=kind, date=date, status=status,
                                           end_date=end_date, url=url, gazetteer=gazetteer))
            else:
                readings.append(ingest_file(path, gazetteer, published=published))
    if output is not None:
        from .ingest.review import write_review

        write_review(readings, output, overwrite=overwrite)
        count = sum(len(r.candidates) for r in readings)
        typer.echo(f"{count} candidates from {len(readings)} source(s) written to {output}; edit it, then: "
                   f"collabgraph accept {output} --into DIR", err=True)
        return
    if fmt == "json":
        records = [r.to_json() for r in readings]
        _echo(json.dumps(records[0] if len(records) == 1 else records, ensure_ascii=False, indent=2))
        return
    from .output import render

    for r in readings:
        rows = [{"id": c.id, "kind": c.kind, "status": c.status, "date": c.date or "",
                 "parties": "; ".join(f"{p.name}{' → ' + p.label if p.label and p.label != p.name else ''}"
                                      f"{' (new)' if p.new else ''}" for p in c.parties),
                 "confidence": f"{c.confidence:.2f}", "quote": c.quote}
                for c in r.candidates]
        title = (f"{r.source}: {len(rows)} candidates ({r.language or 'language unknown'}, published "
                 f"{r.published or 'unknown'}{' from ' + r.published_basis if r.published_basis else ''})")
        _echo(render(rows, ["id", "kind", "status", "date", "parties", "confidence", "quote"], "table", title=title))


@app.command()
def accept(
    review: Annotated[Path, typer.Argument(help="The review file `collabgraph ingest -o` wrote, edited.")],
    into: Annotated[Path, typer.Option("--into", help="Your data directory: one Turtle file per source is "
                                                      "written here (use it with --data).")],
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace a source's existing Turtle file.")] = False,
) -> None:
    """Write the accepted candidates of a review file as Turtle in your data directory.

    Every fact keeps its source (file name, SHA-256, URL) and verbatim quote with offsets. The
    new file is validated and every quote checked against the page first; if anything fails,
    nothing is written. Then: collabgraph partners NAME --data DIR.
    Example: collabgraph accept review.yaml --into mydata/
    """
    from .ingest.accept import accept as accept_review

    with _status("Validating and verifying the accepted facts…"):
        written = accept_review(review, into, overwrite=overwrite)
    for path in written:
        typer.echo(f"wrote {path}")


@app.command("import-reference")
def import_reference(
    reference_dir: Annotated[Path, typer.Argument(help="Folder with alliances.csv, identifiers.csv.")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the generated graphs.")] = Path(
        "data/public"),
) -> None:
    """Regenerate the public-sources graphs from the shared reference tables (curators)."""
    from .reference import import_reference as build_graphs
    from .reference import write_reference
    from .write import refuse_inputs

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
    graph_store: Annotated[str | None, typer.Option(
        "--graph-store", help="The server's Graph Store Protocol URL (guessed for Oxigraph and "
                              "Virtuoso).")] = None,
    user: Annotated[str | None, typer.Option(
        "--user", help="USER:PASSWORD for HTTP digest authentication (Virtuoso).")] = None,
    via: Annotated[str, typer.Option(
        "--via", help="Local store to load into before sending (auto, memory or oxigraph).")] = "auto",
    no_reason: Annotated[bool, typer.Option("--no-reason", help="Do not send inferred triples.")] = False,
) -> None:
    """Load the dataset into a SPARQL server given by --store sparql:URL, replacing its graphs.

    Example: collabgraph --store sparql:http://localhost:7878/query push
    then: collabgraph --store sparql:http://localhost:7878/query partners "Maastricht University"
    """
    from .load import load
    from .push import push as run_push

    if not is_remote(_OPTIONS["store"]):  # before minutes of loading, not after
        raise CollabgraphError(f"push needs a remote store, --store sparql:URL (got {_OPTIONS['store']!r})")
    if user is not None and ":" not in user:
        raise CollabgraphError("--user takes USER:PASSWORD")
    auth = tuple(user.split(":", 1)) if user else None
    with _status("Loading the graph to push…"):
        ds = load(sources=sources.value, data=data or (), reason=not no_reason, store=via,
                  reasoner=_OPTIONS["reasoner"])
    with _status("Pushing named graphs…"):
        result = run_push(_OPTIONS["store"], graph_store=graph_store, dataset=ds, auth=auth)
    for iri, count in result.triples.items():
        typer.echo(f"{count:>9} triples  {iri}")
    typer.echo(f"pushed {result.total} triples in {result.requests} requests to "
               f"{result.graph_store} in {result.seconds:.2f}s")


@app.command()
def build(
    out: Annotated[Path, typer.Option("--out", help="Output directory.")] = Path("out"),
    sources: SourcesOpt = Sources.all,
    seeds: Annotated[Path | None, typer.Option(
        "--seeds", help="Source documents to verify quotes against (default: ../shared/seeds).")
    ] = None,
    data: DataOpt = None,
) -> None:
    """The main job: load, reason, validate, verify quotes, write outputs under OUT."""
    from .build import build as run_build
    from .write import protecting

    with _status("Building: load, reason, validate, verify quotes, metrics, pictures, exports…"), \
            protecting(data or ()):
        result = run_build(out, sources=sources.value, data=data or (), seeds_dir=seeds,
                           store=_OPTIONS["store"], reasoner=_OPTIONS["reasoner"])
    for path in result.outputs:
        typer.echo(f"wrote {path}")
    timings = ", ".join(f"{k} {v:.2f}s" for k, v in result.seconds.items())
    typer.echo(f"violations: {result.violations}; inconsistencies: {len(result.inconsistencies)}; "
               f"quotes checked: {result.quotes_checked}, not found: "
               f"{len(result.quotes_missing)}; {timings}")
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
