// Fragment (spliced for the held placeholder): `official`'s own posts in `body`, from his
// adjacency (not by scanning the body's posts, which are 20,000 in a large ministry).
CALL {
  WITH official, body
  MATCH (official)-[h:HOLDS_POST]->(body)
  WHERE $everything OR h.status = 'confirmed'
  RETURN collect(h) AS held
}
