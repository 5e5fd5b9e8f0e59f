// collective_capture candidates: bodies (PublicBody, Company) with at least two leaders
// (HOLDS_POST) that received a gift themselves or through their circle - a finding needs
// two reached leaders. Each comes back with all its posts, and per leader his circle's
// relations (circle fragment), the gifts into him and his circle that can count, and his approvals. The
// sides of receivers and givers are fetched next by neo4j_detect.py (neo4j_detect_side_of).
// Run on a batch of the bodies neo4j_detect_collective_bodies returns ($ids).
UNWIND $ids AS body_id
MATCH (body:Entity {id: body_id})
MATCH (official:Entity)-[p:HOLDS_POST]->(body)
WHERE ($everything OR p.status = 'confirmed') AND body.type IN ['PublicBody', 'Company']
WITH body, collect(p) AS posts, collect(DISTINCT official) AS leaders
WHERE size(leaders) >= 2
UNWIND leaders AS official
WITH body, posts, leaders, official
__CIRCLE__
CALL {
  // Only gifts that can count (collective_capture._counts): made while the leader held a
  // post here - compared by year, a superset of the detector's day-level overlap of
  // periods (a date, else start to end) - and not from a fellow leader.
  WITH official, members, posts, leaders
  WITH official, members, [p IN posts WHERE startNode(p) = official] AS held, [l IN leaders | l.id] AS leader_ids
  UNWIND [official] + members AS receiver
  MATCH (receiver)<-[g:GIFT]-(:Entity)
  WHERE ($everything OR g.status = 'confirmed')
    AND NOT g.source_id IN leader_ids
    AND any(p IN held WHERE
      coalesce(left(p.date, 4), left(p.start_date, 4), '0000') <= coalesce(left(g.date, 4), left(g.end_date, 4), '9999')
      AND coalesce(left(g.date, 4), left(g.start_date, 4), '0000') <= coalesce(left(p.date, 4), left(p.end_date, 4), '9999'))
  RETURN collect(DISTINCT g) AS gifts
}
WITH body, posts, official, circle_rels, gifts
OPTIONAL MATCH (official)-[a:APPROVED]->(:Entity)
WHERE $everything OR a.status = 'confirmed'
WITH body, posts, official, circle_rels, gifts, collect(a) AS approvals
WITH body, posts, collect({rels: circle_rels + gifts + approvals, reached: size(gifts) > 0}) AS leaders
WHERE size([l IN leaders WHERE l.reached]) >= 2
// A row for the posts and one per leader (the caller merges rows by relation id): one
// list per body built with reduce(acc + rels) copied it once per leader, quadratic in
// a body's leaders and out of transaction memory at 20,000.
UNWIND [posts] + [l IN leaders | l.rels] AS rels
RETURN [r IN rels | properties(r)] AS relations
