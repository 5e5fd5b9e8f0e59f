// After a bulk import: wait until every index (those of the constraints too) is online.
CALL db.awaitIndexes($seconds)
