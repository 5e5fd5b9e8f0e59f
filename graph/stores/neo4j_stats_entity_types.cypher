MATCH (n:Entity)
RETURN n.type AS key, count(*) AS count
