// Each allowed step from each of $ids: (given id, neighbour id, relation properties).
UNWIND $ids AS id
MATCH (x:Entity {id: id})-[r]-(y)
WHERE __STEP__
RETURN x.id AS node, y.id AS other, properties(r) AS relation
