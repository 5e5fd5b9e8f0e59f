// Answered from the count store, without touching relationships.
MATCH ()-[r:__TYPE__]->()
RETURN count(r) AS count
