# prp-trp: a transitive property chains with itself.
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX cgg: <https://w3id.org/collabgraph/graph/>
INSERT { GRAPH cgg:inferred { ?x ?p ?z } } WHERE {
  GRAPH ?t { ?p a owl:TransitiveProperty }
  GRAPH ?g { ?x ?p ?y } GRAPH ?g2 { ?y ?p ?z }
  FILTER(!isBlank(?x) && !isBlank(?z))  # inferences about blank nodes are not kept (see reason.informative)
  FILTER NOT EXISTS { GRAPH ?h { ?x ?p ?z } }
}
