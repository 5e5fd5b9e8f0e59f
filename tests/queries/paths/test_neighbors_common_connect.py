"""Neighbourhood, common connections and the connecting network, on both stores."""

from __future__ import annotations

from dataclasses import replace

import pytest

from encircle.graph.errors import QueryError, SchemaError
from encircle.graph.stores import Store
from encircle.queries.paths.common_connections import common_connections
from encircle.queries.paths.connect import connect
from encircle.queries.paths.model import Filters, Hub, PathQuery
from encircle.queries.paths.neighbors import neighbors


def test_neighbors_one_hop(case: Store, filters: Filters) -> None:
    hood = neighbors(case, "off", filters=filters)
    assert [(e["id"], e["distance"]) for e in hood.entities] == [
        ("off", 0),
        ("firm", 1),
        ("ministry", 1),
        ("sec", 1),
        ("son", 1),
    ]
    assert [r["id"] for r in hood.relations] == ["appr-off-firm", "emp-sec", "kin-son", "post-off"]
    assert hood.more == {}


def test_neighbors_cap_counts_what_it_leaves_out_per_relation_type(case: Store, filters: Filters) -> None:
    hood = neighbors(case, "off", hops=2, filters=replace(filters, hub_policy="allow"), cap=5)
    assert [e["id"] for e in hood.entities] == ["off", "firm", "ministry", "sec", "son", "biz"]
    # left out at distance 2: 12 members (HOLDS_POST via the ministry) and sonco (OWNS via son, GIFT via firm)
    assert hood.more == {"GIFT": 1, "HOLDS_POST": 12, "OWNS": 1}
    assert hood.omitted == 13  # sonco counts under two types
    assert [r["id"] for r in hood.relations] == [
        "appr-off-firm",
        "emp-sec",
        "gift-biz-sec",
        "kin-son",
        "own-biz",
        "post-biz",
        "post-off",
    ]


def test_neighbors_do_not_walk_through_hubs_and_name_them(case: Store, filters: Filters) -> None:
    hood = neighbors(case, "off", hops=2, filters=filters)
    # the ministry (14 posts) is shown, its 12 other clerks are not reached through it
    assert [(e["id"], e["distance"]) for e in hood.entities] == [
        ("off", 0),
        ("firm", 1),
        ("ministry", 1),
        ("sec", 1),
        ("son", 1),
        ("biz", 2),
        ("sonco", 2),
    ]
    assert (hood.omitted, hood.more) == (0, {})
    assert hood.hubs == (Hub("ministry", 14, "Ministry of Everything"),)
    assert hood.to_dict()["hubs_not_walked"] == [{"id": "ministry", "name": "Ministry of Everything", "degree": 14}]
    # a hub is walked through when the threshold is above it
    assert neighbors(case, "off", hops=2, filters=replace(filters, hub_degree=14)).hubs == ()
    # the entity itself is never a hub: the ministry's own neighbourhood is all of it
    assert len(neighbors(case, "ministry", filters=filters).entities) == 15


def test_neighbors_penalize_hubs_lists_what_only_hubs_reach_last(case: Store, filters: Filters) -> None:
    hood = neighbors(case, "off", hops=2, filters=replace(filters, hub_policy="penalize"), cap=8)
    assert [(e["id"], e["distance"]) for e in hood.entities] == [
        ("off", 0),
        ("firm", 1),
        ("ministry", 1),
        ("sec", 1),
        ("son", 1),
        ("biz", 2),
        ("sonco", 2),
        ("member00", 2),  # reached through the ministry only: after everything else
        ("member01", 2),
    ]
    assert (hood.omitted, hood.more, hood.hubs) == (10, {"HOLDS_POST": 10}, ())


def test_neighbors_type_filters(case: Store, filters: Filters) -> None:
    companies = neighbors(case, "biz", hops=3, filters=filters, entity_types=("Company",))
    assert [e["id"] for e in companies.entities] == ["biz", "firm", "sonco"]
    gifts = neighbors(case, "biz", hops=2, filters=replace(filters, relation_types=("GIFT",)))
    assert [e["id"] for e in gifts.entities] == ["biz", "sec"]
    with pytest.raises(SchemaError, match="unknown entity type 'Firm'"):
        neighbors(case, "biz", entity_types=("Firm",))
    with pytest.raises(QueryError, match="hops must be between 1 and 6"):
        neighbors(case, "biz", hops=0)


def test_common_connections_ranked_by_how_many_share_them(case: Store, filters: Filters) -> None:
    result = common_connections(case, ["biz", "off", "son"], filters)
    # sonco is linked to son only (the gift into it comes from firm, not from biz)
    assert [(s.id, s.count) for s in result.shared] == [("firm", 2), ("ministry", 2), ("sec", 2)]
    assert result.shared[0].links == {"biz": ("own-biz",), "off": ("appr-off-firm",)}
    assert result.to_dict()["shared"][2] == {
        "id": "sec",
        "name": "Xu Tao",
        "type": "Person",
        "count": 2,
        "links": {"biz": ["gift-biz-sec"], "off": ["emp-sec"]},
    }
    assert common_connections(case, ["biz", "loner"], filters).shared == ()
    with pytest.raises(QueryError, match="at least two different entities"):
        common_connections(case, ["biz", "钱磊"], filters)


def test_connect_ranks_intermediaries_by_paths_through_them(case: Store, filters: Filters) -> None:
    network = connect(case, ["biz", "off", "sonco"], PathQuery(filters=filters))
    assert [list(p.relations) for p in network.paths] == [
        ["gift-biz-sec", "emp-sec"],  # biz - off
        ["own-biz", "appr-off-firm"],
        ["own-biz", "gift-firm-sonco"],  # biz - sonco
        ["appr-off-firm", "gift-firm-sonco"],  # off - sonco
        ["kin-son", "own-son"],
    ]
    assert network.intermediaries == (("firm", 3), ("sec", 1), ("son", 1))
    assert network.unconnected == ()
    lonely = connect(case, ["biz", "loner"], PathQuery(filters=filters))
    assert (lonely.paths, lonely.unconnected) == ((), (("biz", "loner"),))
