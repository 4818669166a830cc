"""The ``collabgraph`` command line: one sub-command per question, tables that fit the terminal."""

from collabgraph.cli.commands import main

__all__ = ["main"]
