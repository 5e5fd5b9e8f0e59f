UNWIND $rows AS row
MATCH ()-[r:__TYPE__ {id: row.id}]->()
SET r = row
