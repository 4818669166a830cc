"""``python -m collabgraph`` runs the command line."""

from collabgraph.cli.commands import main

main()
