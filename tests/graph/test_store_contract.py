"""The store contract: one body of tests, run on every backend through the `store` fixture."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import networkx as nx
import pytest

from encircle.graph.errors import LoadError, QueryError, SchemaError
from encircle.graph.records import Entity, Origin, Relation
from encircle.graph.stores import Stats, Store, WriteSummary

Snapshot = Callable[[Store], object]


def by_id(records: list[Entity] | list[Relation]) -> list[Entity] | list[Relation]:
    return sorted(records, key=lambda r: r.id)  # type: ignore[return-value]


def test_empty_store(store: Store) -> None:
    assert store.is_empty()
    assert store.stats() == Stats(0, 0, {}, {}, {})
    assert list(store.entities()) == [] and list(store.relations()) == []


def test_exact_read_back(store: Store, entities: list[Entity], relations: list[Relation]) -> None:
    summary = store.write(entities, relations)

    assert summary == WriteSummary(len(entities), len(relations), len(entities), len(relations))
    assert list(store.entities()) == by_id(entities)
    assert list(store.relations()) == by_id(relations)
    assert store.stats() == Stats.of(entities, relations)
    assert store.stats().to_dict() == {
        "entities": 8,
        "relations": 10,
        "entity_types": {"Company": 2, "Organization": 1, "Person": 4, "PublicBody": 1},
        "roles": {"businessperson": 1, "intermediary": 1, "official": 1, "relative": 1, "staff": 1},
        "relation_types": {
            "APPROVED": 1,
            "ASSOCIATE_OF": 1,
            "DIRECTS": 1,
            "EMPLOYED_BY": 1,
            "GIFT": 2,
            "HOLDS_POST": 1,
            "OWNS": 2,
            "RELATIVE_OF": 1,
        },
    }


def test_value_types_round_trip(store: Store, entities: list[Entity], relations: list[Relation]) -> None:
    store.write(entities, relations)
    read = {r.id: r for r in store.relations()}

    assert type(read["o2"].share) is float and read["o2"].share == 1.0  # not turned into an int
    assert type(read["g2"].amount) is float and read["g2"].amount == 300000.0
    assert type(read["a1"].bidders) is int and read["a1"].bidders == 1
    assert read["a1"].excluded == ("c2",)
    assert [read[i].date for i in ("g2", "a1", "g1")] == ["2015", "2016-04", "2016-03-05"]
    p1 = store.get_entities(["p1"])["p1"]
    assert p1.aliases == ("小李", "Li Ming") and p1.extra == {"备注": "县长", "notes 2": "see file"}


def test_get_entities(store: Store, entities: list[Entity]) -> None:
    store.write(entities, [])

    found = store.get_entities(["c1", "nobody", "p2"])

    assert found == {"c1": entities[4], "p2": entities[1]}
    assert store.get_entities([]) == {}


@pytest.mark.parametrize("commit_every", [None, 3])
def test_write_twice_changes_nothing(
    store: Store, entities: list[Entity], relations: list[Relation], snapshot: Snapshot, commit_every: int | None
) -> None:
    store.write(entities, relations, commit_every=commit_every)
    before = snapshot(store)

    summary = store.write(entities, relations, commit_every=commit_every)

    assert summary == WriteSummary(len(entities), len(relations), 0, 0)
    assert snapshot(store) == before


def test_merge_unites_lists_and_keeps_values(store: Store, entities: list[Entity]) -> None:
    store.write(entities, [])
    update = Entity("p1", "Person", "李明", aliases=("Ming",), roles=("businessperson",), extra={"notes 2": "new"})

    summary = store.write([update], [])

    assert summary == WriteSummary(1, 0, 0, 0)
    p1 = store.get_entities(["p1"])["p1"]
    assert p1.aliases == ("小李", "Li Ming", "Ming")
    assert p1.roles == ("official", "businessperson")
    assert p1.birth_date == "1961" and p1.source == "indictment.pdf p.3"  # empty new value keeps the old
    assert p1.extra == {"备注": "县长", "notes 2": "new"}
    assert store.stats().roles == {"businessperson": 2, "intermediary": 1, "official": 1, "relative": 1, "staff": 1}


@pytest.mark.parametrize("commit_every", [None, 1])
def test_relation_update_and_turned_around(
    store: Store, entities: list[Entity], relations: list[Relation], commit_every: int | None
) -> None:
    store.write(entities, relations)
    turned = Relation("k1", "RELATIVE_OF", "p1", "p2", kind="spouse", start_date="1990")
    amended = Relation("g1", "GIFT", "c1", "p1", date="2016-03-05", status="alleged")

    summary = store.write([], [turned, amended], commit_every=commit_every)

    assert summary == WriteSummary(0, 2, 0, 0)
    read = {r.id: r for r in store.relations()}
    assert len(read) == len(relations)
    assert (read["k1"].source_id, read["k1"].target_id, read["k1"].start_date) == ("p1", "p2", "1990")
    assert read["g1"] == replace(relations[0], status="alleged")


def test_new_relation_between_stored_entities(store: Store, entities: list[Entity]) -> None:
    store.write(entities, [])

    summary = store.write([], [Relation("g9", "GIFT", "c2", "p3", date="2019")])

    assert summary.new_relations == 1
    assert [r.id for r in store.relations()] == ["g9"]


INVALID = {
    "unknown endpoint": ([], [Relation("x1", "GIFT", "c1", "nobody", date="2020")]),
    "entity type conflict": ([Entity("p1", "Company", "李明")], []),
    "relation type conflict": ([], [Relation("g1", "APPROVED", "p1", "c1", date="2020")]),
    "relation id with other endpoints": ([], [Relation("g1", "GIFT", "c2", "p1", date="2016")]),
    "wrong direction": ([], [Relation("x2", "APPROVED", "c1", "p1", date="2020")]),
    "unknown excluded": ([], [Relation("x3", "APPROVED", "p1", "c2", date="2020", excluded=("zz",))]),
}


@pytest.mark.parametrize("commit_every", [None, 1], ids=["one transaction", "chunks of 1"])
@pytest.mark.parametrize("case", INVALID)
def test_invalid_write_changes_nothing(
    store: Store,
    entities: list[Entity],
    relations: list[Relation],
    snapshot: Snapshot,
    case: str,
    commit_every: int | None,
) -> None:
    store.write(entities, relations)
    before = snapshot(store)
    new_entities, new_relations = INVALID[case]
    # Valid new records ride along (in chunks of their own): they must not be written either.
    extra_entity = Entity("p9", "Person", "新人", roles=("official",))

    with pytest.raises(LoadError):
        store.write(
            [extra_entity, *new_entities],
            [Relation("g8", "GIFT", "p9", "p1", date="2021"), *new_relations],
            commit_every=commit_every,
        )

    assert snapshot(store) == before


def test_load_error_names_the_origin(store: Store, entities: list[Entity]) -> None:
    store.write(entities, [])
    origin = Origin("relations.csv", 7, {"target_id": 4})

    with pytest.raises(LoadError) as error:
        store.write([], [Relation("x1", "GIFT", "c1", "nobody", date="2020", origin=origin)])

    assert str(error.value) == "relations.csv:7:4: unknown entity id 'nobody'"


def test_failure_mid_write_rolls_back(
    store: Store, entities: list[Entity], relations: list[Relation], snapshot: Snapshot
) -> None:
    store.write(entities[:2], [])
    before = snapshot(store)

    def fail_after_first_batch(rows: int) -> None:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        store.write(entities, relations, progress=fail_after_first_batch)

    assert snapshot(store) == before


@pytest.mark.parametrize("commit_every", [None, 3])
def test_progress_counts_every_row(
    store: Store, entities: list[Entity], relations: list[Relation], commit_every: int | None
) -> None:
    seen: list[int] = []

    store.write(entities, relations, progress=seen.append, commit_every=commit_every)

    assert sum(seen) == len(entities) + len(relations)


def test_clear(store: Store, entities: list[Entity], relations: list[Relation]) -> None:
    store.write(entities, relations)

    store.clear()

    assert store.is_empty()
    store.write(entities, relations)  # usable again afterwards
    assert store.stats().entities == len(entities)


def test_to_networkx(store: Store, entities: list[Entity], relations: list[Relation]) -> None:
    store.write(entities, relations)

    graph = store.to_networkx()

    assert sorted(graph.nodes) == sorted(e.id for e in entities)
    assert graph.nodes["p1"]["aliases"] == ["小李", "Li Ming"]
    assert graph.edges["p1", "c1", "a1"]["excluded"] == ["c2"]
    assert graph.number_of_edges() == len(relations)
    assert nx.has_path(graph, "c1", "b1")


@pytest.mark.neo4j
def test_backends_agree(
    sqlite_store: Store, neo4j_store: Store, entities: list[Entity], relations: list[Relation]
) -> None:
    update = [Entity("p3", "Person", "张伟", roles=("official",), aliases=("伟",))]
    for backend in (sqlite_store, neo4j_store):
        backend.write(entities, relations)
        backend.write(update, [Relation("k1", "RELATIVE_OF", "p1", "p2", kind="spouse")])

    assert list(neo4j_store.entities()) == list(sqlite_store.entities())
    assert list(neo4j_store.relations()) == list(sqlite_store.relations())
    assert neo4j_store.stats() == sqlite_store.stats()
    sqlite_graph, neo4j_graph = sqlite_store.to_networkx(), neo4j_store.to_networkx()
    assert list(neo4j_graph.nodes(data=True)) == list(sqlite_graph.nodes(data=True))
    assert list(neo4j_graph.edges(keys=True, data=True)) == list(sqlite_graph.edges(keys=True, data=True))


def test_the_ledger_is_append_only_ordered_and_survives_loads(store: Store) -> None:
    from encircle.graph.ledger import Entry

    store.write([Entity("a", "Person", "A")], [])
    store.append([Entry("review", "f-1", "ana", {"status": "dismissed"}, at="2026-01-02T03:04:05Z")])
    store.append(
        [
            Entry("judgement", "a|b", "bo", {"verdict": "same", "note": "同一"}, at="2026-01-03T00:00:00Z"),
            Entry("review", "f-1", "bo", {"status": "confirmed"}, at="2026-01-01T00:00:00Z"),
            Entry("review", "f-2", "bo", {"status": "needs_more"}, at="2026-01-04T00:00:00Z"),
        ]
    )
    store.write([Entity("a", "Person", "A2")], [])  # loading again leaves the ledger alone
    reviews = store.ledger("review")
    assert [(e.seq, e.key, e.author, e.body["status"], e.at) for e in reviews] == [
        (1, "f-1", "ana", "dismissed", "2026-01-02T03:04:05Z"),
        (3, "f-1", "bo", "confirmed", "2026-01-01T00:00:00Z"),
        (4, "f-2", "bo", "needs_more", "2026-01-04T00:00:00Z"),
    ]
    assert [e.key for e in store.ledger("review", ["f-2", "nope"])] == ["f-2"]
    assert [e.body for e in store.ledger("judgement")] == [{"note": "同一", "verdict": "same"}]
    assert store.ledger("other") == []
    assert store.stats().entities == 1


# -- the read API: relations by id, adjacency, degrees, counts ------------------------------

SPOKES = 1_200  # more ids than one SQLite variable chunk (900)
READ_ENTITIES = [
    Entity("p1", "Person", "One"),
    Entity("p2", "Person", "Two"),
    Entity("p3", "Person", "Three"),
    Entity("c1", "Company", "Firm"),
    Entity("c2", "Company", "Idle"),
    Entity("b1", "PublicBody", "Bureau"),
    *(Entity(f"q{i:04d}", "Person", f"Clerk {i}") for i in range(SPOKES)),
]
READ_RELATIONS = [
    Relation("g1", "GIFT", "c1", "p1", date="2016"),
    Relation("g2", "GIFT", "c1", "p1", date="2017", status="alleged"),  # a second between one pair
    Relation("a1", "APPROVED", "p1", "c1", date="2017"),  # and one back
    Relation("k1", "RELATIVE_OF", "p2", "p1", kind="spouse"),  # symmetric
    Relation("k2", "RELATIVE_OF", "p3", "p3"),  # a symmetric self-loop
    Relation("e1", "EMPLOYED_BY", "p2", "p2"),  # a directed self-loop
    Relation("o1", "OWNS", "p2", "c1", share=0.5),
    Relation("h1", "HOLDS_POST", "p1", "b1"),
    *(Relation(f"hp{i:04d}", "HOLDS_POST", f"q{i:04d}", "b1") for i in range(SPOKES)),
]
SPOKE_IDS = [f"q{i:04d}" for i in range(SPOKES)]
POST_IDS = [f"hp{i:04d}" for i in range(SPOKES)]


@pytest.fixture
def read_store(store: Store) -> Store:
    store.write(READ_ENTITIES, READ_RELATIONS)
    return store


def ids_of(relations: list[Relation]) -> list[str]:
    return [r.id for r in relations]


def test_get_relations(read_store: Store) -> None:
    by_id = {r.id: r for r in READ_RELATIONS}

    assert read_store.get_relations(["k2", "nobody", "g2", "g2"]) == {"k2": by_id["k2"], "g2": by_id["g2"]}
    assert read_store.get_relations(POST_IDS) == {i: by_id[i] for i in POST_IDS}
    assert read_store.get_relations([]) == {} and read_store.get_relations(["nobody"]) == {}


# (ids, types, direction, expected relation ids): one table, checked on one write (a
# write of the fixture costs a second on Neo4j).
ADJACENT = [
    (["p1"], (), "both", ["a1", "g1", "g2", "h1", "k1"]),
    (["p1"], (), "out", ["a1", "h1"]),
    (["p1"], (), "in", ["g1", "g2", "k1"]),
    (["p1"], ("GIFT",), "both", ["g1", "g2"]),
    (["p1"], ("GIFT", "RELATIVE_OF"), "in", ["g1", "g2", "k1"]),
    (["p1"], ("OWNS",), "both", []),
    (["p1", "c1", "p1"], (), "both", ["a1", "g1", "g2", "h1", "k1", "o1"]),  # each once
    (["c1", "p1"], ("APPROVED", "GIFT"), "out", ["a1", "g1", "g2"]),
    (["p3"], (), "both", ["k2"]),  # a self-loop once
    (["p3"], (), "out", ["k2"]),
    (["p3"], (), "in", ["k2"]),
    (["p2"], (), "both", ["e1", "k1", "o1"]),
    (["p2"], (), "in", ["e1"]),
    (["c2", "nobody"], (), "both", []),
    ([], (), "both", []),
]


def test_adjacent(read_store: Store) -> None:
    for ids, types, direction, expected in ADJACENT:
        assert ids_of(read_store.adjacent(ids, types, direction)) == expected, (ids, types, direction)  # type: ignore[arg-type]


def test_adjacent_reads_whole_records_across_batches(read_store: Store) -> None:
    by_id = {r.id: r for r in READ_RELATIONS}

    hub = read_store.adjacent(["b1"], ("HOLDS_POST",), "in")
    spokes = read_store.adjacent(SPOKE_IDS, direction="out")
    # The spokes' posts found from both ends, in different batches: still once each.
    both = read_store.adjacent([*SPOKE_IDS, "b1"])

    assert hub == [by_id["h1"], *(by_id[i] for i in POST_IDS)]
    assert spokes == [by_id[i] for i in POST_IDS]
    assert ids_of(both) == ["h1", *POST_IDS]
    assert read_store.adjacent(["p1"]) == [by_id[i] for i in ("a1", "g1", "g2", "h1", "k1")]


def test_adjacent_agrees_with_a_scan(read_store: Store) -> None:
    relations = list(read_store.relations())
    for node in ("p1", "p2", "p3", "c1", "c2", "b1", "q0007"):
        for direction in ("both", "out", "in"):
            for types in ((), ("GIFT",), ("HOLDS_POST", "RELATIVE_OF", "EMPLOYED_BY")):
                expected = [
                    r
                    for r in relations
                    if (not types or r.type in types)
                    and ((direction != "in" and r.source_id == node) or (direction != "out" and r.target_id == node))
                ]
                assert read_store.adjacent([node], types, direction) == expected, (node, direction, types)


def test_adjacent_within_agrees_with_a_scan(read_store: Store) -> None:
    relations = list(read_store.relations())
    groups = [["p1"], ["p1", "p2", "c1"], ["b1", *SPOKE_IDS[:3]], ["c2", "p3", "nobody"], []]
    for ids in groups:
        for others in ([], ["p2", "c1"], ["p1", *SPOKE_IDS]):
            within = {*ids, *others}
            for direction in ("both", "out", "in"):
                expected = [
                    r
                    for r in relations
                    if r.source_id in within
                    and r.target_id in within
                    and ((direction != "in" and r.source_id in ids) or (direction != "out" and r.target_id in ids))
                ]
                found = read_store.adjacent_within(ids, [*ids, *others], direction)  # type: ignore[arg-type]
                assert found == expected, (ids, within, direction)


def test_adjacent_within_a_long_list(read_store: Store) -> None:
    """More ids to keep than one query takes: the same answer, read another way."""
    everyone = [e.id for e in read_store.entities()]
    assert read_store.adjacent_within(["p1", "b1"], everyone) == read_store.adjacent(["p1", "b1"])


DEGREES = [
    ((), "both", {"p1": 5, "p2": 4, "p3": 2, "c2": 0, "b1": SPOKES + 1}),  # self-loops twice
    ((), "out", {"p1": 2, "p2": 3, "p3": 1, "c2": 0, "b1": 0}),
    ((), "in", {"p1": 3, "p2": 1, "p3": 1, "c2": 0, "b1": SPOKES + 1}),
    (("GIFT", "APPROVED"), "both", {"p1": 3, "p2": 0, "p3": 0, "c2": 0, "b1": 0}),
    (("RELATIVE_OF",), "in", {"p1": 1, "p2": 0, "p3": 1, "c2": 0, "b1": 0}),
]


def test_degrees(read_store: Store) -> None:
    for types, direction, expected in DEGREES:
        # Unknown ids are left out; the given order is kept.
        found = read_store.degrees(["p1", "nobody", "p2", "p3", "c2", "b1", "p1"], types, direction)  # type: ignore[arg-type]
        assert found == expected and list(found) == list(expected), (types, direction)


def test_degrees_across_batches(read_store: Store) -> None:
    assert read_store.degrees([*SPOKE_IDS, "p1"]) == {**dict.fromkeys(SPOKE_IDS, 1), "p1": 5}
    assert read_store.degrees([]) == {}


def test_relation_counts(read_store: Store) -> None:
    assert read_store.relation_counts() == {
        "APPROVED": 1,
        "EMPLOYED_BY": 1,
        "GIFT": 2,
        "HOLDS_POST": SPOKES + 1,
        "OWNS": 1,
        "RELATIVE_OF": 2,
    }
    read_store.clear()
    assert read_store.relation_counts() == {}


def test_adjacency_questions_are_checked(read_store: Store) -> None:
    with pytest.raises(SchemaError, match="unknown relation type 'GIFTS'"):
        read_store.adjacent(["p1"], ("GIFTS",))
    with pytest.raises(SchemaError, match="unknown relation type 'gift'"):
        read_store.degrees(["p1"], ("gift",))
    with pytest.raises(QueryError, match="direction must be one of both, out, in, not 'up'"):
        read_store.adjacent(["p1"], direction="up")  # type: ignore[arg-type]
