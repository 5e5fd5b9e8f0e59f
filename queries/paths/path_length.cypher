// Hop distance from $source to $target under the step filters (the embedded search's BFS
// bound), or no row when it exceeds HOPS (a validated int substituted into the text:
// a quantifier bound must be a literal).
MATCH (a:Entity {id: $source})
MATCH (b:Entity {id: $target})
MATCH p = SHORTEST 1 (a)((x)-[r]-(y) WHERE __STEP__){1,__HOPS__}(b)
RETURN length(p) AS hops
