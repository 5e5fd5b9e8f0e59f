UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN properties(n) AS props
