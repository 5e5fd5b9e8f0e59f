// Search text (graph/search.py) on one :EntitySearch node per entity, apart from the
// entity's own properties like the :EntityName keys.
CREATE CONSTRAINT entity_search_id IF NOT EXISTS FOR (n:EntitySearch) REQUIRE n.entity_id IS UNIQUE
