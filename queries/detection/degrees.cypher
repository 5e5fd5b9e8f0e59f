// Relations of each entity in the case the detectors see, counted as CaseIndex.degree
// counts them (a self-loop twice): all of them from the degree store, or with
// confirmed_only the confirmed ones.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id,
       CASE WHEN $everything THEN COUNT { (n)-->() } + COUNT { (n)<--() }
            ELSE COUNT { (n)-[r]->() WHERE r.status = 'confirmed' }
                 + COUNT { (n)<-[r]-() WHERE r.status = 'confirmed' }
       END AS degree
