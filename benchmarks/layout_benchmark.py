"""The spring layout of a view, per call: the current code against the code it replaced.

    .venv/bin/python benchmarks/layout_benchmark.py [--sizes 7,20,50,80,200,500] [--budget 2] [--stack 100] [--json]

`encircle report` lays out one view per flagged finding (569 at 100k entities, 3-11
nodes each), so what a layout costs per call at 7-80 nodes is what the report pays.
For each size: one graph shaped like a view (a tree of the finding's entities, half as
many relations again among them, a duplicate and a self-loop), laid out by
graph/views/layout.py (`new`) and by tests/views/layout_reference.py (`old`, the code
before issue 13) in turn, calls alternating so that both see the same load. The table
gives the median CPU time per call (`time.process_time`: this process's user + system,
BLAS threads included) and the median wall time, in milliseconds, and old / new of the
CPU medians. Each size runs until the old code has used about --budget seconds of CPU
(at least 3 calls each); the two results are checked equal first. "stacked" is the CPU
per graph of `spring_layouts` laying out --stack graphs of that size in one call, as a
report does with its views (median of 5 calls, at most 5 for graphs over 100 nodes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import random
import statistics
import time
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

from encircle.graph.views.layout import spring_layout, spring_layouts

Layout = Callable[..., dict[Hashable, tuple[float, float]]]
Graph = tuple[list[Hashable], list[tuple[Hashable, Hashable]]]


def reference() -> Layout:
    path = Path(__file__).resolve().parent.parent / "tests" / "views" / "layout_reference.py"
    spec = importlib.util.spec_from_file_location("layout_reference", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.reference_layout  # type: ignore[no-any-return]


def view_graph(n: int, seed: int = 1) -> Graph:
    rng = random.Random(seed)
    nodes: list[Hashable] = [f"e{i:04d}" for i in range(n)]
    edges = [(rng.choice(nodes[:i]), nodes[i]) for i in range(1, n)]
    edges += [(rng.choice(nodes), rng.choice(nodes)) for _ in range(n // 2)]
    edges += [edges[0], (nodes[0], nodes[0])]
    return nodes, edges


def one_call(layout: Layout, graph: Graph, scale: float) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    layout(*graph, scale)
    return time.process_time() - cpu, time.perf_counter() - wall


def measure(n: int, old: Layout, budget: float) -> dict[str, Any]:
    graph = view_graph(n)
    scale = 200 + 60 * n**0.5  # as compose.py lays out a view
    if spring_layout(*graph, scale) != old(*graph, scale):
        raise SystemExit(f"{n} nodes: the layouts differ")
    times: dict[str, list[tuple[float, float]]] = {"old": [], "new": []}
    spent = 0.0
    while spent < budget or len(times["new"]) < 3:
        for name, layout in (("old", old), ("new", spring_layout)):
            times[name].append(one_call(layout, graph, scale))
        spent += times["old"][-1][0]
    row: dict[str, Any] = {"nodes": n, "edges": len(graph[1]), "calls": len(times["new"])}
    for name, pairs in times.items():
        row[f"{name}_cpu_ms"] = round(statistics.median(c for c, _ in pairs) * 1e3, 3)
        row[f"{name}_wall_ms"] = round(statistics.median(w for _, w in pairs) * 1e3, 3)
    row["old_over_new_cpu"] = round(row["old_cpu_ms"] / row["new_cpu_ms"], 2)
    return row


def stacked(n: int, stack: int) -> float:
    """CPU milliseconds per graph of one spring_layouts call on `stack` graphs of n nodes."""
    nodes, edges = view_graph(n)
    scale = 200 + 60 * n**0.5
    graphs = [(nodes, edges, scale)] * (stack if n <= 100 else min(stack, 5))
    times = []
    for _ in range(5):
        cpu = time.process_time()
        spring_layouts(graphs)
        times.append((time.process_time() - cpu) / len(graphs))
    return round(statistics.median(times) * 1e3, 3)


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    lines = cpuinfo.read_text().splitlines() if cpuinfo.exists() else []
    cpu = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), "?")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (
        f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; nproc {os.cpu_count()} ({cpu}); "
        f"Python {platform.python_version()}; load average {load}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="7,20,50,80,200,500", help="node counts, comma-separated")
    parser.add_argument("--budget", type=float, default=2.0, help="seconds of the old code's CPU per size")
    parser.add_argument("--stack", type=int, default=100, help="graphs laid out together for the stacked column")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()
    old = reference()
    print(machine())
    rows = [measure(int(n), old, args.budget) for n in args.sizes.split(",")]
    for row in rows:
        row["stacked_cpu_ms"] = stacked(row["nodes"], args.stack)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print("| nodes | edges | calls | old ms CPU (wall) | new ms CPU (wall) | old / new CPU | stacked, ms CPU a graph |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['nodes']} | {r['edges']} | {r['calls']} | {r['old_cpu_ms']:.2f} ({r['old_wall_ms']:.2f}) "
            f"| {r['new_cpu_ms']:.2f} ({r['new_wall_ms']:.2f}) | {r['old_over_new_cpu']:.2f}x "
            f"| {r['stacked_cpu_ms']:.3f} |"
        )
    print(f"({machine()})")


if __name__ == "__main__":
    main()
