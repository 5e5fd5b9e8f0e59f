"""Brokers between givers and officials on hand-built graphs, and on the demo case."""

from __future__ import annotations

from encircle.graph.records import Entity, Relation
from encircle.graph.stores import Store, open_store
from encircle.loaders import load
from encircle.loaders.demo import demo_bundle
from encircle.queries.analysis.brokers import benefit_graph, brokers, officials, relations_of
from encircle.queries.detection.case import CaseIndex


def person(id: str, *roles: str) -> Entity:
    return Entity(id, "Person", id.upper(), roles=roles)


GIVERS = [person(f"g{i}", "businessperson") for i in (1, 2, 3)]
SECRETARY_CASE = (
    [*GIVERS, person("sec", "staff"), person("off", "official"), Entity("bureau", "PublicBody", "Bureau")],
    [
        *(Relation(f"gift-{g.id}", "GIFT", g.id, "sec", date="2017-01", amount=1e5) for g in GIVERS),
        Relation("emp-sec", "EMPLOYED_BY", "sec", "off", kind="secretary"),
        # everyone works at, or deals with, the bureau: a hub that must not count as a broker
        *(Relation(f"emp-{g.id}", "EMPLOYED_BY", g.id, "bureau") for g in GIVERS),
        Relation("emp-off", "EMPLOYED_BY", "off", "bureau"),
    ],
)


def test_a_secretary_who_is_the_only_route_from_three_givers_is_the_top_broker() -> None:
    [top] = brokers(CaseIndex(*SECRETARY_CASE))
    assert (top.id, top.brokerage, top.exclusivity) == ("sec", 3.0, 3)
    assert top.reliant_givers == top.givers == ("g1", "g2", "g3")
    assert top.officials == ("off",)
    assert top.paths == (("gift-g1", "emp-sec"), ("gift-g2", "emp-sec"), ("gift-g3", "emp-sec"))


def test_public_bodies_are_left_out_of_the_benefit_graph() -> None:
    graph = benefit_graph(CaseIndex(*SECRETARY_CASE))
    assert "bureau" not in graph
    # were the bureau kept, every giver would reach the official in two hops through it
    # gifts run one way, employment both ways
    assert sorted(graph.edges()) == [("g1", "sec"), ("g2", "sec"), ("g3", "sec"), ("off", "sec"), ("sec", "off")]


def test_other_hubs_are_left_out_above_the_hub_degree() -> None:
    entities, relations = SECRETARY_CASE
    agent = Entity("agent", "Company", "Registered Agent")
    extra = [Relation(f"own-{g.id}-agent", "OWNS", g.id, "agent") for g in GIVERS]
    extra.append(Relation("dir-off-agent", "DIRECTS", "off", "agent"))
    clients = [Entity(f"client{i}", "Company", f"Client {i}") for i in range(4)]
    extra += [Relation(f"own-agent-{c.id}", "OWNS", "agent", c.id) for c in clients]
    index = CaseIndex([*entities, agent, *clients], [*relations, *extra])
    # the agent ties each giver to the official as closely as the secretary does
    assert {b.id: b.brokerage for b in brokers(index)} == {"agent": 1.5, "sec": 1.5}
    # with 8 ties it is a hub at a hub degree of 5, and the secretary is the only route again
    assert [(b.id, b.exclusivity) for b in brokers(index, hub_degree=5)] == [("sec", 3)]


def test_two_parallel_routes_share_the_brokerage_and_neither_is_exclusive() -> None:
    entities = [person("g"), person("sec", "staff"), person("driver", "staff"), person("off", "official")]
    relations = [
        Relation("gs", "GIFT", "g", "sec"),
        Relation("gd", "GIFT", "g", "driver"),
        Relation("es", "EMPLOYED_BY", "sec", "off"),
        Relation("ed", "EMPLOYED_BY", "driver", "off"),
    ]
    found = brokers(CaseIndex(entities, relations))
    assert [(b.id, b.brokerage, b.exclusivity, b.paths) for b in found] == [
        ("driver", 0.5, 0, (("gd", "ed"),)),
        ("sec", 0.5, 0, (("gs", "es"),)),
    ]


def test_a_direct_gift_leaves_no_broker() -> None:
    entities = [person("g"), person("off", "official"), person("sec", "staff")]
    relations = [Relation("direct", "GIFT", "g", "off"), Relation("e", "EMPLOYED_BY", "sec", "off")]
    assert brokers(CaseIndex(entities, relations)) == []


def test_a_chamber_post_does_not_make_an_official() -> None:
    entities = [
        person("boss", "businessperson"),
        Entity("chamber", "Organization", "Chamber"),
        person("off", "official"),
    ]
    relations = [Relation("post", "HOLDS_POST", "boss", "chamber")]
    assert officials(CaseIndex(entities, relations)) == ["off"]


def test_demo_case_the_secretary_is_the_one_qian_lei_relies_on() -> None:
    store = open_store(":memory:")
    load([demo_bundle()], store)
    found = {b.id: b for b in brokers(store)}
    xu = found["p-xu"]
    assert (xu.exclusivity, xu.reliant_givers, xu.officials) == (1, ("p-qian",), ("p-zhou",))
    assert xu.paths[0] == ("gift-qian-xu-1", "emp-xu")
    assert found["p-lin"].officials == ("p-yu",)
    assert not [b for b in found if b.startswith("body-")]


def test_example_paths_are_steps_from_the_giver_on_both_stores(store: Store) -> None:
    store.write(*SECRETARY_CASE)
    [top] = brokers(store)
    assert top.routes == (("g1", "sec", "off"), ("g2", "sec", "off"), ("g3", "sec", "off"))
    [path, *_] = top.example_paths(relations_of(CaseIndex.of(store), [top]))
    assert [(s.source, s.target, s.forward, s.relation["id"], s.relation.get("kind")) for s in path.steps] == [
        ("g1", "sec", True, "gift-g1", None),
        ("sec", "off", True, "emp-sec", "secretary"),
    ]
    assert path.steps[0].relation["amount"] == 100000.0
