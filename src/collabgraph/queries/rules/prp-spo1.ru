# prp-spo1: a statement with a property holds for its superproperties.
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX cgg: <https://w3id.org/collabgraph/graph/>
INSERT { GRAPH cgg:inferred { ?x ?q ?y } } WHERE {
  GRAPH ?t { ?p rdfs:subPropertyOf ?q } FILTER(?p != ?q && isIRI(?q))
  GRAPH ?g { ?x ?p ?y }
  FILTER(!isBlank(?x) && !isBlank(?y))  # inferences about blank nodes are not kept (see reason.informative)
  FILTER NOT EXISTS { GRAPH ?h { ?x ?q ?y } }
}
