"""Community-detection benchmark: networkx Louvain and the Leiden backend, in one run,
on a planted-partition graph (stochastic-block style), through encircle's own
`partition()` (so the Leiden time includes handing the graph over to igraph).

    .venv/bin/python benchmarks/community_benchmark.py [--nodes 100000] [--edges 300000]
        [--block 100] [--mixing 0.2] [--repeats 3] [--seed 1]

Prints, per backend, the median wall time of `--repeats` runs, the modularity of the
result and the number of communities found, next to the planted partition's modularity.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import time
from pathlib import Path

import networkx as nx
import numpy as np

from encircle.queries.analysis.communities import canonical, modularity, partition


def planted_graph(nodes: int, edges: int, block: int, mixing: float, seed: int) -> tuple[nx.Graph, list[list[str]]]:
    """`nodes` in blocks of `block`; a share `mixing` of the edges join random nodes
    anywhere, the rest join two nodes of one block. Duplicates and loops are dropped,
    so the graph has slightly fewer than `edges` edges."""
    rng = np.random.default_rng(seed)
    inside = int(edges * (1 - mixing))
    blocks = rng.integers(0, nodes // block, inside)
    u = np.concatenate([blocks * block + rng.integers(0, block, inside), rng.integers(0, nodes, edges - inside)])
    v = np.concatenate([blocks * block + rng.integers(0, block, inside), rng.integers(0, nodes, edges - inside)])
    names = [f"n{i:06d}" for i in range(nodes)]
    graph = nx.Graph()
    graph.add_nodes_from(names)
    graph.add_edges_from((names[a], names[b]) for a, b in zip(u.tolist(), v.tolist(), strict=True) if a != b)
    planted = [names[start : start + block] for start in range(0, nodes, block)]
    return graph, planted


def timed(graph: nx.Graph, backend: str, repeats: int, seed: int) -> tuple[float, list[tuple[str, ...]]]:
    times, found = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        found = partition(graph, seed=seed, backend=backend)
        times.append(time.perf_counter() - start)
    return statistics.median(times), found


def machine() -> str:
    def lines(path: str) -> list[str]:
        return Path(path).read_text().splitlines() if Path(path).exists() else []

    cpu = next((line.split(":", 1)[1].strip() for line in lines("/proc/cpuinfo") if line.startswith("model name")), "?")
    mem_kb = next((int(line.split()[1]) for line in lines("/proc/meminfo") if line.startswith("MemTotal")), 0)
    return (
        f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; nproc {os.cpu_count()} ({cpu}); "
        f"{mem_kb / 2**20:.1f} GiB RAM; {platform.system()} {platform.release()}; Python {platform.python_version()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--edges", type=int, default=300_000)
    parser.add_argument("--block", type=int, default=100, help="planted community size")
    parser.add_argument("--mixing", type=float, default=0.2, help="share of edges between communities")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    print(machine())
    start = time.perf_counter()
    graph, planted = planted_graph(args.nodes, args.edges, args.block, args.mixing, args.seed)
    print(
        f"planted partition: {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges, "
        f"{len(planted):,} blocks of {args.block}, mixing {args.mixing} "
        f"(built in {time.perf_counter() - start:.1f} s); "
        f"planted modularity {modularity(graph, canonical(planted)):.4f}"
    )
    print(f"{'backend':<10} {'median s':>9} {'modularity':>11} {'communities':>12}   (median of {args.repeats})")
    for backend in ("networkx", "leiden"):
        seconds, found = timed(graph, backend, args.repeats, args.seed)
        print(f"{backend:<10} {seconds:>9.2f} {modularity(graph, found):>11.4f} {len(found):>12,}", flush=True)


if __name__ == "__main__":
    main()
