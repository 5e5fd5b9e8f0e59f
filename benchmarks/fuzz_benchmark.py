"""The long run of the loader fuzz tests: thousands of mutated inputs per format.

    .venv/bin/python benchmarks/fuzz_benchmark.py [--examples 5000] [--formats csv,yaml,json,ftm,xlsx]
        [--seed 1] [--out results.json]

Uses the mutations and the property of tests/fuzz/fuzzing.py (see there), without
stopping at the first violation: every input is loaded into a fresh store holding a
base case, and counted as loaded (only valid values stored), refused (one error line,
store unchanged) or a violation (a traceback, an invalid value stored, a message of
several lines, a store changed by a failed load). Prints, per format, the inputs tried,
each outcome, the slowest input, and the first violations found; docs/reliability.md
records a run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("encircle_fuzzing", ROOT / "tests" / "fuzz" / "fuzzing.py")
assert _spec is not None and _spec.loader is not None
fuzzing = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = fuzzing
_spec.loader.exec_module(fuzzing)


def run(kind: str, examples: int, seed_value: int, keep: Path | None = None) -> dict[str, Any]:
    outcomes: Counter[str] = Counter()
    violations: list[str] = []
    slowest = (0.0, "")

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],  # keep going: count violations instead of shrinking the first
        suppress_health_check=list(HealthCheck),
    )
    @seed(seed_value)
    @given(fuzzing.INPUTS[kind]())
    def one(item: Any) -> None:
        nonlocal slowest
        start = time.perf_counter()
        with tempfile.TemporaryDirectory() as folder:
            try:
                outcomes[fuzzing.check(item, Path(folder))] += 1
            except AssertionError as error:
                outcomes["invalid"] += 1
                violations.append(f"{error}"[:500])
            except Exception as error:  # a traceback: what this run counts
                outcomes["traceback"] += 1
                violations.append("".join(traceback.format_exception(error))[-1500:])
        took = time.perf_counter() - start
        if took > slowest[0]:
            slowest = (took, ", ".join(f"{name} ({len(data):,} bytes)" for name, data in item.files.items()))
            if keep is not None:  # the slowest input, to look at
                item.write(keep / kind)

    start = time.perf_counter()
    one()
    return {
        "format": kind,
        "inputs": sum(outcomes.values()),
        "loaded": outcomes["loaded"],
        "refused": outcomes["refused"],
        "tracebacks": outcomes["traceback"],
        "invalid": outcomes["invalid"],
        "seconds": round(time.perf_counter() - start, 1),
        "slowest_seconds": round(slowest[0], 3),
        "slowest_input": slowest[1],
        "violations": violations[:5],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=5000, help="inputs per format")
    parser.add_argument("--formats", default=",".join(fuzzing.FORMATS))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--keep", type=Path, help="folder to keep the slowest input of each format in")
    args = parser.parse_args()
    results = []
    print(f"{'format':<6} {'inputs':>7} {'loaded':>7} {'refused':>8} {'tracebacks':>10} {'invalid':>8} {'seconds':>8}")
    for kind in args.formats.split(","):
        result = run(kind, args.examples, args.seed, args.keep)
        results.append(result)
        print(
            f"{kind:<6} {result['inputs']:>7} {result['loaded']:>7} {result['refused']:>8} "
            f"{result['tracebacks']:>10} {result['invalid']:>8} {result['seconds']:>8}"
            f"   slowest {result['slowest_seconds']} s: {result['slowest_input']}",
            flush=True,
        )
        for violation in result["violations"]:
            print("  violation:", violation.replace("\n", "\n    "))
    meta = {
        "date": dt.date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "examples_per_format": args.examples,
        "seed": args.seed,
    }
    if args.out:
        args.out.write_text(json.dumps({**meta, "results": results}, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
