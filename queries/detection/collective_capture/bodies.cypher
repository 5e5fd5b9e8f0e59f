// The bodies collective_capture looks at: PublicBody or Company with two leaders or more
// (HOLDS_POST). neo4j.py extracts them in batches: one query over every body at
// once outgrew a 2.5 GiB transaction limit at 1M entities.
MATCH (official:Entity)-[p:HOLDS_POST]->(body:Entity)
WHERE ($everything OR p.status = 'confirmed') AND body.type IN ['PublicBody', 'Company']
WITH body, count(DISTINCT official) AS leaders
WHERE leaders >= 2
RETURN body.id AS body
