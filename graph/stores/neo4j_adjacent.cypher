// The relations of each of $ids leaving it ($out) and/or entering it ($in). TYPES is
// the relation types asked for as a label expression (":GIFT|OWNS", empty for any type,
// filled from the validated schema), so the expand reads only those types' chains.
// A relation found from both ends (a self-loop, or one between two of $ids) comes back
// once; the store merges batches and orders by id.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
USING INDEX SEEK n:Entity(id)
CALL {
  WITH n
  MATCH (n)-[r__TYPES__]->()
  WHERE $out
  RETURN r
  UNION
  WITH n
  MATCH (n)<-[r__TYPES__]-()
  WHERE $in
  RETURN r
}
WITH DISTINCT r
RETURN properties(r) AS props
