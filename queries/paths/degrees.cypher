// Relations of each entity, any type, status or date (a self-loop counts twice, as in
// networkx); answered from the degree store.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, COUNT { (n)-->() } + COUNT { (n)<--() } AS degree
