"""Path queries on the hand-built case, on both stores, with exact expected paths."""

from __future__ import annotations

from dataclasses import replace

import pytest

from encircle.graph.errors import QueryError
from encircle.graph.stores import Store
from encircle.queries.paths.find import find_paths
from encircle.queries.paths.model import Filters, Hub, PathQuery


def relation_ids(store: Store, source: str, target: str, query: PathQuery) -> list[list[str]]:
    return [list(path.relations) for path in find_paths(store, source, target, query).paths]


def test_shortest_returns_every_shortest_path_in_a_stable_order(case: Store, filters: Filters) -> None:
    result = find_paths(case, "biz", "off", PathQuery(filters=filters))
    assert [list(p.relations) for p in result.paths] == [
        ["gift-biz-sec", "emp-sec"],
        ["own-biz", "appr-off-firm"],
    ]
    assert [list(p.nodes) for p in result.paths] == [["biz", "sec", "off"], ["biz", "firm", "off"]]
    # the ministry route is as short as those shown, and left out: said so, by name
    assert result.hubs_skipped == (Hub("ministry", 14, "Ministry of Everything"),)
    step = result.paths[0].steps[1]
    assert (step.source, step.target, step.forward, step.relation["kind"]) == ("sec", "off", True, "secretary")
    assert result.paths[1].steps[1].forward is False  # off APPROVED firm, walked firm -> off
    assert result.names == {
        "biz": "Qian Lei",
        "sec": "Xu Tao",
        "off": "Zhou Ping",
        "firm": "Leixin New Energy",
        "ministry": "Ministry of Everything",  # named in the note on hubs
    }


def test_names_and_aliases_resolve(case: Store, filters: Filters) -> None:
    assert relation_ids(case, "钱磊", "zhou  PING", PathQuery(filters=filters)) == [
        ["gift-biz-sec", "emp-sec"],
        ["own-biz", "appr-off-firm"],
    ]


def test_k_shortest_adds_longer_simple_paths(case: Store, filters: Filters) -> None:
    assert relation_ids(case, "biz", "off", PathQuery(mode="k", k=3, filters=filters)) == [
        ["gift-biz-sec", "emp-sec"],
        ["own-biz", "appr-off-firm"],
        ["own-biz", "gift-firm-sonco", "own-son", "kin-son"],
    ]


def test_all_simple_paths_up_to_the_bound(case: Store, filters: Filters) -> None:
    query = PathQuery(mode="all", max_hops=4, filters=filters)
    assert relation_ids(case, "biz", "off", query) == [
        ["gift-biz-sec", "emp-sec"],
        ["own-biz", "appr-off-firm"],
        ["own-biz", "gift-firm-sonco", "own-son", "kin-son"],
    ]
    assert relation_ids(case, "biz", "off", replace(query, max_hops=3)) == [
        ["gift-biz-sec", "emp-sec"],
        ["own-biz", "appr-off-firm"],
    ]


def test_relation_type_status_and_window_filters(case: Store, filters: Filters) -> None:
    all_paths = PathQuery(mode="all", filters=filters)
    gifts_and_jobs = replace(filters, relation_types=("GIFT", "EMPLOYED_BY"))
    assert relation_ids(case, "biz", "off", replace(all_paths, filters=gifts_and_jobs)) == [["gift-biz-sec", "emp-sec"]]
    confirmed = replace(filters, statuses=("confirmed",))
    assert relation_ids(case, "biz", "off", replace(all_paths, filters=confirmed)) == [
        ["gift-biz-sec", "emp-sec"],
        ["own-biz", "appr-off-firm"],
    ]
    window = replace(filters, date_from="2017-03", date_to="2018")  # the 2017-02 gift falls outside
    assert relation_ids(case, "biz", "off", replace(all_paths, filters=window)) == [
        ["own-biz", "appr-off-firm"],
        ["own-biz", "gift-firm-sonco", "own-son", "kin-son"],
    ]


def test_forward_direction_follows_relations_but_kinship_both_ways(case: Store, filters: Filters) -> None:
    forward = PathQuery(mode="all", filters=replace(filters, direction="forward"))
    assert relation_ids(case, "biz", "off", forward) == [["gift-biz-sec", "emp-sec"]]
    assert relation_ids(case, "off", "son", forward) == [["kin-son"]]  # stored son -> off


def test_time_respecting_gift_before_approval_through_the_secretary(case: Store, filters: Filters) -> None:
    query = PathQuery(
        mode="all", time_respecting=True, filters=replace(filters, relation_types=("GIFT", "EMPLOYED_BY", "APPROVED"))
    )
    assert relation_ids(case, "biz", "firm", query) == [["gift-biz-sec", "emp-sec", "appr-off-firm"]]
    assert relation_ids(case, "biz", "firm", replace(query, max_gap_days=30)) == []  # 2017-02 -> 2017-08


def test_a_path_that_breaks_time_order_is_not_returned(case: Store, filters: Filters) -> None:
    query = PathQuery(filters=filters)
    assert relation_ids(case, "early", "firm2", query) == [["gift-early", "emp-clerk", "appr-boss"]]
    assert relation_ids(case, "early", "firm2", replace(query, time_respecting=True)) == []
    for mode in ("k", "all"):
        assert relation_ids(case, "early", "firm2", replace(query, mode=mode, time_respecting=True)) == []


def test_no_path(case: Store, filters: Filters) -> None:
    result = find_paths(case, "biz", "loner", PathQuery(mode="all", filters=filters))
    assert (result.paths, result.hubs_skipped, result.truncated) == ((), (), False)


def test_a_supernode_is_excluded_and_reported(case: Store, filters: Filters) -> None:
    result = find_paths(case, "biz", "member03", PathQuery(filters=filters))
    assert result.paths == ()
    assert [(hub.id, hub.degree) for hub in result.hubs_skipped] == [("ministry", 14)]


def test_a_hub_route_longer_than_those_shown_is_reported_where_it_would_be_listed(
    case: Store, filters: Filters
) -> None:
    # sec -> off: the secretary's own job (1 hop); sec -> biz -> ministry -> off is 3 hops
    shortest = find_paths(case, "sec", "off", PathQuery(filters=filters))
    assert ([list(p.relations) for p in shortest.paths], shortest.hubs_skipped) == ([["emp-sec"]], ())
    every = find_paths(case, "sec", "off", PathQuery(mode="all", max_hops=3, filters=filters))
    assert [list(p.relations) for p in every.paths] == [["emp-sec"], ["gift-biz-sec", "own-biz", "appr-off-firm"]]
    assert every.hubs_skipped == (Hub("ministry", 14, "Ministry of Everything"),)
    assert every.to_dict()["hubs_skipped"] == [{"id": "ministry", "name": "Ministry of Everything", "degree": 14}]


def test_a_supernode_ranked_down_or_allowed(case: Store, filters: Filters) -> None:
    penalized = find_paths(case, "biz", "off", PathQuery(mode="all", filters=replace(filters, hub_policy="penalize")))
    assert [list(p.relations) for p in penalized.paths] == [
        ["gift-biz-sec", "emp-sec"],
        ["own-biz", "appr-off-firm"],
        ["own-biz", "gift-firm-sonco", "own-son", "kin-son"],
        ["post-biz", "post-off"],
    ]
    assert penalized.paths[-1].hubs == ("ministry",)
    allowed = PathQuery(filters=replace(filters, hub_policy="allow"))
    assert relation_ids(case, "biz", "off", allowed) == [
        ["gift-biz-sec", "emp-sec"],
        ["own-biz", "appr-off-firm"],
        ["post-biz", "post-off"],
    ]
    assert relation_ids(case, "biz", "member03", allowed) == [["post-biz", "post-m03"]]


def test_limit_truncates_and_says_so(case: Store, filters: Filters) -> None:
    result = find_paths(case, "biz", "off", PathQuery(mode="all", limit=2, filters=filters))
    assert [list(p.relations) for p in result.paths] == [["gift-biz-sec", "emp-sec"], ["own-biz", "appr-off-firm"]]
    assert result.truncated


def test_an_ambiguous_name_lists_the_candidates(case: Store) -> None:
    with pytest.raises(
        QueryError, match=r"^'li wei' is ambiguous: li1 \(Person Li Wei\); li2 \(Person Li Wei\); use an id$"
    ):
        find_paths(case, "li wei", "biz")
    assert relation_ids(case, "Lee Wei", "biz", PathQuery()) == []  # an alias can be unique


def test_unknown_entity_and_bad_bounds(case: Store) -> None:
    with pytest.raises(QueryError, match="no entity with id, name or alias 'nobody'"):
        find_paths(case, "nobody", "biz")
    with pytest.raises(QueryError, match="max hops must be between 1 and 6"):
        PathQuery(max_hops=7)
    with pytest.raises(QueryError, match="same entity"):
        find_paths(case, "biz", "钱磊")
