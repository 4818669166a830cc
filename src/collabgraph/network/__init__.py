"""Network analysis over the knowledge graph: projections to networkx, metrics, write-back."""
