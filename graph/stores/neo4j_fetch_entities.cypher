// Seek forced: see neo4j_fetch_relations.cypher.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
USING INDEX SEEK n:Entity(id)
RETURN properties(n) AS props
