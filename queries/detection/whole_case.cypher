// Whether the case needs the whole-case index rather than per-tactic extraction: a decision
// made by a body (APPROVED from a PublicBody), attributed to the body's leaders, or a gift
// or approval of unknown date, which leaves candidates undecided.
RETURN EXISTS { MATCH (:PublicBody)-[:APPROVED]->() }
    OR EXISTS { MATCH ()-[r:GIFT|APPROVED]->() WHERE r.date IS NULL } AS found
