"""The questions users ask of the graph: names and identity, ties in time, partners, members, counts."""
