"""The one way into SPARQL: parse and guard a query once, run it on any store, return plain rows."""
