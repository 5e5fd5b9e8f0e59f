// The side of each id, with the relations it is built from (see side.cypher).
UNWIND $ids AS id
MATCH (root:Entity {id: id})
__SIDE__
RETURN [r IN side_rels | properties(r)] AS relations
