"""The resolved view answers every read of the Store contract as one case in which each
group of records judged the same is one entity, on both stores: exact tables on a
hand-built case, and every answer checked against a scan of the view's own relations.

The case: p1 and p2 are one person (canonical p1); c1, c2 and c3 one firm (c1; c2~c3
judged the same after c1~c2, so "same" is transitive). k1 (p1-p2), o1 (c1->c2) and the
self-loop o2 (c3->c3) lie inside an entity and are not in the view; s1 is a self-loop
of an entity nobody merged and stays."""

from __future__ import annotations

import pytest

from encircle.graph.records import Entity, Relation
from encircle.graph.stores import Stats, Store
from encircle.graph.views import around, for_finding
from encircle.queries.paths.find import find_paths
from encircle.queries.paths.model import PathQuery
from encircle.queries.resolution import ResolvedStore, judge, resolved

ENTITIES = [
    Entity("p1", "Person", "Li Ming", roles=("official",)),
    Entity("p2", "Person", "Li Ming", aliases=("Ming Li",), roles=("businessperson",), birth_date="1970-01-01"),
    Entity("p3", "Person", "Wang Fang"),
    Entity("c1", "Company", "Firm Ltd", registration_number="123"),
    Entity("c2", "Company", "Firm Limited", registration_number="0123", country="CN"),
    Entity("c3", "Company", "FIRM LTD."),
    Entity("x1", "Company", "Other Co"),
    Entity("b1", "PublicBody", "Bureau"),
]
RELATIONS = [
    Relation("g1", "GIFT", "c2", "p2", date="2016"),
    Relation("g2", "GIFT", "c1", "p1", date="2017"),
    Relation("o1", "OWNS", "c1", "c2", share=1.0),
    Relation("o2", "OWNS", "c3", "c3", share=0.1),
    Relation("k1", "RELATIVE_OF", "p1", "p2", kind="sibling"),
    Relation("e1", "EMPLOYED_BY", "p2", "c3"),
    Relation("h1", "HOLDS_POST", "p2", "b1"),
    Relation("a1", "APPROVED", "p1", "c3", date="2018", body_id="b1", excluded=("x1", "c2")),
    Relation("k2", "RELATIVE_OF", "p3", "p2", kind="spouse"),
    Relation("s1", "ASSOCIATE_OF", "p3", "p3"),
    Relation("d1", "DIRECTS", "p3", "x1"),
]
# The view's relations: (id, source, target), by id.
SEEN = [
    ("a1", "p1", "c1"),
    ("d1", "p3", "x1"),
    ("e1", "p1", "c1"),
    ("g1", "c1", "p1"),
    ("g2", "c1", "p1"),
    ("h1", "p1", "b1"),
    ("k2", "p3", "p1"),
    ("s1", "p3", "p3"),
]


@pytest.fixture
def view(store: Store) -> ResolvedStore:
    store.write(ENTITIES, RELATIONS)
    judge(store, "p1", "p2", "same", "ana")
    judge(store, "c1", "c2", "same", "ana")
    judge(store, "c2", "c3", "same", "ben")
    found = resolved(store)
    assert isinstance(found, ResolvedStore)
    return found


def ends(relations: list[Relation]) -> list[tuple[str, str, str]]:
    return [(r.id, r.source_id, r.target_id) for r in relations]


def test_entities_relations_and_read_case(view: ResolvedStore) -> None:
    entities = list(view.entities())
    assert [e.id for e in entities] == ["b1", "c1", "p1", "p3", "x1"]
    firm, person = entities[1], entities[2]
    assert (firm.name, firm.aliases, firm.registration_number, firm.country) == (
        "Firm Ltd",
        ("Firm Limited", "FIRM LTD."),
        "123",
        "CN",
    )
    assert (firm.extra["same_as"], person.extra["same_as"]) == ("c2;c3", "p2")
    assert (person.aliases, person.roles, person.birth_date) == (
        ("Ming Li",),
        ("official", "businessperson"),
        "1970-01-01",
    )
    relations = list(view.relations())
    assert ends(relations) == SEEN
    approval = relations[0]
    assert (approval.body_id, approval.excluded, approval.extra["origin_target_id"]) == ("b1", ("x1", "c1"), "c3")
    assert relations[3].extra["origin_source_label"].startswith("Firm Limited (c2; same as Firm Ltd, judged by ben on ")
    assert view.read_case() == (entities, relations)


def test_get_entities_and_get_relations(view: ResolvedStore) -> None:
    found = view.get_entities(["c3", "nobody", "p1", "x1"])
    assert {asked: e.id for asked, e in found.items()} == {"c3": "c1", "p1": "p1", "x1": "x1"}
    assert found["c3"] == next(e for e in view.entities() if e.id == "c1")
    relations = view.get_relations(["o1", "g1", "nobody", "k1", "a1", "s1"])
    assert {rid: (r.source_id, r.target_id) for rid, r in relations.items()} == {
        "g1": ("c1", "p1"),
        "a1": ("p1", "c1"),
        "s1": ("p3", "p3"),
    }
    assert view.get_relations([]) == {}


# (ids, types, direction, expected relation ids)
ADJACENT = [
    (["p1"], (), "both", ["a1", "e1", "g1", "g2", "h1", "k2"]),
    (["p2"], (), "both", ["a1", "e1", "g1", "g2", "h1", "k2"]),  # a merged record's id: its entity
    (["p1"], (), "out", ["a1", "e1", "h1"]),
    (["p1"], (), "in", ["g1", "g2", "k2"]),
    (["c3"], ("GIFT",), "out", ["g1", "g2"]),
    (["c1"], ("OWNS",), "both", []),  # both owns inside the firm
    (["c1", "p2", "p1"], (), "both", ["a1", "e1", "g1", "g2", "h1", "k2"]),  # each once
    (["p3"], (), "both", ["d1", "k2", "s1"]),
    (["p3"], ("RELATIVE_OF",), "in", []),
    (["x1", "nobody"], (), "both", ["d1"]),
    ([], (), "both", []),
]


def test_adjacent(view: ResolvedStore) -> None:
    for ids, types, direction, expected in ADJACENT:
        found = view.adjacent(ids, types, direction)  # type: ignore[arg-type]
        assert [r.id for r in found] == expected, (ids, types, direction)
    seen = {r.id: r for r in view.relations()}
    assert view.adjacent(["p3"]) == [seen["d1"], seen["k2"], seen["s1"]]


DEGREES = [
    ((), "both", {"p1": 6, "c2": 4, "p3": 4, "x1": 1, "b1": 1}),  # s1, a self-loop, twice
    ((), "out", {"p1": 3, "c2": 2, "p3": 3, "x1": 0, "b1": 0}),
    ((), "in", {"p1": 3, "c2": 2, "p3": 1, "x1": 1, "b1": 1}),
    (("GIFT",), "both", {"p1": 2, "c2": 2, "p3": 0, "x1": 0, "b1": 0}),
    (("OWNS", "RELATIVE_OF"), "both", {"p1": 1, "c2": 0, "p3": 1, "x1": 0, "b1": 0}),
]


def test_degrees(view: ResolvedStore) -> None:
    for types, direction, expected in DEGREES:
        found = view.degrees(["p1", "nobody", "c2", "p3", "x1", "b1", "p1"], types, direction)  # type: ignore[arg-type]
        assert found == expected and list(found) == list(expected), (types, direction)
    assert view.degrees([]) == {}


def test_adjacent_and_degrees_agree_with_a_scan_of_the_view(view: ResolvedStore) -> None:
    relations = list(view.relations())
    for node in ("p1", "p3", "c1", "x1", "b1"):
        for direction in ("both", "out", "in"):
            for types in ((), ("GIFT",), ("OWNS", "RELATIVE_OF", "ASSOCIATE_OF")):
                leaving = [r for r in relations if (not types or r.type in types) and r.source_id == node]
                entering = [r for r in relations if (not types or r.type in types) and r.target_id == node]
                chosen = {"both": leaving + entering, "out": leaving, "in": entering}[direction]
                expected = sorted({r.id: r for r in chosen}.values(), key=lambda r: r.id)
                assert view.adjacent([node], types, direction) == expected, (node, direction, types)  # type: ignore[arg-type]
                assert view.degrees([node], types, direction) == {node: len(chosen)}, (node, direction, types)  # type: ignore[arg-type]


def test_relation_counts_stats_and_the_graph(view: ResolvedStore) -> None:
    assert view.relation_counts() == {
        "APPROVED": 1,
        "ASSOCIATE_OF": 1,
        "DIRECTS": 1,
        "EMPLOYED_BY": 1,
        "GIFT": 2,
        "HOLDS_POST": 1,
        "RELATIVE_OF": 1,
    }
    assert view.stats() == Stats.of(view.entities(), view.relations())
    assert view.stats().to_dict() == {
        "entities": 5,
        "relations": 8,
        "entity_types": {"Company": 2, "Person": 2, "PublicBody": 1},
        "roles": {"businessperson": 1, "official": 1},
        "relation_types": view.relation_counts(),
    }
    graph = view.to_networkx()
    assert sorted(graph.nodes) == ["b1", "c1", "p1", "p3", "x1"]
    assert sorted((s, t, k) for s, t, k in graph.edges(keys=True)) == sorted((s, t, i) for i, s, t in SEEN)


def test_name_lookups_answer_the_entity(view: ResolvedStore) -> None:
    assert [e.id for e in view.find_entities("Firm Limited")] == ["c1"]
    assert [e.id for e in view.find_entities("c3")] == ["c1"]
    assert [e.id for e in view.search_entities("firm", 10)] == ["c1"]


def test_the_store_itself_is_untouched(view: ResolvedStore) -> None:
    stored = view.inner
    assert list(stored.relations()) == sorted(RELATIONS, key=lambda r: r.id)
    assert stored.relation_counts()["OWNS"] == 2
    assert stored.degrees(["c3"]) == {"c3": 4}


def test_views_and_paths_see_one_entity(view: ResolvedStore) -> None:
    for asked in ("c1", "c2"):
        chosen = around(view, asked, hops=1)
        assert [e.id for e in chosen.entities] == ["c1", "p1"], asked
        assert [r.id for r in chosen.relations] == ["a1", "e1", "g1", "g2"]
        assert chosen.focus == ("c1",)
    finding = for_finding(view, ["p1", "c1"], [["g1"]])
    assert [r.id for r in finding.relations] == ["a1", "e1", "g1", "g2"]
    result = find_paths(view, "Wang Fang", "Firm Limited", PathQuery(mode="all", max_hops=2))
    assert (result.source, result.target) == ("p3", "c1")
    assert [list(p.relations) for p in result.paths] == [["k2", "a1"], ["k2", "e1"], ["k2", "g1"], ["k2", "g2"]]
