"""Reading OCDS: time and peak memory of read_ocds on a generated release package and the
same releases as JSON Lines, against the file size (the documents are streamed: memory
goes with the processes, not with the file).

    .venv/bin/python benchmarks/ocds_benchmark.py --releases 100000 --processes 20000

Each process has a planning, a tender and an award release (a body, two tenderers, a
supplier); the releases of a process are spread over the file, as in real packages.
Prints one line per format: releases, file MB, seconds, peak MB of the process, and the
records mapped.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def release(n: int, processes: int) -> dict[str, object]:
    process, stage = n % processes, n // processes % 3
    body = {"id": f"body-{process % 500}", "name": f"Bureau {process % 500}", "roles": ["buyer", "procuringEntity"]}
    body["identifier"] = {"scheme": "XX-GOV", "id": str(process % 500)}
    firms = [
        {
            "id": f"f{process}-{k}",
            "name": f"Firm {process}-{k}",
            "identifier": {"scheme": "XX-REG", "id": f"{process}-{k}"},
        }
        for k in range(2)
    ]
    doc: dict[str, object] = {
        "ocid": f"ocds-bench-{process}",
        "id": f"r{n}",
        "date": f"2020-0{stage + 1}-01T00:00:00Z",
        "tag": [("planning", "tender", "award")[stage]],
        "parties": [body, *[{**f, "roles": ["tenderer"]} for f in firms]],
        "buyer": {"id": body["id"]},
        "tender": {"id": "t", "procurementMethod": ("open", "open", "limited")[stage], "numberOfTenderers": 2},
    }
    if stage == 2:
        award = {"id": "a", "date": "2020-03-01", "value": {"amount": 1000 + process, "currency": "EUR"}}
        doc["awards"] = [{**award, "suppliers": [{"id": firms[0]["id"]}]}]
    return doc


def write(folder: Path, releases: int, processes: int) -> tuple[Path, Path]:
    package, lines = folder / "package.json", folder / "releases.jsonl"
    with package.open("w") as p, lines.open("w") as jl:
        p.write('{"publisher": {"name": "benchmark"}, "releases": [\n')
        for n in range(releases):
            text = json.dumps(release(n, processes))
            p.write(("," if n else "") + text + "\n")
            jl.write(text + "\n")
        p.write("]}\n")
    return package, lines


def measure(path: Path) -> str:
    """read_ocds in a fresh process, so each figure is that read's own peak."""
    code = (
        "import resource, sys, time; from pathlib import Path; from encircle.loaders.ocds import read_ocds; "
        "t = time.perf_counter(); b = read_ocds(Path(sys.argv[1])); s = time.perf_counter() - t; "
        "print(f'{s:.1f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} "
        "{len(b.entities)} {len(b.relations)}')"
    )
    return subprocess.run([sys.executable, "-c", code, str(path)], check=True, capture_output=True, text=True).stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--releases", type=int, default=30_000)
    parser.add_argument("--processes", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        files = write(Path(tmp), args.releases, args.processes)
        print(
            f"wrote {args.releases:,} releases of {args.processes:,} processes in {time.perf_counter() - started:.1f} s"
        )
        print(f"{'format':<14} {'file MB':>8} {'seconds':>8} {'peak MB':>8} {'entities':>9} {'relations':>10}")
        for path in files:
            seconds, peak, entities, relations = measure(path).split()
            size = path.stat().st_size / 2**20
            print(f"{path.name:<14} {size:>8.0f} {seconds:>8} {peak:>8} {entities:>9} {relations:>10}")
        started = time.perf_counter()
        with files[1].open() as lines:
            for line in lines:
                json.loads(line)
        print(f"(json.loads of every line alone: {time.perf_counter() - started:.1f} s, the floor of any reader)")
    print(f"(this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
