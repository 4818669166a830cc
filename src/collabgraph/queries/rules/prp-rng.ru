# prp-rng: the object of a property with a range is in that class (resources only: a literal
# cannot be the subject of an RDF triple).
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX cgg: <https://w3id.org/collabgraph/graph/>
INSERT { GRAPH cgg:inferred { ?y a ?c } } WHERE {
  GRAPH ?t { ?p rdfs:range ?c } FILTER(isIRI(?c) && ?c != owl:Thing)
  GRAPH ?g { ?x ?p ?y } FILTER(!isLiteral(?y))
  FILTER(!isBlank(?y))  # inferences about blank nodes are not kept (see reason.informative)
  FILTER NOT EXISTS { GRAPH ?h { ?y a ?c } }
}
