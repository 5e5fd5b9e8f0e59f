UNWIND $rows AS row
MATCH (a:Entity {id: row.source_id})
MATCH (b:Entity {id: row.target_id})
CREATE (a)-[r:__TYPE__]->(b)
SET r = row
