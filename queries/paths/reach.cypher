// Entities one allowed step from any of $ids, of $entity_types (any when empty).
UNWIND $ids AS id
MATCH (x:Entity {id: id})-[r]-(y)
WHERE ($entity_types = [] OR y.type IN $entity_types) AND __STEP__
RETURN DISTINCT y.id AS id
