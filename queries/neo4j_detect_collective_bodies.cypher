// collective_capture's candidate bodies: PublicBody or Company with at least two leaders
// (HOLDS_POST), with their number of leaders, so that neo4j_detect_collective_capture
// can run on a batch of bodies at a time, batched by leaders: over every body at once,
// its per-body collects outgrew the transaction memory (2.5 GiB at 1M entities, where a
// few bodies have 20,000 leaders).
MATCH (official:Entity)-[p:HOLDS_POST]->(body:Entity)
WHERE ($everything OR p.status = 'confirmed') AND body.type IN ['PublicBody', 'Company']
WITH body, count(DISTINCT official) AS leaders
WHERE leaders >= 2
RETURN body.id AS id, leaders
