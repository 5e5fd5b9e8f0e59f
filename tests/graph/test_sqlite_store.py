"""Embedded-only behaviour: the file persists, writes are atomic, :memory: works."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from encircle.graph.errors import LoadError, StoreError
from encircle.graph.records import Entity, Relation
from encircle.graph.stores import open_store
from encircle.graph.stores.sqlite import SqliteStore, _adjacent_sql, _degrees_sql, _within_sql


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


@pytest.mark.parametrize("direction", ["both", "out", "in"])
def test_relations_within_search_only_the_asked_ends(direction: str) -> None:
    """The other end is only tested: a hub among the ids to keep is never searched."""
    store = SqliteStore(":memory:")
    plan = [row[3] for row in store.conn.execute(f"EXPLAIN QUERY PLAN {_within_sql(2, 5, direction)}", ["x"] * 7)]
    searched = sorted(step for step in plan if "relation" in step)
    expected = {
        "out": ["SEARCH relation USING INDEX relation_source_type (source_id=?)"],
        "in": ["SEARCH relation USING INDEX relation_target_type (target_id=?)"],
    }
    assert searched == expected.get(direction, expected["out"] + expected["in"]), plan
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


def test_readers_and_writers_do_not_lose_each_others_work(tmp_path: Path, entities: list[Entity]) -> None:
    """WAL: a write is not blocked by a long read (a detection); a second writer waits for
    the first (a load in another process) instead of failing, and both writes land."""
    import threading
    import time

    from encircle.graph.ledger import Entry

    path = str(tmp_path / "case.db")
    writing = threading.Event()

    def long_load() -> None:  # another process's load: its own connection, one long transaction
        with open_store(path) as loader:

            def work(tx: object) -> None:
                sql = "INSERT INTO ledger (kind, key, author, at, body) VALUES ('x', 'k', 'a', 't', '{}')"
                loader.conn.execute(sql)  # type: ignore[attr-defined]
                writing.set()
                time.sleep(1.0)

            loader._in_write_transaction(work)  # type: ignore[arg-type]

    with open_store(path) as reader, open_store(path) as workbench:
        reader.write(entities, [])
        assert reader.conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)  # type: ignore[attr-defined]
        reading = reader.entities()
        next(reading)  # a read transaction is open
        workbench.append([Entry("review", "f-1", "ana", {"status": "confirmed"})])
        thread = threading.Thread(target=long_load)
        thread.start()
        assert writing.wait(10)
        started = time.perf_counter()
        workbench.append([Entry("review", "f-1", "bo", {"status": "dismissed"})])  # waits for the load
        waited = time.perf_counter() - started
        thread.join()
        list(reading)
        assert waited > 0.5
        assert [e.author for e in workbench.ledger("review")] == ["ana", "bo"]
        assert [e.key for e in reader.ledger("x")] == ["k"]


def test_reviews_do_not_move_the_change_token_but_records_and_judgements_do(
    tmp_path: Path, entities: list[Entity]
) -> None:
    from encircle.graph.ledger import Entry

    with open_store(str(tmp_path / "case.db")) as store, open_store(str(tmp_path / "case.db")) as other:
        store.write(entities, [])
        token = store.change_token()
        store.append([Entry("review", "f-1", "ana", {"status": "confirmed"})])
        assert store.change_token() == token  # an annotation: findings and graphs stay valid
        store.append([Entry("judgement", "a|b", "ana", {"verdict": "same"})])
        assert store.change_token() != token
        token = store.change_token()
        other.write([Entity("p9", "Person", "Nine")], [])  # another connection (process)
        assert store.change_token() != token
