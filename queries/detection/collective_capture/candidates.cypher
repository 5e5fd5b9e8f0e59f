// For each reached leader of a body ($pairs of {body, leader}, from
// reached.cypher): his circle's relations (circle fragment), the
// gifts into him and his circle that can count, and his approvals. One row per leader,
// none collected across leaders. The body's posts come from
// posts.cypher; the sides of receivers and givers are fetched
// next by neo4j.py (the shared side_of.cypher).
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
