"""Neo4j-only behaviour: labels, relationship types, constraints, connection errors, batching."""

from __future__ import annotations

import os
from typing import Any, LiteralString, cast

import pytest

from encircle.graph.errors import StoreError
from encircle.graph.records import Entity, Relation
from encircle.graph.schema import SCHEMA
from encircle.graph.stores import Store
from encircle.graph.stores.neo4j import Neo4jStore, cypher

pytestmark = pytest.mark.neo4j
TEST_URI = os.environ.get("ENCIRCLE_TEST_NEO4J", "bolt://127.0.0.1:7687")


def query(store: Store, text: LiteralString, **params: Any) -> list[dict[str, Any]]:
    with cast(Neo4jStore, store).driver.session(database=cast(Neo4jStore, store).database) as session:
        return [record.data() for record in session.run(text, params)]


def test_labels_from_type_and_roles(neo4j_store: Store, entities: list[Entity]) -> None:
    neo4j_store.write(entities, [])

    assert query(neo4j_store, "MATCH (n:Person:Official) RETURN n.id AS id") == [{"id": "p1"}]
    rows = query(neo4j_store, "MATCH (n:Entity {id: 'p2'}) RETURN labels(n) AS labels")
    assert sorted(rows[0]["labels"]) == ["Businessperson", "Entity", "Person", "Relative"]
    assert query(neo4j_store, "MATCH (n:PublicBody) RETURN n.id AS id") == [{"id": "b1"}]


def test_merge_adds_role_label(neo4j_store: Store, entities: list[Entity]) -> None:
    neo4j_store.write(entities, [])

    neo4j_store.write([Entity("p3", "Person", "张伟", roles=("official",))], [])

    ids = query(neo4j_store, "MATCH (n:Person:Official) RETURN n.id AS id ORDER BY id")
    assert ids == [{"id": "p1"}, {"id": "p3"}]
    assert query(neo4j_store, "MATCH (n:Staff:Official) RETURN n.id AS id") == [{"id": "p3"}]


def test_relationship_types_and_properties(
    neo4j_store: Store, entities: list[Entity], relations: list[Relation]
) -> None:
    neo4j_store.write(entities, relations)

    rows = query(neo4j_store, "MATCH ()-[r]->() RETURN DISTINCT type(r) AS type ORDER BY type")
    assert [row["type"] for row in rows] == sorted(SCHEMA.relation_types)
    rows = query(neo4j_store, "MATCH (a)-[r:APPROVED]->(b) RETURN a.id AS a, b.id AS b, r.bidders AS bidders")
    assert rows == [{"a": "p1", "b": "c1", "bidders": 1}]


def test_uniqueness_constraints(neo4j_store: Store) -> None:
    rows = query(neo4j_store, "SHOW CONSTRAINTS YIELD type, entityType, labelsOrTypes, properties")
    on_id = [r for r in rows if r["properties"] == ["id"] and "UNIQUE" in r["type"]]
    unique = {(r["entityType"], r["labelsOrTypes"][0]) for r in on_id}

    assert ("NODE", "Entity") in unique
    assert {("RELATIONSHIP", t) for t in SCHEMA.relation_types} <= unique


def test_duplicate_id_is_refused_by_the_database(neo4j_store: Store) -> None:
    neo4j_store.write([Entity("p1", "Person", "Li")], [])

    with pytest.raises(Exception, match="already exists"):
        query(neo4j_store, "CREATE (:Entity {id: 'p1'})")


def test_credentials_in_the_uri_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "env-secret")
    host = TEST_URI.split("://", 1)[1]

    with pytest.raises(StoreError) as error:
        Neo4jStore(f"bolt://alice:uri-secret@{host}")

    assert str(error.value) == (
        f"credentials do not go in the store URI (bolt://...@{host}): "
        "set NEO4J_USER and NEO4J_PASSWORD in the environment instead"
    )


def test_location_is_the_uri(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "env-secret")  # the test server ignores credentials
    store = Neo4jStore(TEST_URI)
    try:
        assert store.location == TEST_URI
    finally:
        store.close()


def test_unreachable_server() -> None:
    with pytest.raises(StoreError) as error:
        Neo4jStore("bolt://127.0.0.1:1")

    message = str(error.value)
    assert "\n" not in message
    assert message.startswith("cannot connect to Neo4j at bolt://127.0.0.1:1")


@pytest.mark.parametrize("uri", ["bolt://127.0.0.1:notaport", "http2://127.0.0.1:7687", "bolt://user:pw@127.0.0.1:1"])
def test_bad_uri(uri: str) -> None:
    with pytest.raises(StoreError) as error:
        Neo4jStore(uri)

    assert "\n" not in str(error.value) and "pw" not in str(error.value)


def test_cypher_accepts_only_schema_names() -> None:
    assert ":Entity:Person:Official" in cypher("create_entities", labels=("Person", "Official"))
    with pytest.raises(ValueError):
        cypher("create_relations", type="GIFT]->() DETACH DELETE a //")


def test_large_write_is_batched(neo4j_store: Store) -> None:
    n = 25_000
    people = [Entity(f"p{i:05}", "Person", f"人{i}", roles=("official",) if i % 2 else ()) for i in range(n)]
    gifts = [Relation(f"g{i:05}", "GIFT", f"p{i:05}", f"p{(i * 7) % n:05}", date="2020") for i in range(n)]
    batches: list[int] = []

    summary = neo4j_store.write(people, gifts, progress=batches.append)

    assert summary.new_entities == n and summary.new_relations == n
    assert sum(batches) == 2 * n and max(batches) < n  # several UNWIND batches, not one per row
    stats = neo4j_store.stats()
    assert (stats.entities, stats.relations, stats.roles) == (n, n, {"official": n // 2})
    assert query(neo4j_store, "MATCH (n:Person:Official) RETURN count(n) AS n") == [{"n": n // 2}]


def test_out_of_transaction_memory_is_not_retried(neo4j_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from neo4j.exceptions import Neo4jError

    from encircle.graph.stores import neo4j as backend

    attempts: list[int] = []

    def exhausted(self: object, *args: object) -> None:
        attempts.append(1)
        raise Neo4jError._hydrate_neo4j(
            code="Neo.TransientError.General.MemoryPoolOutOfMemoryError",
            message="db.memory.transaction.max threshold reached",
        )

    monkeypatch.setattr(backend._Neo4jWrite, "put", exhausted)

    with pytest.raises(StoreError, match="ran out of transaction memory") as error:
        neo4j_store.write([Entity("p1", "Person", "Li")], [])

    assert attempts == [1] and "\n" not in str(error.value)
    assert neo4j_store.is_empty()


def test_out_of_transaction_memory_at_commit_says_what_to_change(
    neo4j_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Commit needs more memory than the writes before it, so it can fail after the
    transaction function returned: the driver's retries end in the same message."""
    from neo4j import GraphDatabase, ManagedTransaction
    from neo4j.exceptions import Neo4jError

    store = cast(Neo4jStore, neo4j_store)
    store.driver.close()
    store.driver = GraphDatabase.driver(TEST_URI, max_transaction_retry_time=0)  # one retry, not 30 s of them

    def exhausted(self: object) -> None:
        raise Neo4jError._hydrate_neo4j(
            code="Neo.TransientError.General.MemoryPoolOutOfMemoryError",
            message="db.memory.transaction.max threshold reached",
        )

    monkeypatch.setattr(ManagedTransaction, "_commit", exhausted)

    with pytest.raises(StoreError, match="ran out of transaction memory") as error:
        store.write([Entity("p1", "Person", "Li")], [])

    assert "--commit-every" in str(error.value) and "\n" not in str(error.value)
    monkeypatch.undo()
    assert store.is_empty()


def _operators(plan: dict[str, Any]) -> list[str]:
    details = str(plan.get("args", {}).get("Details", ""))
    return [
        f"{plan['operatorType'].split('@')[0]} {details}",
        *(o for c in plan.get("children", []) for o in _operators(c)),
    ]


@pytest.mark.parametrize("types", [(), ("GIFT", "OWNS")])
def test_adjacency_and_degrees_are_index_seeks_and_degree_lookups(neo4j_store: Store, types: tuple[str, ...]) -> None:
    store = cast(Neo4jStore, neo4j_store)
    plans: dict[str, list[str]] = {}
    with store.driver.session(database=store.database) as session:
        for name in ("adjacent", "degrees"):
            explain = "EXPLAIN " + cypher(name, types=types)
            found = session.run(explain, {"ids": ["x"], "out": True, "in": False}).consume().plan
            plans[name] = _operators(found or {})

    for operators in plans.values():
        assert any(op.startswith("NodeUniqueIndexSeek") for op in operators), operators
        assert not [op for op in operators if "Scan" in op.split()[0]], operators
    degree = "getDegree((n)-[:GIFT]->()) + getDegree((n)-[:OWNS]->())" if types else "getDegree((n)-->())"
    assert any(degree in op for op in plans["degrees"]), plans["degrees"]
    assert not [op for op in plans["degrees"] if op.startswith("Expand")], plans["degrees"]
    expands = [op.split(" ", 1)[1] for op in plans["adjacent"] if op.startswith("Expand")]
    typed = ":GIFT|OWNS" if types else ""
    assert expands == [f"(n)-[r{typed}]->(anon_0)", f"(n)<-[r{typed}]-(anon_1)"]


def test_cypher_fills_relation_type_lists() -> None:
    assert "(n)-[:GIFT|OWNS]->()" in cypher("degrees", types=("GIFT", "OWNS"))
    assert "(n)-[]->()" in cypher("degrees")
    with pytest.raises(ValueError, match="not a schema label or relation type"):
        cypher("adjacent", types=("GIFT]->() DETACH DELETE n //",))
