"""Commands for curators: ``reconcile`` names against the graph, ``ingest`` a page into a review
file, ``accept`` reviewed facts, ``import-reference`` tables, ``push`` to a SPARQL server, and
``build`` (the main job).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from collabgraph.cli.app import OPTIONS, DataOpt, Sources, SourcesOpt, app, echo, load_graph, spinner
from collabgraph.errors import CollabgraphError
from collabgraph.store.spec import is_remote


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
    ds = load_graph(sources, data)
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
        echo(text)
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
    ds = load_graph(sources, data)
    with spinner("Reading the pages…"):
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
        echo(json.dumps(records[0] if len(records) == 1 else records, ensure_ascii=False, indent=2))
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
        echo(render(rows, ["id", "kind", "status", "date", "parties", "confidence", "quote"], "table", title=title))


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

    with spinner("Validating and verifying the accepted facts…"):
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

    if not is_remote(OPTIONS["store"]):  # before minutes of loading, not after
        raise CollabgraphError(f"push needs a remote store, --store sparql:URL (got {OPTIONS['store']!r})")
    if user is not None and ":" not in user:
        raise CollabgraphError("--user takes USER:PASSWORD")
    auth = (user.split(":", 1)[0], user.split(":", 1)[1]) if user else None
    with spinner("Loading the graph to push…"):
        ds = load(sources=sources.value, data=data or (), reason=not no_reason, store=via, reasoner=OPTIONS["reasoner"])
    with spinner("Pushing named graphs…"):
        result = run_push(OPTIONS["store"], graph_store=graph_store, dataset=ds, auth=auth)
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
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Run even when OUT/build.json shows the outputs are up to date.")
    ] = False,
) -> None:
    """The main job: load, reason, validate, verify quotes, write outputs under OUT.

    A second run on unchanged inputs (same files, options and collabgraph) whose outputs are
    still there reports the recorded result at once (OUT/build.json); --rebuild runs anyway.
    With --store oxigraph:PATH or sparql:URL the job always runs (it fills or reads that store).
    """
    from collabgraph.build import build as run_build
    from collabgraph.files.atomic import protecting

    with spinner("Building: load, reason, validate, verify quotes, metrics, pictures, exports…"), protecting(data or ()):
        result = run_build(
            out,
            sources=sources.value,
            data=data or (),
            seeds_dir=seeds,
            store=OPTIONS["store"],
            reasoner=OPTIONS["reasoner"],
            rebuild=rebuild,
        )
    if result.up_to_date:
        typer.echo(f"up to date: {out} was built from these inputs, options and collabgraph ({out / 'build.json'})")
        typer.echo("(--rebuild to run again)")
    for path in [] if result.up_to_date else result.outputs:
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
