// Ordered by id, served in index order by the entity_id constraint.
MATCH (n:Entity)
WHERE n.id IS NOT NULL
RETURN properties(n) AS props
ORDER BY n.id
