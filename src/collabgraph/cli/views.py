"""Commands that write something to look at or serve: ``show`` (offline HTML), ``card``
(an institution's portfolio), ``export`` (network and dataset formats) and ``serve`` (the
read-only SPARQL endpoint with YASGUI).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from collabgraph.cli.app import (
    OPTIONS,
    AsOfOpt,
    DataOpt,
    OverwriteOpt,
    PlannedOpt,
    Sources,
    SourcesOpt,
    app,
    default_output,
    load_graph,
    spinner,
)
from collabgraph.cli.network import load_network
from collabgraph.errors import CollabgraphError
from collabgraph.store.spec import is_remote


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
    output = default_output(output, Path("network.html"), overwrite)
    refuse_inputs(output, data or ())
    ds, g = load_network(sources, data, as_of, include_planned)
    with_metrics(g)
    if aggregate is not None:
        written = render_overview(g, output, by=aggregate, title=f"collabgraph: the network by {aggregate}")
    elif all_:
        if as_of is None:  # the slider runs through every year: draw every tie in its years
            from collabgraph.network.project import history_view

            g = history_view(ds, g, include_planned=include_planned)
        written = render_whole(g, output, title="collabgraph: the whole network", color_by=color_by)
    else:
        assert name is not None  # checked above: NAME unless --all
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

    output = default_output(output, Path("card.html"), overwrite)
    refuse_inputs(output, data or ())  # before loading
    if as_of is not None:
        from collabgraph.dates import parse_partial_date

        parse_partial_date(as_of)
    ds = load_graph(sources, data)
    with spinner("Drawing up the portfolio…"):
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
        ds = load_graph(sources, data)
        written = write_export(ds, fmt, output, inputs=data or ())
    else:
        _, g = load_network(sources, data, as_of, include_planned)
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

    settings: dict[str, Any] = {"timeout": timeout, "max_rows": max_rows}
    if workers is not None:
        settings["workers"] = workers
    Settings.from_options(**settings)  # a bad setting fails before the graph is loaded
    if is_remote(OPTIONS["store"]):
        raise CollabgraphError(
            "serve answers from a local store; with --store sparql:URL, point SPARQL clients at that server itself"
        )
    if OPTIONS["store"] == "auto":  # the endpoint's workers evaluate with rdflib's engine: its store
        OPTIONS["store"] = "memory"
    ds = load_graph(sources, data)
    run_server(
        ds,
        host=host,
        port=port,
        banner=f"collabgraph SPARQL endpoint: http://{host}:{port}/sparql (page: http://{host}:{port}/)",
        **settings,
    )
