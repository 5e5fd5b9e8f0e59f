// Existing nodes get the merged property map; labels only ever grow (roles are united).
// Seek forced: see neo4j_fetch_relations.cypher.
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
USING INDEX SEEK n:Entity(id)
SET n = row, n:__LABELS__
