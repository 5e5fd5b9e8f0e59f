// Every shortest path within HOPS steps (a validated int substituted into the text).
// The step predicates do not depend on the rest of the path, so a shortest walk never
// repeats an entity: ALL SHORTEST gives exactly the embedded search's first level.
MATCH (a:Entity {id: $source})
MATCH (b:Entity {id: $target})
MATCH p = ALL SHORTEST (a)((x)-[r]-(y) WHERE __STEP__){1,__HOPS__}(b)
WITH p, nodes(p) AS ns
__ROWS__
