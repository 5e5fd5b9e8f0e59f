MATCH ()-[r]->()
RETURN properties(r) AS props
ORDER BY r.id
