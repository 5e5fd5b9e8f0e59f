  // Fragment (spliced for the counting-gifts placeholder, inside a CALL): the gifts into `official` and his
  // circle `members` that can count (collective_capture._counts): made while he held a
  // post in `body` - compared by year, a superset of the detector's day-level overlap of
  // periods (a date, else start to end) - and not from a fellow leader of `body`.
  WITH official, members, held, body
  UNWIND [official] + members AS receiver
  MATCH (receiver)<-[g:GIFT]-(giver:Entity)
  WHERE ($everything OR g.status = 'confirmed')
    AND NOT EXISTS { (giver)-[q:HOLDS_POST]->(body) WHERE $everything OR q.status = 'confirmed' }
    AND any(p IN held WHERE
      coalesce(left(p.date, 4), left(p.start_date, 4), '0000') <= coalesce(left(g.date, 4), left(g.end_date, 4), '9999')
      AND coalesce(left(g.date, 4), left(g.start_date, 4), '0000') <= coalesce(left(p.date, 4), left(p.end_date, 4), '9999'))
