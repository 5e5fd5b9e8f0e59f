// roles is a list property; an entity without roles has none and contributes no row.
MATCH (n:Entity)
UNWIND n.roles AS role
RETURN role AS key, count(*) AS count
