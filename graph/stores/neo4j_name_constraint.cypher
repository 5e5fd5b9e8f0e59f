// Name keys (values.name_key of each name and alias) live on separate :EntityName nodes,
// linked to their entity by id only, so entity nodes keep exactly the SQLite property map
// and no relationship is added. The composite constraint makes the MERGE an index probe.
CREATE CONSTRAINT entity_name_key IF NOT EXISTS FOR (n:EntityName) REQUIRE (n.key, n.entity_id) IS UNIQUE
