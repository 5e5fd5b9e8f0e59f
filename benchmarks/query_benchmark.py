"""Query benchmark: shortest-path latency on a random graph, embedded vs Neo4j vs Neo4j's
legacy shortestPath().

    .venv/bin/python benchmarks/query_benchmark.py --neo4j-uri bolt://127.0.0.1:7688
        [--entities 100000] [--relations 500000] [--pairs 200] [--seed 1] [--skip-neo4j]

The random bundle comes from load_benchmark.py's generator; a small separate component
(a chain of 500 entities) and 100 entities with no relations are added, so some pairs
have no path at all. The 200 pairs are a mix: pairs a few hops apart (found), random
pairs (mostly more than 4 hops apart in a random graph of mean degree 10: no path within
the bound, the expensive case) and pairs across components (no path). Each pair is asked:

- through the library, `find_paths(store, a, b)` with the default PathQuery ('shortest',
  max 4 hops, hub policy 'exclude', hub degree 100), on SQLite and on Neo4j; this includes
  resolving both ids, the hub report (a second search with hubs allowed) and the names;
- directly with `shortestPath((a)-[*..4]-(b))` and `allShortestPaths(...)` (no filters, no
  hub rule, no ordering), for comparison.

Latency is wall time per query from this client; p50/p95 over the 200 pairs, after one
warm-up pass (plans compiled, the embedded graph built once, both caches warm). The Neo4j
database must be empty; it is cleared afterwards. Use a private server with a big heap:
one load is one transaction (see docs/performance.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import LiteralString

import networkx as nx

sys.path.insert(0, str(Path(__file__).parent))
from load_benchmark import write_bundle  # a sibling script, not a package

from encircle.graph.records import Entity, Relation
from encircle.graph.stores import Store
from encircle.graph.stores.neo4j import Neo4jStore
from encircle.graph.stores.sqlite import SqliteStore
from encircle.loaders import load
from encircle.queries.paths.find import find_paths

LEGACY: dict[str, LiteralString] = {
    "shortestPath()": "MATCH (a:Entity {id: $a}), (b:Entity {id: $b}) "
    "MATCH p = shortestPath((a)-[*..4]-(b)) RETURN length(p) AS hops",
    "allShortestPaths()": "MATCH (a:Entity {id: $a}), (b:Entity {id: $b}) "
    "MATCH p = allShortestPaths((a)-[*..4]-(b)) RETURN length(p) AS hops",
}


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    ram = next((int(line.split()[1]) for line in meminfo if line.startswith("MemTotal")), 0)

    return (
        f"{os.cpu_count()} CPUs ({cpu}), {ram / 2**20:.1f} GiB RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    )


def extras(chain: int = 500, isolated: int = 100) -> tuple[list[Entity], list[Relation]]:
    """A separate chain component and entities with no relations: pairs with no path."""
    people = [Entity(f"x{i:04}", "Person", f"Chain {i}") for i in range(chain)]
    alone = [Entity(f"z{i:04}", "Company", f"Alone {i}") for i in range(isolated)]
    links = [Relation(f"xr{i:04}", "ASSOCIATE_OF", f"x{i:04}", f"x{i + 1:04}") for i in range(chain - 1)]
    return people + alone, links


def choose_pairs(store: Store, count: int, rng: random.Random) -> list[tuple[str, str, str]]:
    """(kind, a, b): 'near' pairs 2-4 hops apart, 'random' pairs, 'apart' across components."""
    graph = store.to_networkx().to_undirected(as_view=True)
    main = [n for n in graph if n.startswith("e")]
    other = [n for n in graph if not n.startswith("e")]
    pairs = []
    while len(pairs) < count // 2:
        a = rng.choice(main)
        ring = [n for n, d in nx.single_source_shortest_path_length(graph, a, cutoff=3).items() if d >= 2]
        if ring:
            pairs.append(("near", a, rng.choice(ring)))
    pairs += [("random", *rng.sample(main, 2)) for _ in range(count // 4)]
    pairs += [("apart", rng.choice(main), rng.choice(other)) for _ in range(count - len(pairs))]
    return pairs


def measure(label: str, pairs: Sequence[tuple[str, str, str]], ask: Callable[[str, str], bool]) -> None:
    for _, a, b in pairs:  # warm-up: plans, caches
        ask(a, b)
    times: list[float] = []
    found = 0
    for _, a, b in pairs:
        start = time.perf_counter()
        found += ask(a, b)
        times.append(time.perf_counter() - start)
    quantiles = statistics.quantiles(times, n=100, method="inclusive")
    print(
        f"  {label:<34} p50 {quantiles[49] * 1000:8.1f} ms   p95 {quantiles[94] * 1000:8.1f} ms   "
        f"max {max(times) * 1000:8.1f} ms   found {found:3} / no path {len(pairs) - found:3}",
        flush=True,
    )
    kinds = dict.fromkeys(kind for kind, _, _ in pairs)
    medians = {
        k: statistics.median(t for (kind, _, _), t in zip(pairs, times, strict=True) if kind == k) for k in kinds
    }
    print("    median by pair kind: " + ", ".join(f"{k} {m * 1000:.1f} ms" for k, m in medians.items()), flush=True)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--relations", type=int, default=500_000)
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--neo4j-uri", default="bolt://127.0.0.1:7688")
    parser.add_argument("--skip-neo4j", action="store_true")
    args = parser.parse_args(argv)
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_bundle(folder, args.entities, args.relations, args.seed)
        entities, relations = extras()
        sqlite = SqliteStore(str(folder / "bench.db"))
        load([folder], sqlite)
        sqlite.write(entities, relations)
        stats = sqlite.stats()
        print(f"graph: {stats.entities:,} entities, {stats.relations:,} relations")
        pairs = choose_pairs(sqlite, args.pairs, random.Random(args.seed))
        print("pairs: " + ", ".join(f"{k} {sum(p[0] == k for p in pairs)}" for k in ("near", "random", "apart")))
        print("find_paths, default PathQuery (shortest, <= 4 hops, exclude hubs > 100):")
        measure("embedded (SQLite + networkx)", pairs, lambda a, b: bool(find_paths(sqlite, a, b).paths))
        sqlite.close()
        if not args.skip_neo4j:
            run_neo4j(folder, args.neo4j_uri, entities, relations, pairs)


def run_neo4j(
    folder: Path, uri: str, entities: list[Entity], relations: list[Relation], pairs: list[tuple[str, str, str]]
) -> None:
    store = Neo4jStore(uri)
    if not store.is_empty():
        raise SystemExit(f"refusing to run on a non-empty Neo4j database at {uri}")
    try:
        start = time.perf_counter()
        load([folder], store)
        store.write(entities, relations)
        print(f"  (Neo4j load: {time.perf_counter() - start:.0f} s)")
        measure("Neo4j (Cypher, ALL SHORTEST)", pairs, lambda a, b: bool(find_paths(store, a, b).paths))
        print("Neo4j legacy functions, Cypher only (no filters, no hub rule, no resolve):")
        for label, query in LEGACY.items():
            measure(label, pairs, lambda a, b, q=query: bool(store.read(q, a=a, b=b)))
    finally:
        store.clear()
        store.close()


if __name__ == "__main__":
    main()
