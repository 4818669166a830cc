"""OWL 2 RL inference: owlrl as the reference, the ontology's rules as SPARQL in the store."""
