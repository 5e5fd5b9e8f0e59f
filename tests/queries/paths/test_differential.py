"""Differential tests: every query kind gives the same answer on SQLite (networkx) and on
Neo4j (Cypher), over the demo case and the hand-built case; so do detection and the CLI.

Each test loads one case into both stores and runs many queries, collecting every
difference before asserting, so one failure shows all disagreements at once.
"""

from __future__ import annotations

import importlib.util
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import replace
from itertools import combinations
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from encircle.graph.errors import QueryError
from encircle.graph.records import Entity, Relation
from encircle.graph.stores import Store
from encircle.loaders import load
from encircle.loaders.demo import demo_bundle
from encircle.queries.detection import detect
from encircle.queries.paths.common_connections import common_connections
from encircle.queries.paths.connect import connect
from encircle.queries.paths.find import find_paths
from encircle.queries.paths.model import Filters, PathQuery
from encircle.queries.paths.neighbors import neighbors

pytestmark = pytest.mark.neo4j
Query = Callable[[Store], Any]


def _hand_built_case() -> tuple[list[Entity], list[Relation]]:
    """ENTITIES and RELATIONS of tests/queries/paths/conftest.py (tests are not a package)."""
    spec = importlib.util.spec_from_file_location("_query_case", Path(__file__).with_name("conftest.py"))
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.ENTITIES), list(module.RELATIONS)


def path_queries(hub_degree: int) -> dict[str, PathQuery]:
    """One PathQuery per mode, filter and hub policy (hub_degree chosen so hubs occur)."""
    base = Filters(hub_degree=hub_degree)
    all_paths = PathQuery(mode="all", max_hops=4, limit=6, filters=base)  # small limit: cuts happen
    return {
        "shortest": PathQuery(filters=base),
        "shortest-6": PathQuery(max_hops=6, filters=base),
        "k": PathQuery(mode="k", k=3, filters=base),
        "all": all_paths,
        "all-5-cut": replace(all_paths, max_hops=5, limit=3),
        "time-shortest": PathQuery(time_respecting=True, max_hops=5, filters=base),
        "time-all": replace(all_paths, time_respecting=True, limit=20),
        "time-gap": replace(all_paths, time_respecting=True, max_gap_days=365),
        "types": replace(all_paths, filters=replace(base, relation_types=("GIFT", "EMPLOYED_BY", "RELATIVE_OF"))),
        "forward": replace(all_paths, filters=replace(base, direction="forward")),
        "confirmed": replace(all_paths, filters=replace(base, statuses=("confirmed",))),
        "window": replace(all_paths, filters=replace(base, date_from="2016-03", date_to="2018")),
        "penalize": replace(all_paths, filters=replace(base, hub_policy="penalize")),
        "allow": PathQuery(mode="k", k=4, filters=replace(base, hub_policy="allow")),
    }


def outcome(run: Query, store: Store) -> Any:
    try:
        return run(store).to_dict()
    except QueryError as error:
        return f"QueryError: {error}"


def differences(sqlite: Store, neo4j: Store, queries: dict[str, Query]) -> list[str]:
    found = []
    for label, run in queries.items():
        expected, actual = outcome(run, sqlite), outcome(run, neo4j)
        if expected != actual:
            found.append(
                f"{label}:\n  sqlite {json.dumps(expected, ensure_ascii=False)[:1500]}\n"
                f"  neo4j  {json.dumps(actual, ensure_ascii=False)[:1500]}"
            )
    return found


def sample_pairs(store: Store, ids: list[str], count: int, rng: random.Random) -> list[tuple[str, str]]:
    """Pairs, most of them connected within 4 hops (so most queries find paths), and some
    chosen at random (mostly with no path)."""
    graph = store.to_networkx().to_undirected(as_view=True)
    every_pair = list(combinations(ids, 2))
    near = [(a, b) for a, b in every_pair if b in nx.single_source_shortest_path_length(graph, a, cutoff=4)]
    chosen = rng.sample(near, min(count * 3 // 4, len(near)))
    return chosen + rng.sample(every_pair, min(count - len(chosen), len(every_pair)))


def all_queries(store: Store, ids: list[str], hub_degree: int, pairs: int, seed: int = 7) -> dict[str, Query]:
    """Path queries on sampled pairs, neighbourhoods, common connections and connect."""
    rng = random.Random(seed)
    queries: dict[str, Query] = {}
    for name, query in path_queries(hub_degree).items():
        for a, b in sample_pairs(store, ids, pairs, rng):
            queries[f"paths {name} {a} {b}"] = lambda s, a=a, b=b, q=query: find_paths(s, a, b, q)
    base = Filters(hub_degree=hub_degree)
    for center in rng.sample(ids, min(6, len(ids))):
        for hops, cap, types, flt in (
            (1, 200, (), base),
            (2, 5, (), base),
            (3, 8, ("Person", "Company"), base),
            (2, 4, (), replace(base, direction="forward", statuses=("confirmed",))),
            (2, 6, (), replace(base, relation_types=("GIFT", "OWNS"), date_from="2015")),
        ):
            queries[f"neighbors {center} {hops} {cap} {types} {flt}"] = (
                lambda s, c=center, h=hops, k=cap, t=types, f=flt: neighbors(s, c, h, f, t, k)
            )
    for group in (rng.sample(ids, 2), rng.sample(ids, 3), rng.sample(ids, 4)):
        queries[f"common {group}"] = lambda s, g=group: common_connections(s, g, base)
        forward = replace(base, direction="forward")
        queries[f"common forward {group}"] = lambda s, g=group, f=forward: common_connections(s, g, f)
        queries[f"connect {group}"] = lambda s, g=group: connect(s, g, PathQuery(filters=base))
        timed = PathQuery(time_respecting=True, filters=replace(base, hub_policy="penalize"))
        queries[f"connect time {group}"] = lambda s, g=group, q=timed: connect(s, g, q)
    return queries


@pytest.fixture
def demo_stores(sqlite_store: Store, neo4j_store: Store) -> Iterator[tuple[Store, Store]]:
    for store in (sqlite_store, neo4j_store):
        load([demo_bundle()], store)
    yield sqlite_store, neo4j_store


def test_every_query_kind_agrees_on_the_demo_case(demo_stores: tuple[Store, Store]) -> None:
    sqlite, neo4j = demo_stores
    ids = [e.id for e in sqlite.entities()]
    queries = all_queries(sqlite, ids, hub_degree=4, pairs=25)
    assert differences(sqlite, neo4j, queries) == []


def test_every_query_kind_agrees_on_the_hand_built_case(sqlite_store: Store, neo4j_store: Store) -> None:
    entities, relations = _hand_built_case()
    for store in (sqlite_store, neo4j_store):
        store.write(entities, relations)
    ids = ["biz", "sec", "off", "son", "firm", "sonco", "ministry", "early", "firm2", "li2", "loner", "member03"]
    queries = all_queries(sqlite_store, ids, hub_degree=10, pairs=30)
    queries["ambiguous"] = lambda s: find_paths(s, "li wei", "biz")
    queries["supernode"] = lambda s: find_paths(s, "biz", "member03", PathQuery(filters=Filters(hub_degree=10)))
    assert differences(sqlite_store, neo4j_store, queries) == []


def test_self_loops_and_parallel_relations_agree(sqlite_store: Store, neo4j_store: Store) -> None:
    """Degrees count a self-loop twice (networkx); parallel relations order the cut."""
    people = [Entity(f"p{i}", "Person", f"P {i}") for i in range(5)]
    relations = [
        Relation("z-loop", "ASSOCIATE_OF", "p1", "p1"),
        *(Relation(f"g{i}", "GIFT", "p0", "p1", date=f"201{i}") for i in (3, 1, 2)),
        Relation("a-back", "ASSOCIATE_OF", "p2", "p1"),
        Relation("b-out", "GIFT", "p1", "p2", date="2014"),
        Relation("c", "GIFT", "p2", "p3", date="2015"),
        Relation("d", "RELATIVE_OF", "p4", "p3"),
    ]
    for store in (sqlite_store, neo4j_store):
        store.write(people, relations)
    queries = all_queries(sqlite_store, [p.id for p in people], hub_degree=3, pairs=10)
    assert differences(sqlite_store, neo4j_store, queries) == []


def test_detection_agrees(demo_stores: tuple[Store, Store]) -> None:
    sqlite, neo4j = demo_stores
    expected = [f.to_dict() for f in detect(sqlite)]
    assert expected  # the demo case has findings to compare
    assert [f.to_dict() for f in detect(neo4j)] == expected
    confirmed = [f.to_dict() for f in detect(sqlite, confirmed_only=True)]
    assert [f.to_dict() for f in detect(neo4j, confirmed_only=True)] == confirmed


def test_cli_detect_json_agrees(demo_stores: tuple[Store, Store], tmp_path: Path) -> None:
    from encircle.cli.main import cli

    sqlite, neo4j = demo_stores
    runner = CliRunner()
    outputs = []
    for spec in (sqlite.location, neo4j.location):
        result = runner.invoke(cli, ["detect", "--json", "--all", "--store", spec])
        assert result.exit_code == 0, result.output
        outputs.append(json.loads(result.output))
    assert outputs[0] and outputs[0] == outputs[1]
