// Fragment (spliced for the circle placeholder): the circle of `official` as CaseIndex.circle builds it
// (a superset only where a relative or associate is also staff), and every relation that
// build and legs() read: RELATIVE_OF and ASSOCIATE_OF either way and EMPLOYED_BY into the
// official, then one OWNS/DIRECTS hop out of each relative or associate (proxy firms).
// Yields members (nodes), circle (their ids) and circle_rels (relationships).
CALL {
  WITH official
  OPTIONAL MATCH (official)-[tie:RELATIVE_OF|ASSOCIATE_OF]-(person:Entity)
  WHERE $everything OR tie.status = 'confirmed'
  WITH official, collect(tie) AS ties, collect(DISTINCT person) AS persons
  OPTIONAL MATCH (staff:Entity)-[job:EMPLOYED_BY]->(official)
  WHERE $everything OR job.status = 'confirmed'
  WITH official, ties, persons, collect(job) AS jobs, collect(DISTINCT staff) AS staff
  UNWIND (CASE persons WHEN [] THEN [null] ELSE persons END) AS person
  OPTIONAL MATCH (person)-[control:OWNS|DIRECTS]->(firm:Entity)
  WHERE $everything OR control.status = 'confirmed'
  WITH official, ties, jobs, persons, staff, collect(control) AS controls, collect(DISTINCT firm) AS firms
  WITH official, [n IN persons + staff + firms WHERE n <> official] AS members, ties + jobs + controls AS circle_rels
  RETURN members, [n IN members | n.id] AS circle, circle_rels
}
