// One relation type at a time: relationship indexes are per type.
UNWIND $ids AS id
MATCH ()-[r:__TYPE__ {id: id}]->()
RETURN properties(r) AS props
