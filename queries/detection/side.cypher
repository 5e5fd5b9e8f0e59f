// Fragment (spliced for the side placeholder): the *side* of `root` exactly as CaseIndex.side builds it,
// and every relation that build reads, so a CaseIndex over these relations answers
// side(root) as the whole case does. Typed and bounded: OWNS/DIRECTS up to 3 levels up
// (controllers), RELATIVE_OF one hop from root and its controllers, OWNS/DIRECTS up to 3
// levels down from all of those people. Yields side (ids) and side_rels (relationships).
CALL {
  WITH root
  OPTIONAL MATCH up = (:Entity)-[:OWNS|DIRECTS*1..3]->(root)
  WHERE all(r IN relationships(up) WHERE $everything OR r.status = 'confirmed')
  WITH root, collect(up) AS ups
  WITH root,
       reduce(acc = [root], p IN ups | acc + nodes(p)) AS people,
       reduce(acc = [], p IN ups | acc + relationships(p)) AS up_rels
  UNWIND people AS person
  WITH DISTINCT root, up_rels, person
  OPTIONAL MATCH (person)-[kin:RELATIVE_OF]-(relative:Entity)
  WHERE $everything OR kin.status = 'confirmed'
  WITH root, up_rels, collect(DISTINCT person) + collect(DISTINCT relative) AS holders, collect(kin) AS kins
  UNWIND holders AS holder
  WITH DISTINCT root, up_rels, kins, holder
  OPTIONAL MATCH down = (holder)-[:OWNS|DIRECTS*1..3]->(:Entity)
  WHERE all(r IN relationships(down) WHERE $everything OR r.status = 'confirmed')
  WITH root, up_rels, kins, collect(DISTINCT holder) AS holders, collect(down) AS downs
  WITH root, up_rels + kins + reduce(acc = [], p IN downs | acc + relationships(p)) AS rels,
       reduce(acc = holders, p IN downs | acc + nodes(p)) AS members
  UNWIND members AS member
  WITH rels, collect(DISTINCT member.id) AS side
  UNWIND (CASE rels WHEN [] THEN [null] ELSE rels END) AS rel
  RETURN side, collect(DISTINCT rel) AS side_rels
}
