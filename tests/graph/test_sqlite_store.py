"""Embedded-only behaviour: the file persists, writes are atomic, :memory: works."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from encircle.graph.errors import LoadError, StoreError
from encircle.graph.records import Entity, Relation
from encircle.graph.stores import open_store
from encircle.graph.stores.sqlite import SqliteStore, _adjacent_sql, _degrees_sql


def test_file_persists_across_reopen(tmp_path: Path, entities: list[Entity], relations: list[Relation]) -> None:
    path = str(tmp_path / "case.db")
    with open_store(path) as store:
        store.write(entities, relations)
        expected = list(store.entities()), list(store.relations()), store.stats()

    with open_store(path) as store:
        assert isinstance(store, SqliteStore)
        assert (list(store.entities()), list(store.relations()), store.stats()) == expected


def test_failed_write_leaves_file_unchanged(tmp_path: Path, entities: list[Entity]) -> None:
    path = tmp_path / "case.db"
    with open_store(str(path)) as store:
        store.write(entities, [])
    before = path.read_bytes()

    with open_store(str(path)) as store, pytest.raises(LoadError):
        store.write([Entity("p9", "Person", "x")], [Relation("x", "GIFT", "p9", "nobody", date="2020")])

    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM entity WHERE id = 'p9'").fetchone() == (0,)
    assert path.read_bytes() == before


def test_memory_store(entities: list[Entity]) -> None:
    with open_store(":memory:") as store:
        assert store.is_empty()
        store.write(entities, [])
        assert store.stats().entities == len(entities)

    with open_store(":memory:") as store:
        assert store.is_empty()  # each :memory: store is its own


def test_unopenable_path(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open SQLite store"):
        open_store(str(tmp_path / "missing-dir" / "case.db"))


@pytest.mark.parametrize("direction", ["both", "out", "in"])
@pytest.mark.parametrize("types", [0, 2])
def test_adjacency_and_degrees_are_index_searches(direction: str, types: int) -> None:
    store = SqliteStore(":memory:")
    for sql in (_adjacent_sql(3, types, direction), _degrees_sql(3, types, direction)):
        plan = [row[3] for row in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}", ["x"] * (3 + types))]
        assert not [step for step in plan if step.startswith("SCAN")], plan
        assert any("USING INDEX relation_" in step or "COVERING INDEX relation_" in step for step in plan), plan
    store.close()


def test_an_older_store_file_gets_the_adjacency_indexes(tmp_path: Path, entities: list[Entity]) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:  # the indexes of stores written before the read API
        conn.executescript(
            "CREATE TABLE relation (id TEXT PRIMARY KEY, type TEXT NOT NULL, source_id TEXT NOT NULL, "
            "target_id TEXT NOT NULL, props TEXT NOT NULL);"
            "CREATE INDEX relation_source ON relation (source_id);"
            "CREATE INDEX relation_target ON relation (target_id);"
        )
    conn.close()

    with open_store(str(path)) as store:
        store.write(entities, [Relation("k1", "RELATIVE_OF", "p2", "p1")])
        assert store.degrees(["p1"]) == {"p1": 1}

    with sqlite3.connect(path) as conn:
        indexes = {
            name
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'relation'")
        }
    conn.close()
    assert indexes == {"sqlite_autoindex_relation_1", "relation_source_type", "relation_target_type"}
