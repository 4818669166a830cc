"""Checks of what the graph says: SHACL shapes, a user's own data, quotes against their sources."""
