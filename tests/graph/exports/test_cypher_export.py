"""The Cypher script: run against the real Neo4j test server, it recreates the records
exactly as encircle's Neo4j store holds them (read back through the store)."""

from __future__ import annotations

from pathlib import Path

import pytest

from encircle.graph.exports import Slice, export
from encircle.graph.exports.cypher import literal, statements
from encircle.graph.records import Entity, Relation
from encircle.graph.stores import Store
from encircle.graph.stores.neo4j import Neo4jStore

from .conftest import Loader, records


def _run(store: Store, script: Path) -> int:
    assert isinstance(store, Neo4jStore)
    count = 0
    with store.driver.session() as session:
        for statement in statements(script.read_text(encoding="utf-8")):
            session.run(statement).consume()  # type: ignore[arg-type]  # the script is the query
            count += 1
    return count


@pytest.mark.neo4j
@pytest.mark.parametrize("case", ["demo", "world", "edge"])
def test_the_script_recreates_the_records(
    store: Store, neo4j_store: Store, load_case: Loader, case: str, tmp_path: Path
) -> None:
    load_case(store, case)
    source = records(store), store.stats()
    names = {e.id: [x.id for x in store.find_entities(e.aliases[0])] for e in source[0][0] if e.aliases}
    summary = export(store, "cypher", tmp_path / "case.cypher")
    assert (summary.entities, summary.relations) == (len(source[0][0]), len(source[0][1]))
    neo4j_store.clear()  # the source itself, when it is the Neo4j store
    assert neo4j_store.is_empty()
    _run(neo4j_store, tmp_path / "case.cypher")
    assert (records(neo4j_store), neo4j_store.stats()) == source
    assert {e: [x.id for x in neo4j_store.find_entities(store_alias)] for e, store_alias in _aliases(source)} == names
    if case != "world":  # (it takes a while)
        _run(neo4j_store, tmp_path / "case.cypher")  # again: MERGE on ids changes nothing
        assert (records(neo4j_store), neo4j_store.stats()) == source


def _aliases(source: tuple[tuple[list[Entity], list[Relation]], object]) -> list[tuple[str, str]]:
    return [(e.id, e.aliases[0]) for e in source[0][0] if e.aliases]


@pytest.mark.neo4j
def test_odd_keys_and_values(
    neo4j_store: Store, entities: list[Entity], relations: list[Relation], tmp_path: Path
) -> None:
    """The store tests' hand-built case: Chinese and spaced property names, every type."""
    export(Slice(entities, relations), "cypher", tmp_path / "odd.cypher")
    _run(neo4j_store, tmp_path / "odd.cypher")
    assert records(neo4j_store) == (sorted(entities, key=lambda e: e.id), sorted(relations, key=lambda r: r.id))


def test_literals_escape_what_cypher_would_read() -> None:
    assert literal("a'b\\c\nd\u2028\x00") == "'a\\'b\\\\c\\nd\\u2028\\u0000'"
    assert literal({"Chamber ID": 1e20, "备注": [1.5, None], "`x`": True}) == (
        "{`Chamber ID`: 1e20, `备注`: [1.5, null], ```x```: true}"
    )


def test_one_statement_a_line(tmp_path: Path) -> None:
    chosen = Slice([Entity("p1", "Person", "line one\nline two; and a ';'")], [])
    export(chosen, "cypher", tmp_path / "x.cypher")
    text = (tmp_path / "x.cypher").read_text(encoding="utf-8")
    found = list(statements(text))
    assert len(found) == 3 + 8 + 2  # constraints and index, one per relation type, nodes, names
    assert found[-2] == (
        "UNWIND [{id: 'p1', type: 'Person', name: 'line one\\nline two; and a \\';\\''}] AS row "
        "MERGE (n:Entity {id: row.id}) SET n = row, n:Person"
    )


def test_the_script_creates_the_stores_constraints(tmp_path: Path) -> None:
    from encircle.graph.exports.cypher import _schema
    from encircle.graph.schema import SCHEMA
    from encircle.graph.stores.neo4j import cypher

    store = [cypher(name) for name in ("entity_constraint", "name_constraint", "name_index")]
    store += [cypher("relation_constraint", type=t) for t in SCHEMA.relation_types]
    assert [s.rstrip(";\n") for s in _schema()] == [
        " ".join(line for line in text.splitlines() if line.strip() and not line.startswith("//")) for text in store
    ]
