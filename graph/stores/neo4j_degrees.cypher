// Relations of each of $ids leaving it ($out) plus entering it ($in), of the types
// TYPES names (as in neo4j_adjacent.cypher); a self-loop counts at both ends, as in
// networkx. A COUNT of a one-step pattern is answered from the degree store, without
// reading a relationship.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
USING INDEX SEEK n:Entity(id)
RETURN n.id AS id,
       CASE WHEN $out THEN COUNT { (n)-[__TYPES__]->() } ELSE 0 END
       + CASE WHEN $in THEN COUNT { (n)<-[__TYPES__]-() } ELSE 0 END AS degree
