"""Quality and speed of the detectors on synthetic worlds with planted cases.

    .venv/bin/python benchmarks/quality_benchmark.py [--seeds 1,2,3] [--sizes 1000,10000,100000]
        [--relations-per-entity 3.0] [--out results.json] [--keep DIR]

For each size and seed: `encircle synth` writes a world (CSV bundle + truth.json), it is
loaded into a fresh embedded store, every detector runs on one CaseIndex (timed one by
one), and flagged findings are matched to the planted truth with the per-tactic rules of
encircle.queries.synth.truth. Each run is a child process, so the peak RSS reported is
that run's own. Prints one table per tactic (precision, recall, F1, TP/FP/FN) summed over
seeds, the timings, and writes everything as JSON with --out. Figures: docs/quality.md,
docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TACTIC_ORDER = (
    "direct_transaction",
    "friendship_investment",
    "private_customization",
    "roundabout",
    "bid_rigging",
    "collective_capture",
    "blacklist_evasion",
    "interest_group",
)


def one_run(size: int, seed: int, relations_per_entity: float, keep: Path | None) -> dict[str, Any]:
    """Generate, load, detect and score one world (runs in a child process)."""
    from encircle.graph.stores import open_store
    from encircle.loaders import load
    from encircle.queries.detection import TACTICS
    from encircle.queries.detection.case import CaseIndex
    from encircle.queries.detection.findings import ordered
    from encircle.queries.synth.generate import generate
    from encircle.queries.synth.truth import score_findings

    folder = keep / f"n{size}-s{seed}" if keep else Path(tempfile.mkdtemp(prefix="encircle-synth-"))
    timings: dict[str, float] = {}
    start = time.perf_counter()
    truth = generate(folder / "bundle", size, seed, relations_per_entity)
    timings["generate"] = time.perf_counter() - start
    store_path = folder / "encircle.db"
    store_path.unlink(missing_ok=True)
    with open_store(str(store_path)) as store:
        start = time.perf_counter()
        load([folder / "bundle"], store)
        timings["parse_and_load"] = time.perf_counter() - start
        start = time.perf_counter()
        index = CaseIndex.of(store)
        timings["index"] = time.perf_counter() - start
        findings = []
        for tactic, module in TACTICS.items():
            start = time.perf_counter()
            findings += module.detect(index, None)
            timings[f"detect:{tactic}"] = time.perf_counter() - start
    findings = ordered(findings)
    scores = score_findings(findings, truth)
    if keep is None:  # a 1M world and its store take 1.5 GB
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "size": size,
        "seed": seed,
        "entities": truth["entities"],
        "relations": truth["relations"],
        "findings": len(findings),
        "flagged": sum(f.verdict == "flagged" for f in findings),
        "scores": {t: s.to_dict() for t, s in scores.items()},
        "timings": {k: round(v, 3) for k, v in timings.items()},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def summed(runs: list[dict[str, Any]], tactic: str) -> dict[str, float]:
    keys = ("planted", "tp", "fp", "fn", "related", "fp_decoy", "fp_background")
    total = {k: sum(r["scores"][tactic][k] for r in runs) for k in keys}
    tp, fp, fn, planted = total["tp"], total["fp"], total["fn"], total["planted"]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = (planted - fn) / planted if planted else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {**total, "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def report(runs: list[dict[str, Any]]) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    for size in sorted({r["size"] for r in runs}):
        mine = [r for r in runs if r["size"] == size]
        seeds = ",".join(str(r["seed"]) for r in mine)
        print(f"\n{size:,} entities (seeds {seeds}; {mine[0]['relations']:,} relations per world)")
        print(
            f"  {'tactic':24} {'prec':>6} {'recall':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>4} {'rel':>5}  FP decoy/bg"
        )
        summary[str(size)] = {}
        for tactic in TACTIC_ORDER:
            s = summed(mine, tactic)
            summary[str(size)][tactic] = s
            print(
                f"  {tactic:24} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {s['tp']:5} "
                f"{s['fp']:5} {s['fn']:4} {s['related']:5}  {s['fp_decoy']}/{s['fp_background']}"
            )
        print("  seconds (mean over seeds):")
        for key in mine[0]["timings"]:
            print(f"    {key:32} {sum(r['timings'][key] for r in mine) / len(mine):8.2f}")
        detect = sum(v for r in mine for k, v in r["timings"].items() if k.startswith("detect:")) / len(mine)
        print(f"    {'detect (all tactics)':32} {detect:8.2f}")
        print(f"  peak RSS {max(r['peak_rss_mb'] for r in mine):.0f} MB")
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--relations-per-entity", type=float, default=3.0)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--keep", type=Path, help="keep each world and store under this folder")
    parser.add_argument("--one", nargs=2, type=int, metavar=("SIZE", "SEED"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_run(args.one[0], args.one[1], args.relations_per_entity, args.keep)))
        return
    runs = []
    for size in (int(s) for s in args.sizes.split(",")):
        for seed in (int(s) for s in args.seeds.split(",")):
            command = [sys.executable, __file__, "--one", str(size), str(seed)]
            command += ["--relations-per-entity", str(args.relations_per_entity)]
            command += ["--keep", str(args.keep)] if args.keep else []
            output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            runs.append(json.loads(output.strip().splitlines()[-1]))
            print(f"size {size} seed {seed}: {runs[-1]['timings']}", file=sys.stderr)
    summary = report(runs)
    if args.out:
        machine = {"python": platform.python_version(), "machine": platform.machine(), "system": platform.system()}
        document = {"date": time.strftime("%Y-%m-%d"), "machine": machine, "summary": summary, "runs": runs}
        args.out.write_text(json.dumps(document, indent=1) + "\n")


if __name__ == "__main__":
    main()
