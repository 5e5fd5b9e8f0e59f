// collective_capture's candidate bodies: PublicBody or Company with at least two leaders
// (HOLDS_POST). Their ids only, so that neo4j_detect_collective_capture can run on a
// batch of bodies at a time: over every body at once, its per-body collects outgrew
// the transaction memory (2.5 GiB at 1M entities / 260k posts).
MATCH (official:Entity)-[p:HOLDS_POST]->(body:Entity)
WHERE ($everything OR p.status = 'confirmed') AND body.type IN ['PublicBody', 'Company']
WITH body, count(DISTINCT official) AS leaders
WHERE leaders >= 2
RETURN body.id AS id
