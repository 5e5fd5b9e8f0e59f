// Lookups are by key alone: a single-property index serves them directly.
CREATE INDEX entity_name_by_key IF NOT EXISTS FOR (n:EntityName) ON (n.key)
