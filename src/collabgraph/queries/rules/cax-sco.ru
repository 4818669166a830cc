# cax-sco: an instance of a class is an instance of its superclasses. rdfs:subClassOf is already
# closed by the TBox step, so one hop suffices. Patterns may match in any named graph.
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX cgg: <https://w3id.org/collabgraph/graph/>
INSERT { GRAPH cgg:inferred { ?x a ?d } } WHERE {
  GRAPH ?t { ?c rdfs:subClassOf ?d } FILTER(?c != ?d && isIRI(?d) && ?d != owl:Thing)
  GRAPH ?g { ?x a ?c }
  FILTER(!isBlank(?x))  # inferences about blank nodes are not kept (see reason.informative)
  FILTER NOT EXISTS { GRAPH ?h { ?x a ?d } }
}
