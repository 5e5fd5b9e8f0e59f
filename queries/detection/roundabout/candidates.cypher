// roundabout candidates, meet-in-the-middle: for each approval (o)-[a]->(b), the side of b
// (side fragment, from the beneficiary end) and the circle of o (circle fragment, from the official
// end), joined on gifts from the side into circle members not on the side. Only approvals
// with such a gift come back, with: the side's and circle's relations, those gifts, and
// the side's direct gifts to o (the detector's "was it direct after all" check).
MATCH (official:Entity)-[a:APPROVED]->(root:Entity)
WHERE $everything OR a.status = 'confirmed'
__CIRCLE__
// the official end first: no gift into the circle, no candidate, no side to expand
WITH official, a, root, members, circle_rels
WHERE any(member IN members WHERE EXISTS {
  MATCH (member)<-[g:GIFT]-(:Entity) WHERE $everything OR g.status = 'confirmed'
})
__SIDE__
CALL {
  WITH official, side, members
  UNWIND members AS member
  WITH official, side, member WHERE NOT member.id IN side
  MATCH (member)<-[g:GIFT]-(:Entity)
  WHERE ($everything OR g.status = 'confirmed') AND g.source_id IN side AND g.source_id <> official.id
  RETURN collect(DISTINCT g) AS candidates
}
WITH official, a, side, side_rels, circle_rels, candidates
WHERE size(candidates) > 0
OPTIONAL MATCH (official)<-[d:GIFT]-(:Entity)
WHERE ($everything OR d.status = 'confirmed') AND d.source_id IN side
WITH a, side_rels, circle_rels, candidates, collect(d) AS direct
RETURN [r IN [a] + candidates + direct + side_rels + circle_rels | properties(r)] AS relations,
       [g IN candidates | g.target_id] AS receivers
