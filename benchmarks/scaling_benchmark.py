"""How each step's cost grows with the size of a case, on ordinary and stress worlds.

    .venv/bin/python benchmarks/scaling_benchmark.py [--sizes 25000,50000,100000]
        [--worlds ordinary,stress] [--seed 1] [--pairs 7] [--timeout 900]
        [--steps load,plain,tactics,detect,report,view,paths,neighbors] [--out scaling.json] [--keep DIR]
        [--reuse DIR] [--repeat 1]

For each world (`encircle synth --shape ...`; "ordinary" is the default world, "stress"
all shapes, or any one shape) and each size N, 2N, 4N, every step runs as its own
command from the shell, as a user would run it, so start-up and reading the store are
included; peak memory is that command's own (os.wait4):

- load: `encircle load` into a new SQLite store;
- plain: benchmarks/plain_reading.py on the same bundle (the yardstick);
- tactics: each detector alone on one whole-case index (in one child process; the index
  build is its own row), run after every size's other steps, the sizes taking turns;
- detect: `encircle detect` (the whole command: store read, eight tactics, flagged
  findings printed); and `encircle detect --all --json` (every finding as JSON);
- report: `encircle report` (findings.json, report.md, report.html, views);
- view: `encircle view --finding ID` for one flagged finding of each tactic (median);
- paths: `encircle paths A B --json` over `--pairs` random pairs, hub-adjacent pairs and
  pairs in different components included (median);
- neighbors: `encircle neighbors X --hops 2 --json` over the same entities (median);
- start-up: `encircle --help` (median of 5) and `python -X importtime` of the CLI.

With `--repeat K`, plain, detect, detect --all --json and report run K times each, in
turn, and the tactics child K times per size, the sizes alternating; the median is shown:
on a shared machine one run moves by a tenth, which is the whole margin an exponent of
1.2 leaves.

Then, per step, the growth exponent between consecutive sizes: log(t2 / t1) / log(s2 / s1)
with s the number of records (entities + relations): 1 is linear, 2 quadratic. A step
that reached `--timeout` is shown as "> timeout". Figures: docs/performance.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
ENCIRCLE = str(BIN / "encircle")
HERE = Path(__file__).parent
STEPS = ("load", "plain", "tactics", "detect", "report", "view", "paths", "neighbors")
TACTICS = (
    "direct_transaction",
    "friendship_investment",
    "private_customization",
    "roundabout",
    "bid_rigging",
    "collective_capture",
    "blacklist_evasion",
    "interest_group",
)
TACTICS_CHILD = """
import json, sys, time
from encircle.graph.stores import open_store
from encircle.queries.detection import TACTICS, gc_paused
from encircle.queries.detection.case import CaseIndex
out = {}
with open_store(sys.argv[1]) as store, gc_paused():
    start, cpu = time.perf_counter(), time.process_time()
    index = CaseIndex.of(store)
    out["index"] = (time.perf_counter() - start, time.process_time() - cpu)
    for name, tactic in TACTICS.items():
        start, cpu = time.perf_counter(), time.process_time()
        tactic.detect(index, None)
        out[name] = (time.perf_counter() - start, time.process_time() - cpu)
print(json.dumps(out))
"""


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    now = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return f"{now}; {os.cpu_count()} CPUs ({cpu}); {ram:.1f} GiB RAM; Python {platform.python_version()}"


def run(command: list[str], timeout: float, stdout: Any = subprocess.DEVNULL) -> dict[str, Any]:
    """Wall seconds and peak RSS (MB) of one command; `timed_out` if it was stopped."""
    with tempfile.TemporaryFile() as errors:  # a pipe would block a command that writes much
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=errors)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > start + timeout:
                process.kill()
                _, status, usage = os.wait4(process.pid, 0)
                cpu = usage.ru_utime + usage.ru_stime
                return {"seconds": timeout, "cpu": cpu, "timed_out": True, "peak_mb": usage.ru_maxrss / 1024}
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace").strip()[-500:]
            raise RuntimeError(f"{' '.join(command)} failed: {message}")
    cpu = usage.ru_utime + usage.ru_stime
    return {"seconds": seconds, "cpu": cpu, "peak_mb": round(usage.ru_maxrss / 1024, 1)}


def median_of(results: list[dict[str, Any]]) -> dict[str, Any]:
    if not results:
        return {"seconds": float("nan"), "cpu": float("nan"), "runs": 0}
    seconds = [r["seconds"] for r in results]
    return {
        "seconds": statistics.median(seconds),
        "cpu": statistics.median(r["cpu"] for r in results),
        "max": max(seconds),
        "runs": len(results),
        "peak_mb": max(r["peak_mb"] for r in results),
        "timed_out": any(r.get("timed_out") for r in results),
    }


def shape_args(world: str) -> list[str]:
    return [] if world == "ordinary" else ["--shape", world]


def pick_entities(db: Path, count: int, seed: int) -> tuple[list[tuple[str, str]], list[str]]:
    """Pairs for `paths` (random, a hub's neighbour with a random entity, an isolated
    entity with a random one) and the first entity of each for `neighbors`."""
    conn = sqlite3.connect(db)
    ids = [row[0] for row in conn.execute("SELECT id FROM entity ORDER BY id")]
    hubs = conn.execute(
        "SELECT e, count(*) AS d FROM (SELECT source_id AS e FROM relation UNION ALL "
        "SELECT target_id FROM relation) GROUP BY e ORDER BY d DESC, e LIMIT 3"
    ).fetchall()
    hub_neighbours = [
        row[0]
        for hub, _ in hubs
        for row in conn.execute("SELECT source_id FROM relation WHERE target_id = ? ORDER BY id LIMIT 1", (hub,))
    ]
    isolated = [
        row[0]
        for row in conn.execute(
            "SELECT id FROM entity WHERE id NOT IN (SELECT source_id FROM relation) "
            "AND id NOT IN (SELECT target_id FROM relation) ORDER BY id LIMIT 1"
        )
    ]
    conn.close()
    rng = random.Random(seed)
    pairs = [(rng.choice(ids), rng.choice(ids)) for _ in range(count)]
    pairs += [(n, rng.choice(ids)) for n in hub_neighbours[:2]] + [(i, rng.choice(ids)) for i in isolated]
    return [(a, b) for a, b in pairs if a != b], [a for a, _ in pairs]


def one_world(world: str, size: int, args: argparse.Namespace, root: Path) -> dict[str, Any]:
    folder = root / f"{world}-{size}"
    bundle, db, out = folder / "bundle", folder / "encircle.db", folder / "out"
    shutil.rmtree(folder, ignore_errors=True)
    out.mkdir(parents=True)
    steps: dict[str, Any] = {}
    say = lambda text: print(f"[{world} {size}] {text}", file=sys.stderr, flush=True)  # noqa: E731
    reused = args.reuse / f"{world}-{size}" / "bundle" if args.reuse else None
    if reused and (reused / "truth.json").exists():  # the same world, without generating it again
        bundle = reused
    else:
        steps["generate"] = run(
            [ENCIRCLE, "synth", "-n", str(size), "-s", str(args.seed), *shape_args(world), "-o", str(bundle)],
            args.timeout,
        )
    truth = json.loads((bundle / "truth.json").read_text(encoding="utf-8"))
    result: dict[str, Any] = {
        "world": world,
        "size": size,
        "entities": truth["entities"],
        "relations": truth["relations"],
    }
    result["records"] = truth["entities"] + truth["relations"]
    say(f"generated {truth['entities']} entities, {truth['relations']} relations")
    steps["load"] = run([ENCIRCLE, "load", str(bundle), "--store", str(db)], args.timeout)
    say(f"load {steps['load']['seconds']:.1f} s")

    def repeated(command: list[str], output: Path | None = None) -> dict[str, Any]:
        results = []
        for _ in range(args.repeat):
            with open(output or os.devnull, "w") as file:
                results.append(run(command, args.timeout, file))
        return results[0] if args.repeat == 1 else median_of(results)

    if "plain" in args.steps:
        steps["plain"] = repeated(
            [sys.executable, str(HERE / "plain_reading.py"), str(bundle), "--json"], out / "plain.json"
        )
        if not steps["plain"].get("timed_out"):
            result["plain"] = json.loads((out / "plain.json").read_text())
        say(f"plain {steps['plain']['seconds']:.1f} s")
    steps["detect"] = repeated([ENCIRCLE, "detect", "--store", str(db)])
    say(f"detect {steps['detect']['seconds']:.1f} s")
    # every finding, as JSON: the ids `view` needs
    steps["detect --all --json"] = repeated(
        [ENCIRCLE, "detect", "--all", "--json", "--store", str(db)], out / "findings.json"
    )
    findings = [] if steps["detect --all --json"].get("timed_out") else json.loads((out / "findings.json").read_text())
    result["findings"] = len(findings)
    result["flagged"] = sum(f["verdict"] == "flagged" for f in findings)
    if "report" in args.steps:
        steps["report"] = repeated([ENCIRCLE, "report", "--store", str(db), "-o", str(out / "report")])
        result["report_bytes"] = {p.name: p.stat().st_size for p in (out / "report").glob("*.*")}
        say(f"report {steps['report']['seconds']:.1f} s")
    if "view" in args.steps:
        chosen = [
            next((f["id"] for f in findings if f["tactic"] == t and f["verdict"] == "flagged"), None) for t in TACTICS
        ]
        views = [
            run([ENCIRCLE, "view", "--finding", fid, "--store", str(db), "-o", str(out / "view.html")], args.timeout)
            for fid in chosen
            if fid
        ]
        steps["view"] = median_of(views)
        say(f"view {steps['view']['seconds']:.1f} s")
    pairs, centres = pick_entities(db, args.pairs, args.seed)
    if "paths" in args.steps:
        steps["paths"] = median_of(
            [run([ENCIRCLE, "paths", a, b, "--json", "--store", str(db)], args.timeout) for a, b in pairs]
        )
        say(f"paths {steps['paths']['seconds']:.2f} s")
    if "neighbors" in args.steps:
        steps["neighbors"] = median_of(
            [
                run([ENCIRCLE, "neighbors", c, "--hops", "2", "--json", "--store", str(db)], args.timeout)
                for c in centres
            ]
        )
        say(f"neighbors {steps['neighbors']['seconds']:.2f} s")
    result["steps"] = steps
    result["store"] = str(db)  # for the tactics' rounds (tactic_rounds), then removed
    return result


def tactic_rounds(runs: list[dict[str, Any]], args: argparse.Namespace) -> None:
    """The tactics child `--repeat` times on each size's store, the sizes taking turns:
    a drift of the machine's speed over minutes then falls on every size alike instead of
    on one size's exponent. Medians per tactic go into each run's steps."""
    samples: list[list[tuple[dict[str, Any], dict[str, Any]]]] = [[] for _ in runs]
    for _ in range(args.repeat):
        for result, taken in zip(runs, samples, strict=True):
            with tempfile.TemporaryFile("w+") as file:
                whole = run([sys.executable, "-c", TACTICS_CHILD, result["store"]], args.timeout, file)
                file.seek(0)
                taken.append((whole, {} if whole.get("timed_out") else json.loads(file.read())))
            print(f"[{result['world']} {result['size']}] tactics {whole['seconds']:.1f} s", file=sys.stderr, flush=True)
    for result, taken in zip(runs, samples, strict=True):
        wholes = [whole for whole, _ in taken]
        result["steps"]["tactics"] = wholes[0] if args.repeat == 1 else median_of(wholes)
        for name in dict.fromkeys(name for _, parts in taken for name in parts):
            times = [parts[name] for _, parts in taken if name in parts]
            result["steps"][f"tactic:{name}"] = {
                "seconds": statistics.median(t[0] for t in times),
                "cpu": statistics.median(t[1] for t in times),
            }


def startup() -> dict[str, Any]:
    helps = [run([ENCIRCLE, "--help"], 60)["seconds"] for _ in range(5)]
    trace = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import encircle.cli.main"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    rows = [re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line) for line in trace.splitlines()]
    cumulative = {m[4]: int(m[2]) / 1e6 for m in rows if m}
    heavy = ("neo4j", "pyvis", "pandas", "igraph", "numpy", "networkx", "openpyxl", "jinja2", "yaml")
    return {
        "help_seconds": statistics.median(helps),
        "import_cli_seconds": cumulative.get("encircle.cli.main"),
        "loaded": sorted(name for name in heavy if name in cumulative),
    }


def exponent(t1: float, t2: float, s1: int, s2: int) -> float | None:
    if t1 <= 0 or t2 <= 0 or math.isnan(t1) or math.isnan(t2):
        return None
    return math.log(t2 / t1) / math.log(s2 / s1)


def _cell(step: dict[str, Any] | None) -> str:
    if step is None:
        return ""
    cpu = f" ({step['cpu']:.2f})" if "cpu" in step else ""
    return (">" if step.get("timed_out") else "") + f"{step['seconds']:.2f}{cpu}"


def table(results: list[dict[str, Any]]) -> list[str]:
    """Per world, a row per step: wall seconds (CPU seconds) at each size, then the growth
    exponent of the CPU time between sizes (on a shared machine CPU time is the steadier
    measure: wall time also counts the waits for a CPU)."""
    lines = []
    for world in dict.fromkeys(r["world"] for r in results):
        runs = sorted((r for r in results if r["world"] == world), key=lambda r: r["size"])
        names = list(dict.fromkeys(step for r in runs for step in r["steps"]))
        sizes = " | ".join(f"{r['size']:,} ({r['entities']:,} e, {r['relations']:,} r)" for r in runs)
        growth = " | ".join(f"exp {a['size'] // 1000}k-{b['size'] // 1000}k" for a, b in itertools.pairwise(runs))
        lines += ["", f"### {world}", "", f"| step | {sizes} | {growth} |", "|---" * (2 * len(runs)) + "|"]
        for name in names:
            cells = [_cell(r["steps"].get(name)) for r in runs]
            exps = []
            for a, b in itertools.pairwise(runs):
                sa, sb = a["steps"].get(name), b["steps"].get(name)
                e = exponent(sa["cpu"], sb["cpu"], a["records"], b["records"]) if sa and sb and "cpu" in sa else None
                exps.append("" if e is None else f"{e:.2f}" + (" (timeout)" if sb.get("timed_out") else ""))
            lines.append(f"| {name} | " + " | ".join(cells + exps) + " |")
        ratios = [
            f"{r['size'] // 1000}k: {r['steps']['detect']['cpu'] / r['steps']['plain']['cpu']:.2f}x CPU, "
            f"{r['steps']['detect']['seconds'] / r['steps']['plain']['seconds']:.2f}x wall"
            for r in runs
            if "plain" in r["steps"] and not r["steps"]["detect"].get("timed_out")
        ]
        reports = [
            f"{r['size'] // 1000}k: {r['steps']['report']['cpu'] / r['steps']['detect']['cpu']:.2f}x CPU"
            for r in runs
            if "report" in r["steps"] and not r["steps"]["report"].get("timed_out")
        ]
        lines.append("")
        lines.append("`encircle detect` (whole command) / plain reading (whole process): " + "; ".join(ratios))
        lines.append("")
        lines.append("`encircle report` / `encircle detect`: " + "; ".join(reports))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="25000,50000,100000")
    parser.add_argument("--worlds", default="ordinary,stress")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--steps", default=",".join(STEPS))
    parser.add_argument("--out", type=Path)
    parser.add_argument("--keep", type=Path, help="keep worlds, stores and outputs under this folder")
    parser.add_argument("--reuse", type=Path, help="take the bundles from a folder an earlier --keep run wrote")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size of each step (median)")
    args = parser.parse_args()
    args.steps = set(args.steps.split(","))
    root = args.keep or Path(tempfile.mkdtemp(prefix="encircle-scaling-"))
    header = {"machine": machine(), "load_average": os.getloadavg(), "startup": startup()}
    print(json.dumps(header, indent=1), file=sys.stderr)
    results = []
    for world in args.worlds.split(","):
        runs = []
        for size in (int(s) for s in args.sizes.split(",")):
            runs.append(one_world(world, size, args, root))
        if "tactics" in args.steps:
            tactic_rounds(runs, args)
        for result in runs:
            store = Path(result.pop("store"))
            if not args.keep:
                shutil.rmtree(store.parent, ignore_errors=True)
        results += runs
        if args.out:
            args.out.write_text(json.dumps({**header, "results": results}, indent=1))
    header["load_average_after"] = os.getloadavg()
    print(f"{header['machine']}; load average {header['load_average']} -> {header['load_average_after']}")
    s = header["startup"]
    print(
        f"start-up: `encircle --help` {s['help_seconds']:.2f} s (median of 5); import encircle.cli.main "
        f"{s['import_cli_seconds']:.2f} s; heavy modules imported: {', '.join(s['loaded']) or 'none'}"
    )
    print("\n".join(table(results)))
    if args.out:
        args.out.write_text(json.dumps({**header, "results": results}, indent=1))
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
