"""Interest groups, community backends and group evolution on hand-built graphs."""

from __future__ import annotations

import pytest

from encircle.graph.errors import QueryError
from encircle.graph.records import Entity, Relation
from encircle.queries.analysis.communities import chosen_backend, community_graph, modularity, partition
from encircle.queries.analysis.evolution import Slice, group_evolution, jaccard
from encircle.queries.analysis.groups import interest_groups
from encircle.queries.detection.case import CaseIndex
from encircle.queries.detection.findings import Finding


def person(id: str, *roles: str) -> Entity:
    return Entity(id, "Person", id.upper(), roles=roles)


def cluster(tag: str, amount: float) -> tuple[list[Entity], list[Relation]]:
    """An official, a businessperson, his firm and the official's wife, tightly bound."""
    o, b, f, w = f"o{tag}", f"b{tag}", f"f{tag}", f"w{tag}"
    entities = [
        person(o, "official"),
        person(b, "businessperson"),
        Entity(f, "Company", f.upper()),
        person(w, "relative"),
    ]
    relations = [
        Relation(f"own-{tag}", "OWNS", b, f),
        Relation(f"kin-{tag}", "RELATIVE_OF", w, o, kind="spouse"),
        Relation(f"gift-{tag}-1", "GIFT", b, o, date="2016-01", amount=amount),
        Relation(f"gift-{tag}-2", "GIFT", f, w, date="2016-05", amount=amount),
        Relation(f"gift-{tag}-3", "GIFT", b, w, date="2016-07", amount=amount),
        Relation(f"appr-{tag}", "APPROVED", o, f, date="2016-09", amount=100 * amount),
    ]
    return entities, relations


A, B = cluster("a", 1e5), cluster("b", 1e6)
BODY = Entity("bureau", "PublicBody", "Bureau")
ENTITIES = [*A[0], *B[0], BODY]
RELATIONS = [
    *A[1],
    *B[1],
    Relation("weak", "ASSOCIATE_OF", "wa", "wb", kind="friend"),  # the one weak tie between the clusters
    Relation("post-a", "HOLDS_POST", "oa", "bureau", start_date="2015"),
    Relation("post-b", "HOLDS_POST", "ob", "bureau", start_date="2015"),
]
CLUSTER_A = ("ba", "fa", "oa", "wa")
CLUSTER_B = ("bb", "fb", "ob", "wb")


@pytest.mark.parametrize("backend", ["networkx", "leiden", "auto"])
def test_two_clusters_joined_by_a_weak_tie_are_two_groups(backend: str) -> None:
    groups = interest_groups(CaseIndex(ENTITIES, RELATIONS), backend=backend, findings=[])
    assert sorted(g.members for g in groups) == [CLUSTER_A, CLUSTER_B]


def test_the_bureau_all_officials_share_is_not_a_member_but_a_body() -> None:
    graph = community_graph(CaseIndex(ENTITIES, RELATIONS))
    assert "bureau" not in graph
    groups = interest_groups(CaseIndex(ENTITIES, RELATIONS), findings=[])
    assert [g.bodies for g in groups] == [("bureau",), ("bureau",)]


def test_networkx_and_leiden_give_the_same_partition_and_each_is_deterministic() -> None:
    graph = community_graph(CaseIndex(ENTITIES, RELATIONS))
    louvain = partition(graph, seed=3, backend="networkx")
    leiden = partition(graph, seed=3, backend="leiden")
    assert louvain == leiden == [CLUSTER_A, CLUSTER_B]
    assert partition(graph, seed=3, backend="networkx") == louvain
    assert partition(graph, seed=3, backend="leiden") == leiden
    assert modularity(graph, louvain) > 0.4


def test_the_same_seed_gives_the_same_groups_in_any_input_order() -> None:
    once = [g.to_dict() for g in interest_groups(CaseIndex(ENTITIES, RELATIONS), seed=11, findings=[])]
    again = [g.to_dict() for g in interest_groups(CaseIndex(ENTITIES[::-1], RELATIONS[::-1]), seed=11, findings=[])]
    assert once == again


def test_auto_picks_networkx_on_small_graphs_and_unknown_backends_fail() -> None:
    graph = community_graph(CaseIndex(ENTITIES, RELATIONS))
    assert chosen_backend(graph, "auto") == "networkx"
    assert chosen_backend(graph, "leiden") == "leiden"
    with pytest.raises(QueryError, match="backend must be one of"):
        partition(graph, backend="igraph")


def test_summary_roles_value_reach_and_risk_with_reasons() -> None:
    first, second = interest_groups(CaseIndex(ENTITIES, RELATIONS), findings=[])
    assert (first.rank, first.members, second.members) == (1, CLUSTER_B, CLUSTER_A)
    assert dict(first.roles) == {
        "official": ("ob",),
        "businessperson": ("bb",),
        "intermediary": ("wb",),
        "firm": ("fb",),
    }
    assert first.value == 3e6 + 1e8  # three gifts and the approval
    assert (first.gifts, first.approvals) == (("gift-b-1", "gift-b-2", "gift-b-3"), ("appr-b",))
    assert first.officials_reached == ("ob",)
    assert dict(first.contributions) == {"value": 0.3, "officials_reached": 0.1, "role_mix": 0.1}
    assert first.risk == 0.5
    assert first.reasons == (
        "value inside 103,000,000 (+0.30)",
        "gifts reach 1 official(s): OB (+0.10)",
        "mixes official, businessperson, intermediary, firm (+0.10)",
    )
    assert second.value == 3e5 + 1e7 and second.risk < first.risk


def finding(tactic: str, verdict: str, *entities: str) -> Finding:
    return Finding(tactic, verdict, 0.8, {}, entities, (), "", {})  # type: ignore[arg-type]


def test_findings_count_inside_when_most_of_their_entities_are_members() -> None:
    inside = finding("direct_transaction", "flagged", "bb", "ob", "fb", "bureau")  # the body does not count
    half = finding("roundabout", "flagged", "bb", "oa")  # half inside: not mostly
    weak = finding("direct_transaction", "not_flagged", "bb", "ob")
    own = finding("interest_group", "flagged", *CLUSTER_B)  # the group itself
    [first, _] = interest_groups(CaseIndex(ENTITIES, RELATIONS), findings=[inside, half, weak, own])
    assert first.findings == (inside.id,)
    assert first.contributions["findings"] == 0.1


def test_min_size_drops_loners() -> None:
    index = CaseIndex([*ENTITIES, person("loner")], RELATIONS)
    assert all("loner" not in g.members for g in interest_groups(index, findings=[]))
    assert ("loner",) in [g.members for g in interest_groups(index, findings=[], min_size=1)]


# -- evolution: a group forms in 2015, grows in 2016, loses O in 2017 after his post ends --

TIMELINE_ENTITIES = [
    person("g1", "businessperson"),
    person("g2", "businessperson"),
    Entity("f1", "Company", "F1"),
    person("o", "official"),
    person("n", "official"),
    BODY,
    person("x", "businessperson"),
    person("y", "official"),
    Entity("fx", "Company", "FX"),
]
TIMELINE = [
    Relation("own-g1", "OWNS", "g1", "f1", start_date="2010"),
    Relation("post-o", "HOLDS_POST", "o", "bureau", start_date="2014", end_date="2016-12"),
    Relation("post-n", "HOLDS_POST", "n", "bureau", start_date="2016-01"),
    Relation("g15", "GIFT", "g1", "o", date="2015-03", amount=1e5),
    Relation("a15", "APPROVED", "o", "f1", date="2015-09", amount=1e6),
    # 2016: G2 comes in as a director of F1 and G1's partner, and pays O and the new deputy N
    Relation("dir-g2", "DIRECTS", "g2", "f1", start_date="2016-01"),
    Relation("assoc-g1-g2", "ASSOCIATE_OF", "g1", "g2", start_date="2016-01"),
    Relation("g16a", "GIFT", "g2", "o", date="2016-04", amount=1e5),
    Relation("g16b", "GIFT", "g2", "n", date="2016-05", amount=1e5),
    Relation("a16", "APPROVED", "o", "f1", date="2016-08", amount=1e6),
    Relation("a16n", "APPROVED", "n", "f1", date="2016-10", amount=1e6),
    # 2017: O's post has ended; the gifts go to N
    Relation("g17a", "GIFT", "g1", "n", date="2017-03", amount=1e5),
    Relation("g17b", "GIFT", "g2", "n", date="2017-05", amount=1e5),
    Relation("a17", "APPROVED", "n", "f1", date="2017-09", amount=1e6),
    # an unrelated group active every year
    Relation("own-x", "OWNS", "x", "fx"),
    *(Relation(f"gx{y}", "GIFT", "x", "y", date=f"{y}-01", amount=1e5) for y in (2015, 2016, 2017)),
    *(Relation(f"ax{y}", "APPROVED", "y", "fx", date=f"{y}-06", amount=1e6) for y in (2015, 2016, 2017)),
]


@pytest.mark.parametrize("backend", ["networkx", "leiden"])
def test_a_group_forms_grows_and_loses_an_official_after_his_post_ends(backend: str) -> None:
    events = [e for e in group_evolution(CaseIndex(TIMELINE_ENTITIES, TIMELINE), memory=0, backend=backend)]
    main = [
        (e.slice, e.kind, e.members, e.joined, e.left, e.jaccard, dict(e.post_endings))
        for e in events
        if e.track == "T1"
    ]
    assert main == [
        ("2015", "formed", ("f1", "g1", "o"), (), (), None, {}),
        ("2016", "grew", ("f1", "g1", "g2", "n", "o"), ("g2", "n"), (), 0.6, {}),
        ("2017", "shrank", ("f1", "g1", "g2", "n"), (), ("o",), 0.8, {"o": "post-o"}),
    ]
    assert [(e.slice, e.kind) for e in events if e.track == "T2"] == [
        ("2015", "formed"),
        ("2016", "stable"),
        ("2017", "stable"),
    ]


def test_a_group_with_no_flow_in_a_slice_dissolves_and_custom_slices_work() -> None:
    slices = [Slice("early", "2015-01-01", "2016-12-31"), Slice("late", "2018-01-01", "2019-12-31")]
    events = group_evolution(CaseIndex(TIMELINE_ENTITIES, TIMELINE), slices=slices)
    assert [(e.slice, e.track, e.kind) for e in events] == [
        ("early", "T1", "formed"),
        ("early", "T2", "formed"),
        ("late", "T1", "dissolved"),
        ("late", "T2", "dissolved"),
    ]
    assert events[2].post_endings == {"f1": "post-o", "g1": "post-o", "g2": "post-o", "n": "post-o", "o": "post-o"}


def test_default_slices_look_back_one_year() -> None:
    events = group_evolution(CaseIndex(TIMELINE_ENTITIES, TIMELINE))
    # with a year of memory, O's 2016 gift keeps him in the 2017 slice
    assert [(e.slice, e.kind) for e in events if e.track == "T1"] == [
        ("2015", "formed"),
        ("2016", "grew"),
        ("2017", "stable"),
    ]


def test_jaccard() -> None:
    assert jaccard(("a", "b"), ("a", "b")) == 1.0
    assert jaccard(("a",), ("b",)) == 0.0
    assert jaccard((), ()) == 0.0
