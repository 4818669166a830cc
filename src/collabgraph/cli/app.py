"""The command line's shared parts: the Typer app, its global options (``--store``,
``--reasoner``), the option types every command reuses, loading the graph with a spinner, and
where outputs go by default.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from collabgraph.errors import CollabgraphError

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
def spinner(message: str):
    """A rich spinner on stderr while slow work runs (only on a terminal; scripts see nothing)."""
    if not sys.stderr.isatty():
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(message):
        yield


OPTIONS = {"store": "auto", "reasoner": "auto"}


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
    OPTIONS["store"] = store
    OPTIONS["reasoner"] = reasoner


def load_graph(sources: Sources, data: list[Path] | None, **options):
    from collabgraph.loading.load import load

    with spinner("Loading the graph and reasoning (cached after the first run)…"):
        return load(sources=sources.value, data=data or (), store=OPTIONS["store"], reasoner=OPTIONS["reasoner"], **options)


def echo(text: str) -> None:
    typer.echo(text.rstrip("\n"))


LimitOpt = Annotated[
    int | None, typer.Option("--limit", min=0, help="Rows to show (0: all). Default: tables 50, JSON and CSV all.")
]


def row_limit(limit: int | None, fmt: Fmt) -> int | None:
    """``--limit`` as given, else the default: tables stop at 50 rows, JSON and CSV list them all."""
    from collabgraph.cli.tables import TABLE_LIMIT

    if limit is not None:
        return limit
    return TABLE_LIMIT if fmt is Fmt.table else None


FormerOpt = Annotated[
    bool, typer.Option("--former", help="Also list ties that ended at a date no source gives (former members), flagged.")
]


PlannedOpt = Annotated[bool, typer.Option("--include-planned", help="Also count planned and announced agreements as ties.")]


OverwriteOpt = Annotated[
    bool,
    typer.Option("--overwrite", help="Replace the default output file when it exists (a file named with -o is always replaced)."),
]


def default_output(output: Path | None, default: Path, overwrite: bool) -> Path:
    """The file to write: ``-o`` as given, else ``default``, which is never replaced unless asked.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> here = pathlib.Path(tempfile.mkdtemp())
    >>> default_output(None, here / "network.html", False) == here / "network.html"
    True
    >>> _ = (here / "network.html").write_text("mine")
    >>> default_output(None, here / "network.html", False)
    Traceback (most recent call last):
    ...
    collabgraph.errors.CollabgraphError: .../network.html exists; name another file with -o FILE, or pass --overwrite ...
    """
    if output is not None:
        return output
    if default.exists() and not overwrite:
        raise CollabgraphError(f"{default} exists; name another file with -o FILE, or pass --overwrite to replace it")
    return default
