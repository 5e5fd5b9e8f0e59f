// Relations passing the filters with both ends among $ids (each found once, from its
// source; direction does not matter here, so $forward is false).
UNWIND $ids AS id
MATCH (x:Entity {id: id})-[r]->(y)
WHERE y.id IN $ids AND __STEP__
RETURN properties(r) AS relation
