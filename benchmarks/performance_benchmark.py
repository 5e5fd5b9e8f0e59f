"""Speed and memory of encircle on one synthetic world, on both stores, in one run.

    .venv/bin/python benchmarks/performance_benchmark.py --entities 100000 [--seed 1]
        [--relations-per-entity 3] [--neo4j-uri bolt://127.0.0.1:7690] [--commit-every 250000]
        [--baseline-limit 600] [--detect-runs 2] [--out perf.json] [--keep DIR]
        [--bundle DIR] [--stores sqlite,neo4j] [--skip-load] [--tactics T,T]

One `encircle synth` world, then each step in a fresh child process, so the peak memory
reported (ru_maxrss) is that step's own:

- load: parse + validate the bundle and load it into a new SQLite store; and into Neo4j
  (`--neo4j-uri`, an empty database) in transactions of `--commit-every` rows;
- detect: on SQLite, the whole-case index once, then every tactic on it; on Neo4j, the
  five server-side tactics each extract their candidates on the server and score them,
  the others share one whole-case read (what `encircle detect` does);
- roundabout against the naive baselines: networkx `all_simple_paths(cutoff=4)` from
  every giver to the officials, and on Neo4j one `[*1..4]` pattern per giver, each
  stopped at `--baseline-limit` seconds and reported as "> limit".

On an existing world (1M: generating it takes minutes) and one store only:

    .venv/bin/python benchmarks/performance_benchmark.py --bundle /tmp/w1m --stores neo4j \
        --neo4j-uri bolt://127.0.0.1:7690 --skip-load --detect-runs 1 --baseline-limit 0

`--bundle` uses that case bundle instead of generating one; `--stores` picks the stores
to load and detect on; `--skip-load` detects on a Neo4j database the same bundle was
already loaded into (the SQLite load is kept: its store is the benchmark's own);
`--tactics` detects those tactics only, e.g. to go on after stopping one that ran too
long. The detection step prints each tactic's seconds to stderr as it finishes.

The Neo4j server's own peak memory (VmHWM of its process) is read from /proc when the
server runs on this machine. Prints a table and writes everything as JSON with --out.
Figures: docs/performance.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from roundabout_baseline import machine  # a sibling script, not a package

SERVER_SIDE = ("direct_transaction", "roundabout", "bid_rigging", "collective_capture", "blacklist_evasion")


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def step_generate(folder: Path, entities: int, seed: int, relations_per_entity: float) -> dict[str, Any]:
    from encircle.queries.synth.generate import generate

    started = time.perf_counter()
    truth = generate(folder / "bundle", entities, seed, relations_per_entity)
    return {"seconds": time.perf_counter() - started, "entities": truth["entities"], "relations": truth["relations"]}


def step_load(folder: Path, bundle: str, uri: str | None, commit_every: int | None) -> dict[str, Any]:
    from encircle.graph.stores import open_store
    from encircle.loaders import load

    location = uri or str(folder / "encircle.db")
    with open_store(location) as store:
        if not store.is_empty():
            raise SystemExit(f"{location} is not empty: give the benchmark an empty store")
        started = time.perf_counter()
        summary, _ = load([Path(bundle)], store, commit_every=commit_every)
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "entities": summary.entities, "relations": summary.relations}


def step_detect(folder: Path, uri: str | None, tactics: list[str] | None) -> dict[str, Any]:
    from encircle.graph.stores import open_store
    from encircle.graph.stores.neo4j import Neo4jStore
    from encircle.queries.detection import TACTICS, server
    from encircle.queries.detection.case import CaseIndex

    seconds: dict[str, float] = {}
    findings: dict[str, int] = {}
    with open_store(uri or str(folder / "encircle.db")) as store:
        index: CaseIndex | None = None
        for tactic, registered in TACTICS.items():
            if tactics and tactic not in tactics:
                continue
            started = time.perf_counter()
            if isinstance(store, Neo4jStore) and server.uses_server(store, registered):
                found = registered.detect(server.index_for(store, registered, False, None), None)
            else:
                if index is None:  # the whole-case read, once, as `encircle detect` does
                    index = CaseIndex.of(store)
                    seconds["whole-case index"] = time.perf_counter() - started
                    progress("whole-case index", seconds["whole-case index"], None)
                    started = time.perf_counter()
                found = registered.detect(index, None)
            seconds[tactic] = time.perf_counter() - started
            findings[tactic] = len(found)
            progress(tactic, seconds[tactic], len(found))
    return {"seconds": seconds, "findings": findings}


def progress(step: str, seconds: float, findings: int | None) -> None:
    """One line per finished tactic, so a long run shows where it is."""
    found = "" if findings is None else f", {findings:,} findings"
    print(f"    {time.strftime('%H:%M:%S')} {step}: {seconds:.1f} s{found}, peak {peak_mb():.0f} MB", file=sys.stderr)


def step_baseline(folder: Path, uri: str | None, limit: float) -> dict[str, Any]:
    """encircle's roundabout (median of 3, cold index) against the naive baseline."""
    import roundabout_baseline

    from encircle.graph.stores import open_store
    from encircle.queries.detection import roundabout
    from encircle.queries.detection.case import CaseIndex

    with open_store(str(folder / "encircle.db")) as store:
        entities, relations = list(store.entities()), list(store.relations())
    runs = []
    for _ in range(3):
        index = CaseIndex(entities, relations)
        started = time.perf_counter()
        roundabout.detect(index)
        runs.append(time.perf_counter() - started)
    result: dict[str, Any] = {"encircle": sorted(runs)[1], "limit": limit}
    done, total, paths, seconds = roundabout_baseline.naive(index, limit)
    result["networkx"] = {"givers_done": done, "givers": total, "paths": paths, "seconds": seconds}
    if uri:  # the Neo4j database the load step filled
        from encircle.queries.detection import detect

        with open_store(uri) as neo4j:
            _, result["encircle_neo4j"], _ = roundabout_baseline.median_time(lambda: detect(neo4j, ["roundabout"]))
            givers, officials = roundabout_baseline.givers_and_officials(index)
            done, paths, seconds = roundabout_baseline.naive_cypher(neo4j, givers, officials, limit)
        result["cypher"] = {"givers_done": done, "givers": len(givers), "paths": paths, "seconds": seconds}
    return result


def bundle_size(bundle: Path) -> dict[str, int]:
    """Records in an existing bundle's two CSV files (csv rows: a quoted cell may span lines)."""
    counts = {}
    for name in ("entities", "relations"):
        with open(bundle / f"{name}.csv", newline="", encoding="utf-8") as rows:
            counts[name] = sum(1 for _ in csv.reader(rows)) - 1
    return counts


STEPS = {"generate": step_generate, "load": step_load, "detect": step_detect, "baseline": step_baseline}


def run_step(name: str, *args: Any) -> dict[str, Any]:
    """Run one step in a fresh interpreter; its result plus its own peak memory."""
    command = [sys.executable, __file__, "--step", name, json.dumps(args)]
    # stderr goes through: the steps' progress lines
    output = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    print(f"  {name} done: {output.strip().splitlines()[-1][:200]}", file=sys.stderr)
    return result


def detect_runs(where: str, uri: str | None, runs: int, tactics: list[str] | None) -> dict[str, Any]:
    """A first (cold: server query plans, caches) and, with runs=2, a second detection;
    the table shows the last."""
    cold = run_step("detect", where, uri, tactics)
    return {"detect_cold": cold, "detect": run_step("detect", where, uri, tactics) if runs > 1 else cold}


def server_peak_mb(uri: str) -> float | None:
    """VmHWM of the process listening on the Bolt port, when it runs here."""
    port = uri.rsplit(":", 1)[-1]
    try:
        found = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True).stdout
        pid = found.split("pid=", 1)[1].split(",", 1)[0]
        status = Path(f"/proc/{pid}/status").read_text()
    except (OSError, IndexError):
        return None
    kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
    return round(kb / 1024, 1)


def report(results: dict[str, Any]) -> None:
    world = results["world"]
    print(f"\nmachine: {results['machine']}")
    print(f"world: {world['entities']:,} entities, {world['relations']:,} relations", end="")
    print(f", generated in {world['seconds']:.1f} s" if "seconds" in world else f" ({world['bundle']})")
    stores = [s for s in ("sqlite", "neo4j") if s in results]
    loads = [results[s].get("load") for s in stores]
    print(f"\n{'seconds (detection: warm run)':28}" + "".join(f"{s:>12}" for s in stores))
    print(f"{'load':28}" + "".join(f"{x['seconds']:12.1f}" if x else f"{'skipped':>12}" for x in loads))
    for key in results[stores[0]]["detect"]["seconds"]:
        cells = [results[s]["detect"]["seconds"].get(key) for s in stores]
        print(f"{'  ' + key:28}" + "".join(f"{c:12.2f}" if c is not None else f"{'-':>12}" for c in cells))
    for s in stores:
        detect = sum(results[s]["detect"]["seconds"].values())
        cold = sum(results[s]["detect_cold"]["seconds"].values())
        print(f"{'detect, all (' + s + ')':28}{detect:12.1f}   (cold run {cold:.1f})")
    print("\npeak memory (MB)")
    for s, x in zip(stores, loads, strict=True):
        load = f"{x['peak_mb']:8.0f}" if x else f"{'-':>8}"
        print(f"  {s:10} load {load}   detect {results[s]['detect']['peak_mb']:8.0f}")
    if results.get("neo4j", {}).get("server_peak_mb"):
        after_load = results["neo4j"].get("server_peak_mb_after_load")
        print(f"  neo4j server process (VmHWM) {results['neo4j']['server_peak_mb']:.0f}", end="")
        print(f", after the load {after_load:.0f}" if after_load else "")
    baseline = results.get("baseline")
    if baseline:
        print_baseline(baseline)


def print_baseline(baseline: dict[str, Any]) -> None:
    ours, limit = baseline["encircle"], baseline["limit"]
    print(f"\nroundabout, encircle embedded: {ours:.3f} s (median of 3, cold index)")
    print_naive("networkx all_simple_paths(cutoff=4)", baseline["networkx"], limit, ours)
    if "cypher" in baseline:
        server = baseline["encircle_neo4j"]
        print(f"\nroundabout, encircle on Neo4j (server-side): {server:.3f} s (median of 3)")
        print_naive("naive Cypher [*1..4] per giver", baseline["cypher"], limit, server)


def print_naive(name: str, run: dict[str, Any], limit: float, ours: float) -> None:
    if run["givers_done"] < run["givers"]:
        estimate = run["seconds"] / max(run["givers_done"], 1) * run["givers"]
        print(
            f"{name}: > {limit:.0f} s ({run['givers_done']:,} of {run['givers']:,} givers); "
            f"ratio > {limit / ours:,.0f}x, ~{estimate / ours:,.0f}x extrapolated"
        )
    else:
        print(f"{name}: {run['seconds']:.1f} s; ratio {run['seconds'] / ours:,.0f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--relations-per-entity", type=float, default=3.0)
    parser.add_argument("--neo4j-uri", help="an empty Neo4j database to load and detect on")
    parser.add_argument("--commit-every", type=int, default=250_000, help="rows per Neo4j transaction")
    parser.add_argument("--baseline-limit", type=float, default=600.0, help="seconds; 0 skips the baselines")
    parser.add_argument("--detect-runs", type=int, choices=(1, 2), default=2, help="1 at 1M: the cold run only")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--keep", type=Path, help="keep the world and the SQLite store in this folder")
    parser.add_argument("--bundle", type=Path, help="an existing case bundle: no world is generated")
    parser.add_argument("--stores", default="sqlite,neo4j", help="comma-separated; neo4j needs --neo4j-uri")
    parser.add_argument("--skip-load", action="store_true", help="the Neo4j database already holds the bundle")
    parser.add_argument("--tactics", help="comma-separated tactics to detect (default: all)")
    parser.add_argument("--step", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        name, raw = args.step
        step_args = json.loads(raw)
        step_args[0] = Path(step_args[0])
        result = STEPS[name](*step_args)
        print(json.dumps({**result, "peak_mb": peak_mb()}))
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="encircle-perf-"))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "encircle.db").unlink(missing_ok=True)
    where = str(folder)
    stores = args.stores.split(",")
    tactics = args.tactics.split(",") if args.tactics else None
    results: dict[str, Any] = {"machine": machine(), "date": time.strftime("%Y-%m-%d %H:%M")}
    if args.bundle:
        bundle = str(args.bundle)
        results["world"] = {**bundle_size(args.bundle), "bundle": bundle}
    else:
        bundle = str(folder / "bundle")
        results["world"] = run_step("generate", where, args.entities, args.seed, args.relations_per_entity)
    if "sqlite" in stores:
        results["sqlite"] = {"load": run_step("load", where, bundle, None, None)}
        results["sqlite"].update(detect_runs(where, None, args.detect_runs, tactics))
    if args.neo4j_uri and "neo4j" in stores:
        results["neo4j"] = {}
        if not args.skip_load:
            results["neo4j"]["load"] = run_step("load", where, bundle, args.neo4j_uri, args.commit_every)
            results["neo4j"]["server_peak_mb_after_load"] = server_peak_mb(args.neo4j_uri)
        results["neo4j"].update(detect_runs(where, args.neo4j_uri, args.detect_runs, tactics))
        results["neo4j"]["server_peak_mb"] = server_peak_mb(args.neo4j_uri)
    if args.baseline_limit and "sqlite" in stores:  # the baseline reads the SQLite store
        results["baseline"] = run_step("baseline", where, args.neo4j_uri, args.baseline_limit)
    report(results)
    if args.out:
        args.out.write_text(json.dumps(results, indent=1) + "\n")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
