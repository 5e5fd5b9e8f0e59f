// Simple paths of exactly HOPS steps (a validated int 1..6 substituted into the text:
// a quantifier bound must be a literal). Cypher 5 matches trails (no repeated
// relationship); repeated entities are filtered out after the match, and re-entering the
// source is pruned inside the pattern.
MATCH (a:Entity {id: $source})
MATCH (b:Entity {id: $target})
MATCH p = (a)((x)-[r]-(y) WHERE y <> a AND __STEP__){__HOPS__}(b)
WITH p, nodes(p) AS ns
WHERE all(i IN range(1, size(ns) - 1) WHERE NOT ns[i] IN ns[..i])
__ROWS__
