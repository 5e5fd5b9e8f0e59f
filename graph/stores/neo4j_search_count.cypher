// Both answered from the count store.
CALL { MATCH (n:Entity) RETURN count(n) AS entities }
CALL { MATCH (s:EntitySearch) RETURN count(s) AS searchable }
RETURN entities, searchable
