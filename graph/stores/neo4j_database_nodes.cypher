// The database's name and how many nodes it holds, of any label (count store, O(1)):
// the bulk import refuses a database holding anything at all.
CALL db.info() YIELD name
CALL { MATCH (n) RETURN count(n) AS nodes }
RETURN name, nodes
