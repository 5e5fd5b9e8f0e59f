// Of the bodies $ids, those where at least two leaders (HOLDS_POST) received a gift that
// can count, themselves or through their circle (a finding needs two reached leaders),
// with those leaders' ids. Only ids come back: a ministry with 20,000 posts would not fit
// in one transaction with every leader's relations (candidates.cypher
// fetches them for the reached leaders only).
UNWIND $ids AS body_id
MATCH (official:Entity)-[p:HOLDS_POST]->(body:Entity {id: body_id})
WHERE $everything OR p.status = 'confirmed'
WITH body, collect(DISTINCT official) AS leaders
WHERE size(leaders) >= 2
UNWIND leaders AS official
__HELD__
__CIRCLE__
CALL {
  __COUNTING_GIFTS__
  RETURN count(g) > 0 AS reached
}
WITH body, official WHERE reached
WITH body, collect(official.id) AS reached
WHERE size(reached) >= 2
RETURN body.id AS body, reached
