"""The bulk import on the real test server: the database it builds is the one the
transactional loader writes, node for node and property for property (labels, types,
name keys, constraints, indexes), and a failed import leaves the database empty."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from neo4j import GraphDatabase

from encircle.graph.errors import LoadError, StoreError
from encircle.graph.records import Entity, Relation
from encircle.graph.stores import open_store
from encircle.graph.stores.neo4j_bulk import Neo4jHome, bulk_import

pytestmark = pytest.mark.neo4j

# What CSV makes hard: quotes, commas, ';' and line breaks in values, an empty extra, extras
# whose names hold ':' and ',', a list of one, numbers of each type, ids repeated (merged
# into one record: roles united, properties added), every relation type.
ENTITIES = [
    Entity("p_1", "Person", 'Anna "A" O\'Brien\\', country="China", extra={"Note": "x;y", "a:b": "", "x,y": "z"}),
    Entity("p-2", "Person", "Bo\nBerg\t\x01", aliases=("B. B.", "Bo;Berg"), roles=("staff", "official")),
    Entity("same", "Person", "Same Id", roles=("official",), interests=("golf", "tea")),
    Entity("same", "Person", "Same Id 2", roles=("businessperson",), birth_date="1960"),
    Entity("co-1", "Company", "Co" * 300, birth_date="2001-02", registration_number="R7", blacklisted_until="2030"),
    Entity("body-1", "PublicBody", "局", source="https://example.org/body"),
    Entity("org-1", "Organization", "Org", roles=("intermediary",)),
]
RELATIONS = [
    Relation("same", "HOLDS_POST", "p_1", "body-1", start_date="2016-02"),
    Relation("h:2", "HOLDS_POST", "p-2", "co-1", role="chair", kind="acting", end_date="unknown"),
    Relation("e1", "EMPLOYED_BY", "p_1", "p-2", kind="driver", status="alleged"),
    Relation("g1", "GIFT", "co-1", "p-2", date="2016", amount=0.1 + 0.2, currency="EUR", kind="golf"),
    Relation("a1", "APPROVED", "p-2", "co-1", date="2017-03-04", body_id="body-1", procedure="invited", bidders=2),
    Relation("a1", "APPROVED", "p-2", "co-1", excluded=("org-1",), status="inferred", extra={"contract": "B"}),
    Relation("a3", "APPROVED", "same", "co-1", date="2018", amount=1e20),
    Relation("o1", "OWNS", "org-1", "co-1", share=0.123456789),
    Relation("k1", "RELATIVE_OF", "p_1", "same", kind="in_law"),
    Relation("s1", "ASSOCIATE_OF", "same", "p-2"),
    Relation("d1", "DIRECTS", "p_1", "org-1", kind="board"),
]

NODES = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"
RELATIONSHIPS = "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS a, b.id AS b, properties(r) AS props"
SCHEMA = "SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, state, owningConstraint"


def canonical(record: dict[str, Any]) -> str:
    """A row as text: keys and property keys sorted, labels sorted (a set in Neo4j);
    values keep their types (a float stays a float, a list a list)."""
    row = {key: sorted(value.items()) if isinstance(value, dict) else value for key, value in record.items()}
    if "labels" in row:
        row["labels"] = sorted(row["labels"])
    return repr(sorted(row.items()))


def database(uri: str) -> dict[str, list[str]]:
    """Everything the database holds, rows sorted."""
    with GraphDatabase.driver(uri, auth=None) as driver:

        def rows(query: str) -> list[str]:
            records, _, _ = driver.execute_query(query)
            return sorted(canonical(r.data()) for r in records)

        return {"nodes": rows(NODES), "relationships": rows(RELATIONSHIPS), "schema": rows(SCHEMA)}


def test_the_bulk_import_writes_what_the_transactional_load_writes(bulk_neo4j: tuple[str, Path]) -> None:
    uri, home = bulk_neo4j
    with open_store(uri) as store:
        store.write(ENTITIES, RELATIONS)
    written = database(uri)
    with open_store(uri) as store:
        store.clear()

    summary = bulk_import(uri, ENTITIES, RELATIONS, Neo4jHome.at(home))

    assert (summary.entities, summary.relations) == (6, 10)
    imported = database(uri)
    # 6 entities, their 8 name keys (p-2 has three names; the merged "same" keeps one) and
    # their 6 search texts (written when the imported database is first opened).
    assert len(written["nodes"]) == 6 + 8 + 6
    assert imported == written
    assert all("'ONLINE'" in index for index in imported["schema"])


def test_a_failed_import_leaves_the_database_empty(bulk_neo4j: tuple[str, Path]) -> None:
    uri, home = bulk_neo4j

    with pytest.raises(StoreError) as failed:
        bulk_import(uri, ENTITIES, RELATIONS, Neo4jHome.at(home), options=["--no-such-option=1"])

    message = str(failed.value)
    assert message.startswith("the bulk import into 'neo4j' failed: `neo4j-admin database import full` failed (exit")
    assert "--no-such-option" in message and message.endswith("; the database was left empty")
    with open_store(uri) as store:  # the server runs again, and holds nothing
        assert store.is_empty()
        assert database(uri)["nodes"] == []


def test_bad_records_are_refused_before_the_server_is_touched(bulk_neo4j: tuple[str, Path], tmp_path: Path) -> None:
    uri, _ = bulk_neo4j
    dangling = Relation("g9", "GIFT", "p_1", "nobody")
    log = tmp_path / "calls"
    stub = tmp_path / "home"
    (stub / "bin").mkdir(parents=True)
    for tool in ("neo4j", "neo4j-admin"):  # a home that would record any call: none may come
        script = stub / "bin" / tool
        script.write_text(f'#!/bin/sh\necho {tool} "$@" >> {log}\nexit 1\n')
        script.chmod(0o755)

    with pytest.raises(LoadError, match="nobody"):
        bulk_import(uri, ENTITIES, [*RELATIONS, dangling], Neo4jHome.at(stub))

    assert not log.exists()
    with open_store(uri) as store:
        assert store.is_empty()


def test_a_home_that_does_not_run_the_server_is_found_out(bulk_neo4j: tuple[str, Path], tmp_path: Path) -> None:
    uri, _ = bulk_neo4j
    stub = tmp_path / "home"
    (stub / "bin").mkdir(parents=True)
    for tool in ("neo4j", "neo4j-admin"):  # stops and starts nothing
        script = stub / "bin" / tool
        script.write_text("#!/bin/sh\nexit 0\n")
        script.chmod(0o755)

    with pytest.raises(StoreError, match=r"still answers after `.*/bin/neo4j stop`.*\(nothing was imported\)"):
        bulk_import(uri, ENTITIES, RELATIONS, Neo4jHome.at(stub))
    with open_store(uri) as store:
        assert store.is_empty()


def test_a_folder_without_the_scripts_is_not_a_home(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"is not a Neo4j home: no executable bin/neo4j \(give --neo4j-home\)"):
        Neo4jHome.at(tmp_path)
