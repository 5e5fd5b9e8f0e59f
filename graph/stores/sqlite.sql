-- The embedded store: one row per entity and relation, all properties as JSON in `props`
-- (the same map the Neo4j store puts on nodes and relationships).
PRAGMA foreign_keys = ON;
-- Per connection, not stored in the file: 64 MiB of page cache instead of SQLite's 2 MiB
-- keeps the indexes of a large load in memory (measured: a quarter off writing 300k relations).
PRAGMA cache_size = -65536;

CREATE TABLE IF NOT EXISTS entity (
    id    TEXT PRIMARY KEY,
    type  TEXT NOT NULL,
    name  TEXT NOT NULL,
    props TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS relation (
    id        TEXT PRIMARY KEY,
    type      TEXT NOT NULL,
    source_id TEXT NOT NULL REFERENCES entity (id),
    target_id TEXT NOT NULL REFERENCES entity (id),
    props     TEXT NOT NULL
);

-- Name and alias keys (values.name_key) for looking entities up by what people type.
CREATE TABLE IF NOT EXISTS entity_name (
    entity_id TEXT NOT NULL REFERENCES entity (id) ON DELETE CASCADE,
    key       TEXT NOT NULL,
    PRIMARY KEY (key, entity_id)
) WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS relation_source ON relation (source_id);
CREATE INDEX IF NOT EXISTS relation_target ON relation (target_id);
CREATE INDEX IF NOT EXISTS entity_by_name ON entity (name);

-- What people add (graph/ledger.py): append-only, apart from the loaded records.
CREATE TABLE IF NOT EXISTS ledger (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    kind   TEXT NOT NULL,
    key    TEXT NOT NULL,
    author TEXT NOT NULL,
    at     TEXT NOT NULL,
    body   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ledger_by_key ON ledger (kind, key, seq);

-- What `encircle search` looks entities up by (graph/search.py), one row per entity,
-- keyed by the entity's rowid: names, aliases and pinyin under a trigram index
-- (substrings of three characters or more, any script), and the character pairs of
-- Chinese names (two-character queries, too short for trigrams).
CREATE VIRTUAL TABLE IF NOT EXISTS entity_search USING fts5 (text, tokenize = 'trigram');
CREATE VIRTUAL TABLE IF NOT EXISTS entity_grams USING fts5 (grams, tokenize = 'unicode61');
