// blacklist_evasion candidates: every entity with a blacklist period, its side
// (side fragment: controllers, their and its relatives, everything those control, 3 levels -
// all affiliates but the shared-director ones), the firms sharing a director with one it
// controls, and the approvals into any of them.
MATCH (root:Entity)
WHERE root.blacklisted_from IS NOT NULL
__SIDE__
CALL {
  WITH root
  OPTIONAL MATCH down = (root)-[:OWNS|DIRECTS*1..3]->(:Entity)
  WHERE all(r IN relationships(down) WHERE $everything OR r.status = 'confirmed')
  WITH root, reduce(acc = [], p IN collect(down) | acc + nodes(p)) AS mine
  UNWIND (CASE mine WHEN [] THEN [null] ELSE mine END) AS firm
  OPTIONAL MATCH (director:Entity)-[tie:DIRECTS]->(firm)
  WHERE $everything OR tie.status = 'confirmed'
  OPTIONAL MATCH (director)-[other:DIRECTS]->(:Entity)
  WHERE $everything OR other.status = 'confirmed'
  RETURN collect(DISTINCT tie) + collect(DISTINCT other) AS shared, collect(DISTINCT other.target_id) AS others
}
CALL {
  WITH side, others
  UNWIND side + others AS firm_id
  MATCH (:Entity)-[a:APPROVED]->(:Entity {id: firm_id})
  WHERE $everything OR a.status = 'confirmed'
  RETURN collect(DISTINCT a) AS approvals
}
RETURN root.id AS blacklisted, [r IN approvals + shared + side_rels | properties(r)] AS relations
