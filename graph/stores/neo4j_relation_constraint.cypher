// Relationship ids are unique per relation type (Neo4j indexes relationships per type;
// uniqueness across types is checked by the store before writing). TYPE and
// NAME are substituted from the validated schema.
CREATE CONSTRAINT __NAME__ IF NOT EXISTS FOR ()-[r:__TYPE__]-() REQUIRE r.id IS UNIQUE
