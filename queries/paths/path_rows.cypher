// Rows in the order the embedded depth-first search meets the paths: at each step,
// relations leaving the entity before those arriving, neighbours in the order of the
// smallest relation id joining them that way (networkx adjacency order), then relation id.
// A cut at $limit then keeps the same paths on both stores.
CALL (p, ns) {
  WITH ns, relationships(p) AS rs
  UNWIND range(0, size(rs) - 1) AS i
  WITH i, ns[i] AS u, ns[i + 1] AS v, rs[i] AS r
  WITH i, u, v, r, CASE WHEN startNode(r) = u THEN 0 ELSE 1 END AS back
  // a pattern comprehension expands from the two bound entities (never a relationship scan)
  WITH i, r, back, [(u)-[z]-(v) WHERE startNode(z) = CASE back WHEN 0 THEN u ELSE v END | z.id] AS joining
  WITH i, r, back, reduce(m = r.id, z IN joining | CASE WHEN z < m THEN z ELSE m END) AS first
  WITH i, back, first, r
  ORDER BY i
  RETURN reduce(k = [], s IN collect([back, first, r.id]) | k + s) AS key
}
RETURN [n IN ns | n.id] AS nodes, [r IN relationships(p) | properties(r)] AS relations
ORDER BY key
__LIMIT__
