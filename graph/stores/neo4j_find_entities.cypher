// An exact id, or an entity one of whose name keys is $key (both index lookups).
MATCH (n:Entity {id: $text})
RETURN properties(n) AS props
UNION
MATCH (k:EntityName {key: $key})
MATCH (n:Entity {id: k.entity_id})
RETURN properties(n) AS props
