// Every gift into each id: the detectors that weigh an intermediary count all its givers.
UNWIND $ids AS id
MATCH (:Entity)-[g:GIFT]->(:Entity {id: id})
WHERE $everything OR g.status = 'confirmed'
RETURN properties(g) AS relation
