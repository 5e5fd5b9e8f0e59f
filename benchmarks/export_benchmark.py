"""Speed and peak memory of `encircle export` on a generated world, every format.

    .venv/bin/python benchmarks/export_benchmark.py --entities 100000 [--seed 1]
        [--formats ftm,gexf,graphml,csv,cypher] [--bundle DIR] [--neo4j-uri bolt://...]
        [--commit-every 250000] [--out figures.json] [--keep DIR]

One `encircle synth` world (or `--bundle`), loaded into a new SQLite store (and, with
`--neo4j-uri`, into that empty Neo4j database, cleared again at the end); then each
export runs in a fresh child process, so the peak memory reported (ru_maxrss) is that
export's own. For scale, the same is measured for reading the whole case into memory
(`list(store.entities())`, `list(store.relations())`), which an export does not do, and
for opening the store and counting it. Prints a table; `--out` writes the figures as
JSON. Figures: docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

FORMATS = ("ftm", "gexf", "graphml", "csv", "cypher")
HEADER = "store   step                   seconds   peak MiB  out MiB"
SUFFIX = {"ftm": ".ftm.jsonl", "gexf": ".gexf", "graphml": ".graphml", "csv": "", "cypher": ".cypher"}


def peak_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def size_mib(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return round(sum(p.stat().st_size for p in files) / 2**20, 1)


# -- steps, each run in its own process -------------------------------------------------


def step_load(store: str, bundle: str, commit_every: int | None) -> dict[str, Any]:
    from encircle.graph.stores import open_store
    from encircle.loaders import load

    with open_store(store) as opened:
        if not opened.is_empty():
            raise SystemExit(f"{store} is not empty: give the benchmark an empty store")
        started = time.perf_counter()
        summary, _ = load([Path(bundle)], opened, commit_every=commit_every)
    return {"seconds": time.perf_counter() - started, "entities": summary.entities, "relations": summary.relations}


def step_export(store: str, fmt: str, out: str) -> dict[str, Any]:
    from encircle.graph.exports import export
    from encircle.graph.stores import open_store

    with open_store(store) as opened:
        started = time.perf_counter()
        summary = export(opened, fmt, out)
        seconds = time.perf_counter() - started
    written = size_mib(Path(out))
    return {"seconds": seconds, "entities": summary.entities, "relations": summary.relations, "mib": written}


def step_hold(store: str) -> dict[str, Any]:
    """The reference: the whole case read into memory."""
    from encircle.graph.stores import open_store

    with open_store(store) as opened:
        started = time.perf_counter()
        entities, relations = list(opened.entities()), list(opened.relations())
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "entities": len(entities), "relations": len(relations)}


def step_open(store: str) -> dict[str, Any]:
    """The floor: Python, encircle and an open store, counted."""
    from encircle.graph.stores import open_store

    with open_store(store) as opened:
        started = time.perf_counter()
        stats = opened.stats()
    return {"seconds": time.perf_counter() - started, "entities": stats.entities, "relations": stats.relations}


def child(args: list[str]) -> dict[str, Any]:
    """Run one step in a fresh interpreter and return its figures (with its peak memory)."""
    done = subprocess.run([sys.executable, __file__, "--step", *args], check=True, capture_output=True, text=True)
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def run_step(step: str, args: list[str]) -> None:
    if step == "load":
        figures = step_load(args[0], args[1], None if args[2] == "none" else int(args[2]))
    else:
        figures = {"export": step_export, "hold": step_hold, "open": step_open}[step](*args)
    print(json.dumps({**figures, "peak_mib": peak_mib()}))


# -- the benchmark ----------------------------------------------------------------------


def measure(store: str, label: str, formats: list[str], folder: Path) -> list[dict[str, Any]]:
    rows = [{"store": label, "step": "open and count", **child(["open", store])}]
    print(_line(rows[-1]), file=sys.stderr)
    rows.append({"store": label, "step": "hold the whole case", **child(["hold", store])})
    print(_line(rows[-1]), file=sys.stderr)
    for fmt in formats:
        out = folder / f"export-{label}{SUFFIX[fmt]}"
        rows.append({"store": label, "step": f"export {fmt}", **child(["export", store, fmt, str(out)])})
        shutil.rmtree(out) if out.is_dir() else out.unlink()
        print(_line(rows[-1]), file=sys.stderr)
    return rows


def _machine() -> str:
    import os
    import platform

    return f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}"


def _line(row: dict[str, Any]) -> str:
    size = f"{row['mib']:>8.1f}" if "mib" in row else " " * 8
    return f"{row['store']:<7} {row['step']:<20} {row['seconds']:>9.1f} {row['peak_mib']:>10.1f} {size}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--bundle", help="an existing case bundle instead of a generated world")
    parser.add_argument("--neo4j-uri", help="also load into this empty Neo4j database and export from it")
    parser.add_argument("--commit-every", type=int, default=250_000, help="Neo4j load transaction size")
    parser.add_argument("--out", help="write the figures as JSON")
    parser.add_argument("--keep", help="work in this folder and keep it")
    args = parser.parse_args()
    formats = args.formats.split(",")
    folder = Path(args.keep or tempfile.mkdtemp(prefix="encircle-export-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        bundle = args.bundle or str(folder / "world")
        if not args.bundle:
            from encircle.queries.synth.generate import generate

            generate(bundle, args.entities, args.seed)
        db = str(folder / "encircle.db")
        loads = [{"store": "sqlite", "step": "load", **child(["load", db, bundle, "none"])}]
        print(HEADER, file=sys.stderr)
        print(_line(loads[0]), file=sys.stderr)
        rows = loads + measure(db, "sqlite", formats, folder)
        if args.neo4j_uri:
            rows += _neo4j(args.neo4j_uri, bundle, args.commit_every, formats, folder)
        figures = {"entities": rows[0]["entities"], "relations": rows[0]["relations"], "rows": rows}
        print(f"{figures['entities']:,} entities, {figures['relations']:,} relations ({_machine()})")
        print(HEADER)
        print("\n".join(map(_line, rows)))
        if args.out:
            Path(args.out).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def _neo4j(uri: str, bundle: str, commit_every: int, formats: list[str], folder: Path) -> list[dict[str, Any]]:
    from encircle.graph.stores import open_store

    rows = [{"store": "neo4j", "step": "load", **child(["load", uri, bundle, str(commit_every)])}]
    print(_line(rows[0]), file=sys.stderr)
    try:
        return rows + measure(uri, "neo4j", formats, folder)
    finally:
        with open_store(uri) as store:
            store.clear()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--step":
        run_step(sys.argv[2], sys.argv[3:])
    else:
        main()
