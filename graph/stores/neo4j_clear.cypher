// One bounded batch per transaction: clearing a large graph in one would exhaust
// transaction memory. Run until it deletes nothing. Name-key nodes go too.
MATCH (n:Entity|EntityName)
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
