"""Neo4j name lookup: name keys on :EntityName nodes, written with entities, kept out of
the entity graph, cleared with it, and backfilled for databases loaded before them."""

from __future__ import annotations

from typing import cast

import pytest

from encircle.graph.records import Entity
from encircle.graph.stores import Store, open_store
from encircle.graph.stores.neo4j import Neo4jStore

pytestmark = pytest.mark.neo4j

PEOPLE = [
    Entity("p1", "Person", "Zhou Ping", aliases=("周平",)),
    Entity("p2", "Person", "Ｓｔｒａｓｓｅ  Li"),  # fullwidth: NFKC makes it "strasse li"
    Entity("p3", "Person", "STRAßE Li"),  # casefold: ß -> ss
]


def names(store: Store) -> list[tuple[str, str]]:
    rows = cast(Neo4jStore, store).read("MATCH (k:EntityName) RETURN k.entity_id AS id, k.key AS key")
    return sorted((r["id"], r["key"]) for r in rows)


def test_find_by_id_name_and_alias_with_name_keys(neo4j_store: Store) -> None:
    neo4j_store.write(PEOPLE, [])
    assert [e.id for e in neo4j_store.find_entities("p1")] == ["p1"]
    assert [e.id for e in neo4j_store.find_entities("zhou   ping")] == ["p1"]
    assert [e.id for e in neo4j_store.find_entities("周平")] == ["p1"]
    assert [e.id for e in neo4j_store.find_entities("strasse li")] == ["p2", "p3"]
    assert neo4j_store.find_entities("nobody") == []
    # entity nodes keep exactly their property map; keys live on their own nodes
    assert [e.id for e in neo4j_store.entities()] == ["p1", "p2", "p3"]
    assert ("p1", "周平") in names(neo4j_store) and ("p1", "zhou ping") in names(neo4j_store)


def test_renamed_entity_keeps_its_old_key_as_sqlite_does(neo4j_store: Store, sqlite_store: Store) -> None:
    for store in (neo4j_store, sqlite_store):
        store.write(PEOPLE[:1], [])
        store.write([Entity("p1", "Person", "Zhou Ping Jr")], [])
        assert [e.id for e in store.find_entities("Zhou Ping")] == ["p1"]
        assert [e.id for e in store.find_entities("zhou ping jr")] == ["p1"]


def test_clear_removes_name_keys_and_old_databases_are_backfilled(neo4j_store: Store) -> None:
    neo4j_store.write(PEOPLE, [])
    neo4j_store.clear()
    assert names(neo4j_store) == []
    neo4j_store.write(PEOPLE, [])
    store = cast(Neo4jStore, neo4j_store)
    with store.driver.session(database=store.database) as session:
        session.run("MATCH (k:EntityName) DELETE k").consume()  # as loaded before name keys
    assert neo4j_store.find_entities("zhou ping") == []
    reopened = open_store(neo4j_store.location)
    try:
        assert [e.id for e in reopened.find_entities("zhou ping")] == ["p1"]
    finally:
        reopened.close()
