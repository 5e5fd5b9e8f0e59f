// One bounded batch per transaction: clearing a large graph in one would exhaust
// transaction memory. Run until it deletes nothing. Name keys, search text and the ledger go too.
MATCH (n:Entity|EntityName|EntitySearch|LedgerEntry|LedgerCounter)
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
