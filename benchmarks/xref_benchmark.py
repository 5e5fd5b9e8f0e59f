"""Entity resolution and search on synthetic worlds with planted duplicates.

    .venv/bin/python benchmarks/xref_benchmark.py [--sizes 10000,100000] [--seed 1]
        [--min-score 0.7] [--searches 200] [--keep DIR] [--out results.json]

For each size: `encircle synth --duplicates` writes a world (truth.json lists the
duplicate pairs and the hard non-duplicates), it is loaded into a fresh embedded store,
`xref` runs at the threshold (timed), and its candidates are matched to the truth:
precision = candidates that are planted duplicates / candidates (P), and the same leaving
out pairs of the world's own records with the same name, birth date, registration number
and country (P*: nothing on record tells them apart), recall = planted duplicates proposed / planted duplicates (per
way of spelling too). The world's own
people are a hard case by construction: every second one shares a two-character name
with a dozen others, told apart only by birth dates. Then `search` is timed on
`--searches` queries made from the store's names (a prefix, a part, the pinyin, a typo):
median and 95th percentile, wall and CPU. `--search-size N` only times search, on a store
of N entities (a world's entities without its relations). Targets: P >= 0.95, R >= 0.9,
xref under 30 s at 100k, search under 100 ms at 1M.
Figures: docs/resolution.md.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any


def run(size: int, seed: int, min_score: float, searches: int, keep: Path | None) -> dict[str, Any]:
    from encircle.graph.stores import open_store
    from encircle.loaders import load
    from encircle.queries.resolution import search, xref
    from encircle.queries.synth.generate import generate

    folder = keep / f"n{size}-s{seed}" if keep else Path(tempfile.mkdtemp(prefix="encircle-xref-"))
    truth = generate(folder / "bundle", size, seed, duplicates=True)
    db = folder / "encircle.db"
    db.unlink(missing_ok=True)
    with open_store(str(db)) as store:
        start = time.perf_counter()
        load([folder / "bundle"], store)
        loaded = time.perf_counter() - start
        start, cpu = time.perf_counter(), time.process_time()
        found = xref(store, min_score=min_score)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        quality = score(found.candidates, truth["resolution"])
        latency = search_latency(store, searches, seed, search)
    return {
        "size": size,
        "entities": found.entities,
        "seed": seed,
        "min_score": min_score,
        "load_s": round(loaded, 2),
        "xref_s": round(elapsed, 2),
        "xref_cpu_s": round(cpu, 2),
        "compared": found.compared,
        "skipped_keys": found.skipped_keys,
        **quality,
        **latency,
    }


def score(candidates: Any, resolution: dict[str, Any]) -> dict[str, Any]:
    planted = {frozenset(d["entities"]): d["how"] for d in resolution["duplicates"]}
    near = {frozenset(d["entities"]): d["how"] for d in resolution["non_duplicates"]}
    alike = {frozenset(pair) for pair in resolution["indistinguishable"]}
    proposed = {frozenset(c.entities) for c in candidates}
    true = proposed & planted.keys()
    told = proposed - alike  # leaving out pairs whose records have the same name and identifiers
    by_how: Counter[str] = Counter(planted.values())
    hit: Counter[str] = Counter(planted[p] for p in true)
    return {
        "candidates": len(proposed),
        "true_positives": len(true),
        "false_positives": len(proposed - planted.keys()),
        "near_misses_proposed": len(proposed & near.keys()),
        "indistinguishable_proposed": len(proposed & alike),
        "precision": round(len(true) / len(proposed), 4) if proposed else 1.0,
        "precision_distinguishable": round(len(true) / len(told), 4) if told else 1.0,
        "recall": round(len(true) / len(planted), 4) if planted else 1.0,
        "recall_by_how": {how: f"{hit[how]}/{n}" for how, n in sorted(by_how.items())},
    }


def search_latency(store: Any, count: int, seed: int, search: Any) -> dict[str, Any]:
    from encircle.graph.search import pinyin

    rng = random.Random(seed)
    names = [e.name for e in store.entities()]
    queries = []
    for name in rng.sample(names, min(count, len(names))):
        kind = rng.randrange(4)
        if kind == 0:
            queries.append(name[:2])  # a prefix (two Chinese characters)
        elif kind == 1:
            queries.append(name[1:4])  # a part
        elif kind == 2:
            queries.append(pinyin(name[:3]))  # pinyin
        else:
            reading = pinyin(name[:3]).replace(" ", "")
            i = rng.randrange(max(1, len(reading) - 1))
            queries.append(reading[:i] + reading[i + 1 :] if len(reading) > 3 else reading)  # a typo
    times, cpu = [], []
    for query in queries:
        start, started = time.perf_counter(), time.process_time()
        search(store, query)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - started) * 1000)
    times.sort()
    cpu.sort()
    return {
        "searches": len(times),
        "search_median_ms": round(statistics.median(times), 1),
        "search_p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        "search_cpu_median_ms": round(statistics.median(cpu), 1),
        "search_cpu_p95_ms": round(cpu[int(len(cpu) * 0.95) - 1], 1),
    }


def search_only(size: int, seed: int, searches: int, keep: Path | None) -> dict[str, Any]:
    """Search latency on a store of `size` entities (a synthetic world's, without its
    relations: search reads only entities)."""
    from encircle.graph.stores import open_store
    from encircle.loaders import load
    from encircle.queries.resolution import search
    from encircle.queries.synth.generate import generate

    folder = keep / f"search-n{size}-s{seed}" if keep else Path(tempfile.mkdtemp(prefix="encircle-search-"))
    generate(folder / "world", size, seed)
    (folder / "bundle").mkdir(parents=True, exist_ok=True)
    (folder / "world" / "entities.csv").replace(folder / "bundle" / "entities.csv")
    header = (folder / "world" / "relations.csv").open(encoding="utf-8").readline()
    (folder / "bundle" / "relations.csv").write_text(header, encoding="utf-8")
    db = folder / "encircle.db"
    db.unlink(missing_ok=True)
    with open_store(str(db)) as store:
        start = time.perf_counter()
        load([folder / "bundle"], store)
        loaded = time.perf_counter() - start
        entities = store.stats().entities
        return {
            "size": size,
            "entities": entities,
            "load_s": round(loaded, 1),
            **search_latency(store, searches, seed, search),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--min-score", type=float, default=0.7)
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--search-size", type=int, help="Only time search on a store of this many entities.")
    args = parser.parse_args()
    if args.search_size:
        print(json.dumps(search_only(args.search_size, args.seed, args.searches, args.keep)), flush=True)
        return
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        result = run(size, args.seed, args.min_score, args.searches, args.keep)
        results.append(result)
        print(json.dumps(result, ensure_ascii=False), flush=True)
    print(f"\n{'size':>8} {'P':>6} {'P*':>6} {'R':>6} {'xref s (cpu)':>13} {'search ms median/p95 (cpu)':>27}")
    for r in results:
        xref_time = f"{r['xref_s']} ({r['xref_cpu_s']})"
        latency = f"{r['search_median_ms']}/{r['search_p95_ms']} ({r['search_cpu_median_ms']}/{r['search_cpu_p95_ms']})"
        print(
            f"{r['size']:>8} {r['precision']:>6} {r['precision_distinguishable']:>6} {r['recall']:>6} "
            f"{xref_time:>13} {latency:>27}"
        )
    print("P*: precision leaving out pairs of records with the same name and identifiers (truth: indistinguishable)")
    if args.out:
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    sys.exit(0)


if __name__ == "__main__":
    main()
