// One bounded batch per transaction: clearing a large graph in one would exhaust
// transaction memory. Run until it deletes nothing.
MATCH (n:Entity)
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
