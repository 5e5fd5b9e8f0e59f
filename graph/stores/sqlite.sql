-- The embedded store: one row per entity and relation, all properties as JSON in `props`
-- (the same map the Neo4j store puts on nodes and relationships).
PRAGMA foreign_keys = ON;
-- Stored in the file: readers (a detection, the workbench) never block a writer and a
-- writer never blocks them; a second writer waits (the connection's busy timeout).
PRAGMA journal_mode = WAL;
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

-- A node's relations by type and direction, and its degree (a COUNT over the index alone):
-- the store's read API (Store.adjacent, Store.degrees). Each serves lookups by endpoint
-- alone too, so the single-column indexes of older store files are dropped: run on every
-- open, this upgrades such a file once.
CREATE INDEX IF NOT EXISTS relation_source_type ON relation (source_id, type);
CREATE INDEX IF NOT EXISTS relation_target_type ON relation (target_id, type);
DROP INDEX IF EXISTS relation_source;
DROP INDEX IF EXISTS relation_target;
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

-- A compact copy of the records for reading a whole case back fast (graph/stores/snapshot.py).
-- Any change to the records empties it, whatever program makes the change; the next whole
-- read writes it again.
CREATE TABLE IF NOT EXISTS snapshot (
    kind TEXT    NOT NULL,
    part INTEGER NOT NULL,
    data BLOB    NOT NULL,
    PRIMARY KEY (kind, part)
);
CREATE TRIGGER IF NOT EXISTS snapshot_entity_insert AFTER INSERT ON entity BEGIN DELETE FROM snapshot; END;
CREATE TRIGGER IF NOT EXISTS snapshot_entity_update AFTER UPDATE ON entity BEGIN DELETE FROM snapshot; END;
CREATE TRIGGER IF NOT EXISTS snapshot_entity_delete AFTER DELETE ON entity BEGIN DELETE FROM snapshot; END;
CREATE TRIGGER IF NOT EXISTS snapshot_relation_insert AFTER INSERT ON relation BEGIN DELETE FROM snapshot; END;
CREATE TRIGGER IF NOT EXISTS snapshot_relation_update AFTER UPDATE ON relation BEGIN DELETE FROM snapshot; END;
CREATE TRIGGER IF NOT EXISTS snapshot_relation_delete AFTER DELETE ON relation BEGIN DELETE FROM snapshot; END;

-- What `encircle search` looks entities up by (graph/search.py), one row per entity,
-- keyed by the entity's rowid: names, aliases and pinyin under a trigram index
-- (substrings of three characters or more, any script), and the character pairs of
-- Chinese names (two-character queries, too short for trigrams).
CREATE VIRTUAL TABLE IF NOT EXISTS entity_search USING fts5 (text, tokenize = 'trigram');
CREATE VIRTUAL TABLE IF NOT EXISTS entity_grams USING fts5 (grams, tokenize = 'unicode61');
