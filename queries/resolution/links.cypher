// Each relation of the given entities: the entity at the other end, the relation's
// type, and that entity's number of relations (for the hub rule).
UNWIND $ids AS id
MATCH (n:Entity {id: id})-[r]-(m:Entity)
RETURN id, m.id AS other, type(r) AS type, COUNT { (m)--() } AS degree
