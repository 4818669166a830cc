"""The ``collabgraph`` command line.

Exit codes: 0 ok, 1 findings (validation violations, quotes not found), 2 usage errors
(unknown name, malformed file, broken query, bad date). User mistakes print one line, never a
traceback.
"""

from __future__ import annotations

import importlib
import sys

import typer

from collabgraph.cli.app import app
from collabgraph.errors import CollabgraphError

# Importing the command modules registers their commands on the app, in this order in --help:
# questions, checks, the network, views, then the curators' commands.
for _module in ("ask", "checking", "network", "views", "curate"):
    importlib.import_module(f"collabgraph.cli.{_module}")

__all__ = ["app", "main"]


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
