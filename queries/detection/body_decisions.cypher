// Whether the case holds a decision made by a body (APPROVED from a PublicBody): those
// are attributed to the body's leaders in the whole-case index, not extracted per tactic.
RETURN EXISTS { MATCH (:PublicBody)-[:APPROVED]->() } AS found
