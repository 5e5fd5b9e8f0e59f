"""Embedded-only behaviour: the file persists, writes are atomic, :memory: works."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from encircle.graph.errors import LoadError, StoreError
from encircle.graph.records import Entity, Relation
from encircle.graph.stores import open_store
from encircle.graph.stores.sqlite import SqliteStore


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
