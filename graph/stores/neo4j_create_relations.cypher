// Seek forced: see neo4j_fetch_relations.cypher.
UNWIND $rows AS row
MATCH (a:Entity {id: row.source_id})
USING INDEX SEEK a:Entity(id)
MATCH (b:Entity {id: row.target_id})
USING INDEX SEEK b:Entity(id)
CREATE (a)-[r:__TYPE__]->(b)
SET r = row
