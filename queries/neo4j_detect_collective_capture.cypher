// For each reached leader of a body ($pairs of {body, leader}, from
// neo4j_detect_collective_capture_reached): his circle's relations (circle fragment), the
// gifts into him and his circle that can count, and his approvals. One row per leader,
// none collected across leaders. The body's posts come from
// neo4j_detect_collective_capture_posts; the sides of receivers and givers are fetched
// next by neo4j_detect.py (neo4j_detect_side_of).
UNWIND $ids AS pair
MATCH (official:Entity {id: pair.leader}), (body:Entity {id: pair.body})
__HELD__
__CIRCLE__
CALL {
  __COUNTING_GIFTS__
  RETURN collect(DISTINCT g) AS gifts
}
OPTIONAL MATCH (official)-[a:APPROVED]->(:Entity)
WHERE $everything OR a.status = 'confirmed'
WITH circle_rels, gifts, collect(a) AS approvals
RETURN [r IN circle_rels + gifts + approvals | properties(r)] AS relations
