// bid_rigging candidates: approvals put to restricted competition (bid_rigging's
// _is_candidate: a procedure other than open, or firms excluded; never-competed decisions
// left out; a loosened plan needs a procedure other than open). Every candidate is a
// finding, so each comes back with the winner's side (side fragment), the official's circle
// (circle fragment) and the side's gifts to either, any date (the window is the detector's).
// The tie-path search is fetched level by level by neo4j.py (ties.cypher),
// its last level only into the sides returned here (ties_into.cypher).
MATCH (official:Entity)-[a:APPROVED]->(root:Entity)
WHERE ($everything OR a.status = 'confirmed')
  AND a.procedure IS NOT NULL
  AND NOT (a.procedure = 'none' AND coalesce(a.planned_procedure, 'none') = 'none')
  AND (a.procedure <> 'open' OR size(coalesce(a.excluded, [])) > 0)
__SIDE__
__CIRCLE__
CALL {
  WITH official, side, members
  UNWIND [official] + members AS receiver
  MATCH (receiver)<-[g:GIFT]-(:Entity)
  WHERE ($everything OR g.status = 'confirmed') AND g.source_id IN side
  RETURN collect(DISTINCT g) AS gifts
}
RETURN [r IN [a] + gifts + side_rels + circle_rels | properties(r)] AS relations, official.id AS official, side
