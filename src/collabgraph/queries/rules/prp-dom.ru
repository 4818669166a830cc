# prp-dom: the subject of a property with a domain is in that class.
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX cgg: <https://w3id.org/collabgraph/graph/>
INSERT { GRAPH cgg:inferred { ?x a ?c } } WHERE {
  GRAPH ?t { ?p rdfs:domain ?c } FILTER(isIRI(?c) && ?c != owl:Thing)
  GRAPH ?g { ?x ?p ?y }
  FILTER(!isBlank(?x))  # inferences about blank nodes are not kept (see reason.informative)
  FILTER NOT EXISTS { GRAPH ?h { ?x a ?c } }
}
