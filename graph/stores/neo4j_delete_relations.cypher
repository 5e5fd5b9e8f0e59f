// A relation reloaded with its endpoints swapped: Neo4j cannot turn a relationship
// around, so the old one is deleted and the new one created.
UNWIND $ids AS id
MATCH ()-[r:__TYPE__ {id: id}]->()
DELETE r
