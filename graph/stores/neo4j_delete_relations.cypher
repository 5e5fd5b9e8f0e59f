// A relation reloaded with its endpoints swapped: Neo4j cannot turn a relationship
// around, so the old one is deleted and the new one created.
// Seek forced: see neo4j_fetch_relations.cypher.
UNWIND $ids AS id
MATCH ()-[r:__TYPE__ {id: id}]->()
USING INDEX SEEK r:__TYPE__(id)
DELETE r
