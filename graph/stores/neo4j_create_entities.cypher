// New nodes only (the write transaction has checked they do not exist): CREATE skips
// the per-row lookup MERGE would do; the uniqueness constraint still guards the id.
UNWIND $rows AS row
CREATE (n:Entity:__LABELS__)
SET n = row
