// Entities whose search text matches a Lucene query, best first.
CALL db.index.fulltext.queryNodes('entity_search_text', $terms, {limit: $limit})
YIELD node, score
MATCH (n:Entity {id: node.entity_id})
RETURN properties(n) AS props, score
ORDER BY score DESC, n.id
