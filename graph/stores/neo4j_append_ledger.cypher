// Ledger entries (graph/ledger.py), numbered in order. The counter node is locked by the
// SET, so concurrent appends take turns and never share a number.
MERGE (counter:LedgerCounter {id: 1})
SET counter.seq = coalesce(counter.seq, 0) + size($rows)
WITH counter.seq - size($rows) AS last
UNWIND range(0, size($rows) - 1) AS i
WITH last, i, $rows[i] AS row
CREATE (:LedgerEntry {seq: last + i + 1, kind: row.kind, key: row.key, author: row.author, at: row.at, body: row.body})
