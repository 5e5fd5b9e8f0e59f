// Seek forced: see neo4j_fetch_relations.cypher.
UNWIND $rows AS row
MATCH ()-[r:__TYPE__ {id: row.id}]->()
USING INDEX SEEK r:__TYPE__(id)
SET r = row
