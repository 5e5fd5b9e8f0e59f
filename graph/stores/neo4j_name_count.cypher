// Both answered from the count store.
CALL { MATCH (n:Entity) RETURN count(n) AS entities }
CALL { MATCH (k:EntityName) RETURN count(k) AS names }
RETURN entities, names
