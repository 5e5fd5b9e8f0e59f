"""The embedded store: a SQLite file (stdlib, transactional); analysis runs on networkx."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import cache
from importlib.resources import files
from typing import Any, TypeVar

from encircle.graph.errors import StoreError
from encircle.graph.ledger import ANNOTATIONS, Entry
from encircle.graph.records import Entity, Relation, entity_from_properties, relation_from_properties, to_properties
from encircle.graph.search import cjk_grams, has_cjk, search_text
from encircle.graph.stores import snapshot
from encircle.graph.stores.base import Direction, Progress, Stats, Store, WriteTransaction, check_adjacency
from encircle.graph.values import name_key

__all__ = ["SqliteStore"]

T = TypeVar("T")
CHUNK = 900  # ids per IN (...) list, well under SQLite's variable limit
BATCH = 10_000  # rows per executemany, so a progress bar moves
# How long a write waits for another connection's write (a load in another process) to
# commit before giving up: long enough that a review saved during a large load waits for
# it instead of failing. Readers never wait: the file is in WAL mode (sqlite.sql).
BUSY_TIMEOUT = 120.0  # seconds

UPSERT_ENTITY = (
    "INSERT INTO entity (id, type, name, props) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET type = excluded.type, name = excluded.name, props = excluded.props"
)
UPSERT_RELATION = (
    "INSERT INTO relation (id, type, source_id, target_id, props) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET type = excluded.type, source_id = excluded.source_id, "
    "target_id = excluded.target_id, props = excluded.props"
)


# One encoder for every row (json.dumps would build one per call). Keys stay sorted:
# the stored text of a record does not depend on how it was built.
_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def _json(record: Entity | Relation) -> str:
    return _ENCODE(to_properties(record))


# raw_decode skips json.loads' checks for whitespace around the document: `props` is
# only ever written by _ENCODE, and this halves the cost of reading a store back.
_DECODE = json.JSONDecoder().raw_decode


def _entity(props: str) -> Entity:
    return entity_from_properties(_DECODE(props)[0])


def _relation(props: str) -> Relation:
    return relation_from_properties(_DECODE(props)[0])


def _phrase(text: str) -> str:
    """`text` as one FTS5 string (a phrase; quotes doubled)."""
    return '"' + text.replace('"', '""') + '"'


def _halves(key: str) -> str:
    """An FTS5 query for a misspelled `key`: per word, all the trigrams of its first half,
    or all those of its second half (one typo breaks only the trigrams around it)."""
    parts = []
    for word in key.split():
        grams = [_phrase(word[i : i + 3]) for i in range(len(word) - 2)]
        if not grams:
            continue
        half = max(1, len(grams) // 2)
        parts += [f"({' AND '.join(grams[:half])})", f"({' AND '.join(grams[-half:])})"]
    return " OR ".join(dict.fromkeys(parts)) or _phrase(key)


def _chunks(ids: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


# The endpoint columns a direction reads, each served by its (endpoint, type) index.
_ENDS: dict[str, tuple[str, ...]] = {"out": ("source_id",), "in": ("target_id",), "both": ("source_id", "target_id")}


def _numbered(first: int, count: int) -> str:
    return ",".join(f"?{i}" for i in range(first, first + count))


@cache
def _adjacent_sql(ids: int, types: int, direction: str) -> str:
    """Relations with an end among ?1..?ids (of types ?ids+1.., if any): one indexed
    SEARCH per end. A relation found from both ends (a self-loop, or one between two of
    the ids) comes back twice; the caller keeps it once (cheaper than UNION comparing
    whole rows)."""
    typed = f" AND type IN ({_numbered(ids + 1, types)})" if types else ""
    arms = [f"SELECT id, props FROM relation WHERE {end} IN ({_numbered(1, ids)}){typed}" for end in _ENDS[direction]]
    return " UNION ALL ".join(arms) + " ORDER BY id"


@cache
def _within_sql(ids: int, within: int, direction: str) -> str:
    """Relations with an end among ?1..?ids and the other among the next `within`
    parameters: one indexed SEARCH per end, the other end only tested (the unary + keeps
    SQLite from searching it instead, which would walk a hub's whole index range)."""
    kept = _numbered(ids + 1, within)
    other = {"source_id": "target_id", "target_id": "source_id"}
    arms = [
        f"SELECT id, props FROM relation WHERE {end} IN ({_numbered(1, ids)}) AND +{other[end]} IN ({kept})"
        for end in _ENDS[direction]
    ]
    return " UNION ALL ".join(arms)


@cache
def _degrees_sql(ids: int, types: int, direction: str) -> str:
    """Each entity among ?1..?ids with its relations counted per end from the
    (endpoint, type) indexes alone: a self-loop counts at both ends."""
    typed = f" AND type IN ({_numbered(ids + 1, types)})" if types else ""
    counts = [f"(SELECT count(*) FROM relation WHERE {end} = entity.id{typed})" for end in _ENDS[direction]]
    return f"SELECT id, {' + '.join(counts)} FROM entity WHERE id IN ({_numbered(1, ids)})"


class _SqliteWrite:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def _select(self, sql: str, ids: Sequence[str]) -> Iterator[Any]:
        for chunk in _chunks(ids):
            yield from self.conn.execute(sql.format(marks=",".join("?" * len(chunk))), chunk)

    def fetch_entities(self, ids: Sequence[str]) -> dict[str, Entity]:
        rows = self._select("SELECT props FROM entity WHERE id IN ({marks})", ids)
        return {e.id: e for e in (_entity(p) for (p,) in rows)}

    def fetch_relations(self, ids: Sequence[str]) -> dict[str, Relation]:
        rows = self._select("SELECT props FROM relation WHERE id IN ({marks})", ids)
        return {r.id: r for r in (_relation(p) for (p,) in rows)}

    def entity_types(self, ids: set[str]) -> dict[str, str]:
        return dict(self._select("SELECT id, type FROM entity WHERE id IN ({marks})", sorted(ids)))

    def put(self, entities: Sequence[Entity], relations: Sequence[Relation], progress: Progress | None) -> None:
        self._batched(UPSERT_ENTITY, ((e.id, e.type, e.name, _json(e)) for e in entities), progress)
        keys = ((e.id, key) for e in entities for key in {name_key(n) for n in (e.name, *e.aliases)})
        self.conn.executemany("INSERT OR IGNORE INTO entity_name (entity_id, key) VALUES (?, ?)", keys)
        put_search(self.conn, entities)
        rows = ((r.id, r.type, r.source_id, r.target_id, _json(r)) for r in relations)
        self._batched(UPSERT_RELATION, rows, progress)

    def _batched(self, sql: str, rows: Iterable[tuple[Any, ...]], progress: Progress | None) -> None:
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH:
                self._flush(sql, batch, progress)
        self._flush(sql, batch, progress)

    def _flush(self, sql: str, batch: list[tuple[Any, ...]], progress: Progress | None) -> None:
        self.conn.executemany(sql, batch)
        if progress:
            progress(len(batch))
        batch.clear()


SEARCH_TEXT = "INSERT OR REPLACE INTO entity_search (rowid, text) SELECT rowid, ? FROM entity WHERE id = ?"
SEARCH_GRAMS = "INSERT OR REPLACE INTO entity_grams (rowid, grams) SELECT rowid, ? FROM entity WHERE id = ?"


def put_search(conn: sqlite3.Connection, entities: Iterable[Entity]) -> None:
    """The search rows of `entities` (graph/search.py), replacing their old ones."""
    texts, grams = [], []
    for e in entities:
        texts.append((search_text(e.name, e.aliases, person=e.type == "Person"), e.id))
        pairs = cjk_grams(e.name, *e.aliases)
        if pairs:
            grams.append((" ".join(pairs), e.id))
    conn.executemany(SEARCH_TEXT, texts)
    conn.executemany(SEARCH_GRAMS, grams)


def _reason(error: sqlite3.Error) -> str:
    """What a SQLite error means for the user, in words: the error code, not its text
    (after a full disk SQLite's own text can be "cannot rollback - no transaction")."""
    name = getattr(error, "sqlite_errorname", "") or ""
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return (
            f"the store is locked by another process (a load writing, or a reader still open) "
            f"and stayed locked for {BUSY_TIMEOUT:g} s; try again when it has finished"
        )
    if name.startswith("SQLITE_FULL"):
        return "the disk is full (or the store has reached its size limit)"
    if name.startswith("SQLITE_READONLY"):
        return "the store is read-only (the file, or its folder, cannot be written)"
    if name.startswith("SQLITE_CANTOPEN"):
        return "cannot open the store's files (is its folder writable?)"
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
        return "not an encircle store, or a damaged one (not a SQLite database)"
    if name.startswith("SQLITE_IOERR"):
        return f"input/output error ({error})"
    return " ".join(str(error).split()) or type(error).__name__


@contextmanager
def _said(action: str, location: str) -> Iterator[None]:
    """SQLite errors as one StoreError line: `cannot write 'case.db': the disk is full`."""
    try:
        yield
    except sqlite3.Error as error:
        raise StoreError(f"cannot {action} {location!r}: {_reason(error)}") from None


class SqliteStore(Store):
    """Entities and relations in one SQLite file (default ``./encircle.db``)."""

    def __init__(self, path: str) -> None:
        self.location = path
        self._annotations = 0  # ledger rows of annotation kinds this connection wrote
        with _said("open SQLite store", path):
            # Autocommit mode: transactions are opened explicitly with BEGIN IMMEDIATE.
            # `timeout`: how long to wait for another process's lock before giving up.
            self.conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT)
            self.conn.executescript(files("encircle.graph.stores").joinpath("sqlite.sql").read_text())
            self._index_search()

    def _index_search(self) -> None:
        """A store loaded before the search tables existed: index its entities once."""
        (missing,) = self.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM entity) AND NOT EXISTS (SELECT 1 FROM entity_search)"
        ).fetchone()
        if missing:
            # A store this process cannot write stays unindexed: search finds nothing there.
            with suppress(StoreError):
                self._in_write_transaction(lambda _: put_search(self.conn, list(self.entities())))

    def _in_write_transaction(self, work: Callable[[WriteTransaction], T]) -> T:
        with _said("write", self.location):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                result = work(_SqliteWrite(self.conn))
                # A reader's open transaction blocks COMMIT (not BEGIN IMMEDIATE): it can
                # fail here as well, and the transaction is then rolled back below.
                self.conn.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
        return result

    def _rollback(self) -> None:
        # After some errors (a full disk) SQLite has already rolled back: rolling back
        # again would replace the real error with "no transaction is active".
        if self.conn.in_transaction:
            with suppress(sqlite3.Error):  # the first error is the one to report
                self.conn.execute("ROLLBACK")

    def _rows(self, sql: str, parameters: Sequence[Any] = ()) -> Iterator[Any]:
        with _said("read", self.location):
            yield from self.conn.execute(sql, parameters)

    def entities(self) -> Iterator[Entity]:
        for (props,) in self._rows("SELECT props FROM entity ORDER BY id"):
            yield _entity(props)

    def relations(self) -> Iterator[Relation]:
        for (props,) in self._rows("SELECT props FROM relation ORDER BY id"):
            yield _relation(props)

    def read_case(self) -> tuple[list[Entity], list[Relation]]:
        # One read transaction: the snapshot, or the rows and then a new snapshot of them,
        # written only if nobody wrote in between (graph/stores/snapshot.py).
        with _said("read", self.location):
            self.conn.execute("BEGIN")
            try:
                found = snapshot.read(self.conn)
                if found is None:
                    found = (list(self.entities()), list(self.relations()))
                    self._write_snapshot(*found)
            except BaseException:
                self._rollback()
                raise
            try:
                if self.conn.in_transaction:
                    self.conn.execute("COMMIT")
            except sqlite3.Error:  # the snapshot is a cache: a full disk only loses it
                self._rollback()
        return found

    def prepare_reads(self) -> None:
        self.read_case()  # writes the snapshot when the records changed since the last one

    def _write_snapshot(self, entities: list[Entity], relations: list[Relation]) -> None:
        try:
            self.conn.execute("SAVEPOINT snapshot")
        except sqlite3.Error:
            return
        try:
            snapshot.write(self.conn, entities, relations)
            self.conn.execute("RELEASE snapshot")
        except sqlite3.Error:  # read-only, full, or another connection is writing: next time
            if self.conn.in_transaction:  # a full disk may have rolled everything back already
                with suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK TO snapshot")
                    self.conn.execute("RELEASE snapshot")

    def get_entities(self, ids: Sequence[str]) -> dict[str, Entity]:
        with _said("read", self.location):
            return _SqliteWrite(self.conn).fetch_entities(ids)

    def get_relations(self, ids: Sequence[str]) -> dict[str, Relation]:
        return _SqliteWrite(self.conn).fetch_relations(ids)

    def adjacent(self, ids: Sequence[str], types: Sequence[str] = (), direction: Direction = "both") -> list[Relation]:
        wanted = check_adjacency(types, direction)
        found: dict[str, Relation] = {}
        for chunk in _chunks(list(dict.fromkeys(ids))):
            for rid, props in self.conn.execute(_adjacent_sql(len(chunk), len(wanted), direction), (*chunk, *wanted)):
                if rid not in found:  # found from both ends, or from two chunks
                    found[rid] = _relation(props)
        return [found[rid] for rid in sorted(found)]

    def adjacent_within(
        self, ids: Sequence[str], within: Collection[str], direction: Direction = "both"
    ) -> list[Relation]:
        kept = list(dict.fromkeys(within))
        if len(kept) > CHUNK:  # too many for one IN (...) list: filter the whole adjacency
            return super().adjacent_within(ids, kept, direction)
        found: dict[str, Relation] = {}
        for chunk in _chunks(list(dict.fromkeys(ids))):
            for rid, props in self.conn.execute(_within_sql(len(chunk), len(kept), direction), (*chunk, *kept)):
                if rid not in found:
                    found[rid] = _relation(props)
        return [found[rid] for rid in sorted(found)]

    def degrees(self, ids: Sequence[str], types: Sequence[str] = (), direction: Direction = "both") -> dict[str, int]:
        wanted = check_adjacency(types, direction)
        given = list(dict.fromkeys(ids))
        counts: dict[str, int] = {}
        for chunk in _chunks(given):
            counts.update(self.conn.execute(_degrees_sql(len(chunk), len(wanted), direction), (*chunk, *wanted)))
        return {node: counts[node] for node in given if node in counts}

    def relation_counts(self) -> dict[str, int]:
        return dict(self.conn.execute("SELECT type, count(*) FROM relation GROUP BY type ORDER BY type").fetchall())

    def find_entities(self, text: str) -> list[Entity]:
        rows = self._rows(
            "SELECT props FROM entity WHERE id = ?1 "
            "OR id IN (SELECT entity_id FROM entity_name WHERE key = ?2) ORDER BY id",
            (text, name_key(text)),
        )
        return [_entity(props) for (props,) in rows]

    def search_entities(self, text: str, limit: int) -> list[Entity]:
        """From the indexes: names starting with `text` (the name keys), then names,
        aliases or pinyin holding it, or its words in any order (FTS5 trigrams, three
        characters or more; the character pairs of Chinese names for two), then names
        sharing the trigrams of either half of a word (a typo leaves one half whole).
        Matches come in index order, not ranked: the query layer ranks them."""
        key = name_key(text)
        found: dict[int, None] = {}

        def add(sql: str, *params: Any) -> None:
            if len(found) < limit:
                found.update((rowid, None) for (rowid,) in self._rows(sql, (*params, limit)))

        if not key:
            return []
        add(
            "SELECT e.rowid FROM entity_name n JOIN entity e ON e.id = n.entity_id "
            "WHERE n.key >= ? AND n.key < ? ORDER BY n.key LIMIT ?",
            key,
            key + "\U0010ffff",
        )
        matching = "SELECT rowid FROM entity_search WHERE entity_search MATCH ? LIMIT ?"
        if len(key) >= 3:
            add(matching, _phrase(key))
            words = [_phrase(word) for word in key.split() if len(word) >= 3]
            if len(words) > 1:  # the words in any order
                add(matching, _phrase(key.replace(" ", "")))
                add(matching, " AND ".join(words))
            add(matching, _halves(key))
        elif len(key) == 2 and has_cjk(key):
            add("SELECT rowid FROM entity_grams WHERE entity_grams MATCH ? LIMIT ?", _phrase(key))
        order = {rowid: i for i, rowid in enumerate(list(found)[:limit])}
        if not order:
            return []
        marks = ",".join("?" * len(order))
        rows = self._rows(f"SELECT rowid, props FROM entity WHERE rowid IN ({marks})", list(order))
        return [_entity(props) for _, props in sorted(rows, key=lambda row: order[row[0]])]

    def change_token(self) -> object | None:
        # data_version moves when another connection commits to the file; total_changes
        # when this one writes (including clear()), less the annotations it appended
        # (ledger.ANNOTATIONS: they never change what queries see).
        try:
            (version,) = self.conn.execute("PRAGMA data_version").fetchone()
        except sqlite3.Error:
            return None
        return (version, self.conn.total_changes - self._annotations)

    def stats(self) -> Stats:
        with _said("read", self.location):
            kept = snapshot.read_stats(self.conn)  # as valid as the snapshot: any change empties it
        if kept is not None:
            return kept

        def counts(sql: str) -> dict[str, int]:
            return dict(self._rows(sql))

        types = counts("SELECT type, count(*) FROM entity GROUP BY type ORDER BY type")
        roles = counts(
            "SELECT r.value, count(*) FROM entity, json_each(entity.props, '$.roles') AS r "
            "GROUP BY r.value ORDER BY r.value"
        )
        rel_types = self.relation_counts()
        return Stats(sum(types.values()), sum(rel_types.values()), types, roles, rel_types)

    def append(self, entries: Sequence[Entry]) -> None:
        rows = [(e.kind, e.key, e.author, e.at, e.body_json()) for e in entries]
        sql = "INSERT INTO ledger (kind, key, author, at, body) VALUES (?, ?, ?, ?, ?)"
        self._in_write_transaction(lambda _: self.conn.executemany(sql, rows))
        self._annotations += sum(e.kind in ANNOTATIONS for e in entries)

    def ledger(self, kind: str, keys: Sequence[str] | None = None) -> list[Entry]:
        columns = "SELECT kind, key, author, body, at, seq FROM ledger WHERE kind = ?"
        if keys is None:
            rows = self.conn.execute(f"{columns} ORDER BY seq", (kind,)).fetchall()
        else:
            rows = []
            for chunk in _chunks(list(dict.fromkeys(keys))):
                marks = ",".join("?" * len(chunk))
                rows += self.conn.execute(f"{columns} AND key IN ({marks})", (kind, *chunk)).fetchall()
            rows.sort(key=lambda row: row[5])
        return [Entry.from_row(*row) for row in rows]

    def clear(self) -> None:
        def delete_all(_: WriteTransaction) -> None:
            tables = ("ledger", "relation", "entity_name", "entity_search", "entity_grams", "snapshot", "entity")
            for table in tables:
                self.conn.execute(f"DELETE FROM {table}")  # fixed table names

        self._in_write_transaction(delete_all)

    def close(self) -> None:
        self.conn.close()
