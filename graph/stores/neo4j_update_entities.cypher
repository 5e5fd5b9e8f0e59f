// Existing nodes get the merged property map; labels only ever grow (roles are united).
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n = row, n:__LABELS__
