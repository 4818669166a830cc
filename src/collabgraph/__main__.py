"""``python -m collabgraph`` runs the command line."""

from .cli import main

main()
