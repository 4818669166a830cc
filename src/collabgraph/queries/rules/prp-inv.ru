# prp-inv1, prp-inv2: owl:inverseOf, read in both directions.
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX cgg: <https://w3id.org/collabgraph/graph/>
INSERT { GRAPH cgg:inferred { ?y ?q ?x } } WHERE {
  GRAPH ?t { { ?p owl:inverseOf ?q } UNION { ?q owl:inverseOf ?p } }
  GRAPH ?g { ?x ?p ?y } FILTER(!isLiteral(?y))
  FILTER(!isBlank(?x) && !isBlank(?y))  # inferences about blank nodes are not kept (see reason.informative)
  FILTER NOT EXISTS { GRAPH ?h { ?y ?q ?x } }
}
