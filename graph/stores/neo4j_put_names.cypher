// Keys are only ever added, never removed (as in SQLite's entity_name table): a renamed
// entity is still found by its old name.
UNWIND $rows AS row
MERGE (:EntityName {key: row.key, entity_id: row.id})
