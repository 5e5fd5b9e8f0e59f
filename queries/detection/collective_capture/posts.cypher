// Every post (HOLDS_POST) in the bodies $ids, one row each: the detector counts the
// leaders in office, reached or not.
UNWIND $ids AS body_id
MATCH (:Entity)-[p:HOLDS_POST]->(:Entity {id: body_id})
WHERE $everything OR p.status = 'confirmed'
RETURN properties(p) AS relation
