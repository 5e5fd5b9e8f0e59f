// direct_transaction candidates, meet-in-the-middle: for each approval (o)-[a]->(b) whose
// official received any gift, expand the beneficiary's side from b (typed, bounded,
// side fragment) and the givers from o (one GIFT hop), and join on the giver. Only approvals
// with a gift from the side come back, with those gifts and the side's relations (so
// side(b) on the client equals the whole case's), nothing else.
MATCH (official:Entity)-[a:APPROVED]->(root:Entity)
WHERE ($everything OR a.status = 'confirmed')
  AND EXISTS { MATCH (:Entity)-[g:GIFT]->(official) WHERE $everything OR g.status = 'confirmed' }
__SIDE__
MATCH (official)<-[g:GIFT]-(:Entity)
WHERE ($everything OR g.status = 'confirmed') AND g.source_id IN side
WITH a, side_rels, collect(g) AS gifts
RETURN [r IN [a] + gifts + side_rels | properties(r)] AS relations
