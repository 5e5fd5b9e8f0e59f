// Ledger entries of one kind ($keys null: every key), in the order written.
MATCH (e:LedgerEntry {kind: $kind})
WHERE $keys IS NULL OR e.key IN $keys
RETURN e.kind AS kind, e.key AS key, e.author AS author, e.body AS body, e.at AS at, e.seq AS seq
ORDER BY e.seq
