"""Path queries from the shell on one existing store: `paths`, `neighbors`, `common`, `connect`.

    .venv/bin/python benchmarks/shell_queries.py STORE [--pairs 20] [--seed 1] [--json]

Each query runs as its own `encircle` command, as a user would run it (start-up and
opening the store included). The pairs are the scaling benchmark's (scaling_benchmark.py
`pick_entities`): random pairs, pairs from a neighbour of one of the three biggest hubs,
a pair from an entity with no relation (no path), and `--near` pairs a random walk of
three relations joins (in a large sparse case random pairs are mostly further apart
than `paths` looks), `--pairs` in all. Per command: the
median, lowest and highest wall seconds, the median CPU seconds, and how many `paths`
queries found a path. Figures: docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from scaling_benchmark import ENCIRCLE, machine, pick_entities, run


def timed(commands: list[list[str]]) -> dict[str, Any]:
    results = [run(c, 600) for c in commands]
    seconds = [r["seconds"] for r in results]
    return {
        "runs": len(results),
        "median": statistics.median(seconds),
        "min": min(seconds),
        "max": max(seconds),
        "cpu_median": statistics.median(r["cpu"] for r in results),
        "peak_mb": max(r["peak_mb"] for r in results),
    }


def near_pairs(db: Path, count: int, seed: int) -> list[tuple[str, str]]:
    """Pairs a random walk of three relations joins (each a path of at most 3 hops, unless
    the walk went through a hub): random pairs in a large sparse case are mostly
    further apart than `paths` looks."""
    conn = sqlite3.connect(db)
    rng = random.Random(seed)
    (last,) = conn.execute("SELECT max(rowid) FROM relation").fetchone()
    pairs: list[tuple[str, str]] = []
    while len(pairs) < count:
        row = conn.execute(
            "SELECT source_id, target_id FROM relation WHERE rowid >= ? LIMIT 1", (rng.randint(1, last),)
        )
        start, node = row.fetchone()
        for _ in range(2):
            step = conn.execute(
                "SELECT target_id FROM relation WHERE source_id = ? UNION ALL "
                "SELECT source_id FROM relation WHERE target_id = ?",
                (node, node),
            ).fetchall()
            node = rng.choice(step)[0] if step else node
        if node != start:
            pairs.append((start, node))
    conn.close()
    return pairs


def has_path(db: str, a: str, b: str) -> bool:
    command = [ENCIRCLE, "paths", a, b, "--json", "--store", db]
    return bool(json.loads(subprocess.run(command, capture_output=True, check=True).stdout)["paths"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--pairs", type=int, default=20)
    parser.add_argument("--near", type=int, default=5, help="how many of the pairs a short walk joins")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    db = str(args.store)
    start = time.perf_counter()
    # pick_entities adds two hub-neighbour pairs and one isolated pair to its random ones
    pairs, centres = pick_entities(args.store, args.pairs - 3 - args.near, args.seed)
    pairs += near_pairs(args.store, args.near, args.seed)
    centres += [a for a, _ in pairs[len(centres) :]]
    picked = time.perf_counter() - start
    found = sum(has_path(db, a, b) for a, b in pairs)
    out: dict[str, Any] = {"machine": machine(), "load_average": os.getloadavg(), "pairs": len(pairs)}
    out["paths_found"] = found
    out["paths"] = timed([[ENCIRCLE, "paths", a, b, "--json", "--store", db] for a, b in pairs])
    out["neighbors"] = timed([[ENCIRCLE, "neighbors", c, "--hops", "2", "--json", "--store", db] for c in centres])
    out["common"] = timed([[ENCIRCLE, "common", a, b, "--json", "--store", db] for a, b in pairs])
    out["connect"] = timed([[ENCIRCLE, "connect", a, b, "--json", "--store", db] for a, b in pairs])
    out["load_average_after"] = os.getloadavg()
    if args.json:
        print(json.dumps(out, indent=1))
        return
    print(f"{out['machine']}; load average {out['load_average']} -> {out['load_average_after']}")
    print(f"{len(pairs)} pairs ({picked:.0f} s to pick them), a path found for {found}")
    for name in ("paths", "neighbors", "common", "connect"):
        r = out[name]
        print(
            f"{name:10s} median {r['median']:.2f} s wall ({r['cpu_median']:.2f} s CPU), "
            f"{r['min']:.2f}-{r['max']:.2f} s, peak {r['peak_mb']:.0f} MB"
        )


if __name__ == "__main__":
    main()
