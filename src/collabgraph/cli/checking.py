"""Commands that check the graph: ``validate`` (SHACL shapes, a user's own files in context) and
``verify`` (every quote still occurs in its source).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from collabgraph.cli.app import DataOpt, Fmt, FormatOpt, Sources, SourcesOpt, app, echo, load_graph


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
    ds = load_graph(sources, mine, reason=False, check=False, keep_copy=True)
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
        echo("\n".join([*(str(p) for p in problems), *(str(v) for v in report.violations)]) if problems else str(report))
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
        echo(render(records, ["severity", "node", "path", "message", "shape", "rule"], fmt.value, records=records))
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

    checks = verify_quotes(load_graph(sources, data, reason=False), directory)
    missing = [c for c in checks if not c.found]
    for c in missing:
        typer.echo(str(c))
    typer.echo(f"{len(checks) - len(missing)} of {len(checks)} quotes found verbatim")
    if missing:
        raise typer.Exit(1)
