"""Loading the ontology, the curated data and a user's files into one dataset, with cached inference."""
