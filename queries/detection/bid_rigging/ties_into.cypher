// The last level of bid_rigging's tie search, met from the other end: of the standing ties
// (bid_rigging.TIES) touching each frontier id, only those whose other end is on one of the
// winners' sides ($targets). On the last level the walk only stops at the side: a tie to
// anyone else changes nothing, so it never needs to come back over Bolt.
UNWIND $ids AS id
MATCH (:Entity {id: id})-[t:RELATIVE_OF|ASSOCIATE_OF|EMPLOYED_BY|OWNS|DIRECTS|HOLDS_POST]-(other:Entity)
WHERE ($everything OR t.status = 'confirmed') AND other.id IN $targets
RETURN properties(t) AS relation, other.id AS other
