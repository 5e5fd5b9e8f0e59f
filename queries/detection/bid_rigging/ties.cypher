// One level of bid_rigging's tie search: the standing ties (bid_rigging.TIES) touching
// each frontier id, and the entity at the other end (whose degree decides the hub rule).
UNWIND $ids AS id
MATCH (:Entity {id: id})-[t:RELATIVE_OF|ASSOCIATE_OF|EMPLOYED_BY|OWNS|DIRECTS|HOLDS_POST]-(other:Entity)
WHERE $everything OR t.status = 'confirmed'
RETURN properties(t) AS relation, other.id AS other
