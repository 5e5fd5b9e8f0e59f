// The side of each id, with the relations it is built from (see neo4j_detect_side).
UNWIND $ids AS id
MATCH (root:Entity {id: id})
__SIDE__
RETURN [r IN side_rels | properties(r)] AS relations
