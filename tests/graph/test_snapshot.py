"""Reading a whole case back (Store.read_case): on both stores the records in id order;
on SQLite from the compact snapshot, which any change to the records empties."""

from __future__ import annotations

import marshal
import sqlite3
from pathlib import Path

import pytest

from encircle.graph.records import Entity, Relation
from encircle.graph.stores import Store, open_store, snapshot
from encircle.graph.stores.base import Stats
from encircle.graph.stores.snapshot import CHUNK

ENTITIES = [
    Entity("p1", "Person", "钱磊", aliases=("Qian Lei",), roles=("businessperson",), interests=("golf",)),
    Entity("p2", "Person", "Zhou Ping", roles=("official",), birth_date="1960-03", extra={"note": "x"}),
    Entity("c1", "Company", "Leixin", registration_number="91", blacklisted_from="2019-01-15"),
]
RELATIONS = [
    Relation("g1", "GIFT", "p1", "p2", date="2016-09", amount=200000.0, currency="CNY", kind="cash", status="alleged"),
    Relation("o1", "OWNS", "p1", "c1", share=0.51, start_date="2010", extra={"ref": "LS-06"}),
    Relation("a1", "APPROVED", "p2", "c1", date="2017-08-30", procedure="invited", bidders=2, excluded=("c1",)),
]


def test_read_case_is_every_record_in_id_order(store: Store) -> None:
    store.write(ENTITIES, RELATIONS)
    entities, relations = store.read_case()
    assert entities == list(store.entities()) == sorted(ENTITIES, key=lambda e: e.id)
    assert relations == list(store.relations()) == sorted(RELATIONS, key=lambda r: r.id)
    assert store.read_case() == (entities, relations)  # again (on SQLite: from the snapshot)


def snapshot_rows(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        (count,) = conn.execute("SELECT count(*) FROM snapshot").fetchone()
    return int(count)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "case.db"
    with open_store(str(path)) as store:
        store.write(ENTITIES, RELATIONS)
    return path


def test_the_first_read_writes_the_snapshot_and_the_next_uses_it(db: Path) -> None:
    assert snapshot_rows(db) == 0
    with open_store(str(db)) as store:
        first = store.read_case()
    assert snapshot_rows(db) == 5  # the layout, the counts, a chunk of entities, one of relations, the stray ends
    with sqlite3.connect(db) as conn:  # the rows change behind the snapshot's back: it is what is read
        conn.execute("DROP TRIGGER snapshot_entity_update")
        conn.execute("UPDATE entity SET name = 'changed' WHERE id = 'p2'")
    with open_store(str(db)) as store:
        assert store.read_case() == first


def test_the_counts_kept_with_the_snapshot_are_those_of_the_rows(db: Path) -> None:
    with open_store(str(db)) as store:
        counted = store.stats()  # no snapshot yet: counted in SQL
        store.read_case()
        assert store.stats() == counted == Stats.of(ENTITIES, RELATIONS)
    with sqlite3.connect(db) as conn:  # behind the store's back, the kept counts are what is read
        conn.execute("DROP TRIGGER snapshot_entity_delete")
        conn.execute("DELETE FROM entity_name WHERE entity_id = 'p2'")
        conn.execute("DELETE FROM entity WHERE id = 'p2'")
    with open_store(str(db)) as store:
        assert store.stats() == counted
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM snapshot WHERE kind = 'stats'")  # a snapshot from before the counts
    with open_store(str(db)) as store:
        assert store.stats().entities == len(ENTITIES) - 1


@pytest.mark.parametrize(
    "change",
    [
        "INSERT INTO entity (id, type, name, props) "
        'VALUES (\'p9\', \'Person\', \'N\', \'{"id":"p9","name":"N","type":"Person"}\')',
        "UPDATE relation SET props = replace(props, '200000.0', '1.0') WHERE id = 'g1'",
        "DELETE FROM relation WHERE id = 'a1'",
    ],
)
def test_any_change_to_the_records_empties_it(db: Path, change: str) -> None:
    with open_store(str(db)) as store:
        store.read_case()
    with sqlite3.connect(db) as conn:  # another program, not encircle
        conn.execute(change)
    assert snapshot_rows(db) == 0
    with open_store(str(db)) as store:
        assert store.read_case() == (list(store.entities()), list(store.relations()))


def test_a_write_through_the_store_empties_it(db: Path) -> None:
    with open_store(str(db)) as store:
        store.read_case()
        store.write([Entity("p3", "Person", "New")], [])
        assert "p3" in [e.id for e in store.read_case()[0]]


def test_a_snapshot_of_another_layout_is_rebuilt(db: Path) -> None:
    with open_store(str(db)) as store:
        expected = store.read_case()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE snapshot SET data = x'00' WHERE kind = 'layout'")
    with open_store(str(db)) as store:
        assert store.read_case() == expected
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT data FROM snapshot WHERE kind = 'layout'").fetchone()[0] != b"\x00"


def test_a_busy_store_is_read_without_writing_a_snapshot(db: Path) -> None:
    writer = sqlite3.connect(db, isolation_level=None, timeout=0.1)
    writer.execute("BEGIN IMMEDIATE")  # another process is writing
    try:
        with open_store(str(db)) as store:
            store.conn.execute("PRAGMA busy_timeout = 100")
            entities, relations = store.read_case()
        assert [e.id for e in entities] == ["c1", "p1", "p2"] and len(relations) == 3
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert snapshot_rows(db) == 0


def test_an_older_store_file_gets_the_snapshot_on_opening(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:  # the tables as store files had them before the snapshot
        conn.executescript(
            "CREATE TABLE entity (id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, props TEXT NOT NULL);"
            "CREATE TABLE relation (id TEXT PRIMARY KEY, type TEXT NOT NULL, source_id TEXT NOT NULL, "
            "target_id TEXT NOT NULL, props TEXT NOT NULL);"
            'INSERT INTO entity VALUES (\'p1\', \'Person\', \'Li\', \'{"id":"p1","name":"Li","type":"Person"}\');'
        )
    with open_store(str(path)) as store:
        assert [e.id for e in store.read_case()[0]] == ["p1"]
    assert snapshot_rows(path) == 4  # the layout, the counts, the entities and no stray ends (no relations)


def test_large_cases_are_chunked(tmp_path: Path) -> None:
    people = [Entity(f"p{i:06d}", "Person", f"P{i}") for i in range(CHUNK + 10)]
    with open_store(str(tmp_path / "big.db")) as store:
        store.write(people, [])
        assert store.read_case()[0] == people
        assert store.read_case()[0] == people
    assert (
        snapshot_rows(tmp_path / "big.db") == 2 + 2 + 0 + 1
    )  # layout and counts, two chunks of entities, none of relations, the stray ends


def test_relation_ends_are_kept_as_positions_and_read_back_as_the_entities_ids(db: Path) -> None:
    with open_store(str(db)) as store:
        entities, relations = store.read_case()
    with sqlite3.connect(db) as conn:
        (data,) = conn.execute("SELECT data FROM snapshot WHERE kind = 'relation'").fetchone()
    ends = [(t[2], t[3]) for t in marshal.loads(data)]  # relations a1 g1 o1, entities c1 p1 p2
    assert ends == [(2, 0), (1, 2), (1, 0)]
    with open_store(str(db)) as store:
        assert store.read_case() == (entities, relations)


def test_an_end_that_is_no_entity_is_kept_after_the_entities() -> None:
    # The stores refuse such a relation; the snapshot must still never lose one.
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE snapshot (kind TEXT, part INTEGER, data BLOB)")
    relations = [*RELATIONS, Relation("g2", "GIFT", "p1", "gone", date="2016-10")]
    snapshot.write(conn, ENTITIES, relations)
    assert snapshot.read(conn) == (ENTITIES, relations)
    (stray,) = conn.execute("SELECT data FROM snapshot WHERE kind = 'endpoint'").fetchone()
    assert marshal.loads(stray) == ["gone"]
