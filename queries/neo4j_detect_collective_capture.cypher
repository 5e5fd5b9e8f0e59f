// collective_capture candidates, per leader: for each body (PublicBody, Company) of the
// batch $ids (from neo4j_detect_collective_bodies) with at least two leaders (HOLDS_POST),
// one row per leader with his posts there, his circle's relations (circle fragment), the
// gifts into him and his circle that can count, his approvals, and whether any such gift
// reached him. neo4j_detect.py keeps the bodies with two reached leaders (a finding needs
// two) and fetches the sides of receivers and givers next (neo4j_detect_side_of).
// Rows stream per leader: aggregating every leader's relations per body on the server
// ran out of transaction memory (2.5 GiB) on bodies with 20,000 leaders.
UNWIND $ids AS body_id
MATCH (body:Entity {id: body_id})
MATCH (official:Entity)-[p:HOLDS_POST]->(body)
WHERE ($everything OR p.status = 'confirmed') AND body.type IN ['PublicBody', 'Company']
WITH body, collect(p) AS posts, collect(DISTINCT official) AS leaders
WHERE size(leaders) >= 2
WITH body, posts, leaders, [l IN leaders | l.id] AS leader_ids
UNWIND leaders AS official
WITH body, leader_ids, official, [p IN posts WHERE startNode(p) = official] AS held
__CIRCLE__
CALL {
  // Only gifts that can count (collective_capture._counts): made while the leader held a
  // post here - compared by year, a superset of the detector's day-level overlap of
  // periods (a date, else start to end) - and not from a fellow leader.
  WITH official, members, held, leader_ids
  UNWIND [official] + members AS receiver
  MATCH (receiver)<-[g:GIFT]-(:Entity)
  WHERE ($everything OR g.status = 'confirmed')
    AND NOT g.source_id IN leader_ids
    AND any(p IN held WHERE
      coalesce(left(p.date, 4), left(p.start_date, 4), '0000') <= coalesce(left(g.date, 4), left(g.end_date, 4), '9999')
      AND coalesce(left(g.date, 4), left(g.start_date, 4), '0000') <= coalesce(left(p.date, 4), left(p.end_date, 4), '9999'))
  RETURN collect(DISTINCT g) AS gifts
}
CALL {
  // In a subquery, so the collect is per leader, not an aggregation over every row.
  WITH official
  OPTIONAL MATCH (official)-[a:APPROVED]->(:Entity)
  WHERE $everything OR a.status = 'confirmed'
  RETURN collect(a) AS approvals
}
RETURN body.id AS body, size(gifts) > 0 AS reached, [r IN held + circle_rels + gifts + approvals | properties(r)] AS relations
