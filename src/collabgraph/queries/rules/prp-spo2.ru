# prp-spo2 for chains of two properties (the only length the ontology uses; longer chains are
# reported by collabgraph.rules.unsupported_axioms).
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX cgg: <https://w3id.org/collabgraph/graph/>
INSERT { GRAPH cgg:inferred { ?x ?p ?z } } WHERE {
  GRAPH ?t { ?p owl:propertyChainAxiom ?chain .
             ?chain rdf:first ?p1 ; rdf:rest ?rest . ?rest rdf:first ?p2 ; rdf:rest rdf:nil }
  GRAPH ?g { ?x ?p1 ?y } GRAPH ?g2 { ?y ?p2 ?z }
  FILTER(!isBlank(?x) && !isBlank(?z))  # inferences about blank nodes are not kept (see reason.informative)
  FILTER NOT EXISTS { GRAPH ?h { ?x ?p ?z } }
}
