"""The Neo4j bulk import (`encircle load --bulk`) beside the transactional UNWIND loader
(`encircle load --commit-every N`) and Neo4j's LOAD CSV, on one case bundle.

    .venv/bin/encircle synth --entities 100000 --seed 1 --relations-per-entity 5 -o /tmp/w100k
    NEO4J_BOLT_PORT=7704 bash services/neo4j/run.sh start
    .venv/bin/python benchmarks/bulk_import_benchmark.py /tmp/w100k --neo4j-uri bolt://127.0.0.1:7704 \\
        --modes bulk,unwind,loadcsv --commit-every 100000

The database must be empty; it is cleared after each run but the last (`--keep`). The
home (default services/neo4j, the test server's) must run the server behind the URI:
the bulk import stops and starts it. Each run prints its wall time and the CPU time of
this process, of its children (neo4j-admin runs as one) and of the server (read from
/proc when the home is the test server's, which says its pid), and, for the bulk import,
the time of each step. LOAD CSV is benchmarks/load_benchmark.py's query (the loader
itself has none): it stores fewer properties and no name keys, a lower bound for the
server's own transactional import. Prints the machine, the date and one JSON line per run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from load_benchmark import run_load_csv
from roundabout_baseline import machine

from encircle.graph.stores.chunked import write_in_chunks
from encircle.graph.stores.neo4j import Neo4jStore
from encircle.graph.stores.neo4j_bulk import Neo4jHome, bulk_import
from encircle.loaders import read_all, stream

REPO = Path(__file__).resolve().parents[1]
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class TimedHome(Neo4jHome):
    """Notes how long each bin/neo4j and bin/neo4j-admin call took."""

    steps: list[tuple[str, float]] = field(default_factory=list, compare=False)

    def run(self, log: Path, tool: str, *args: str) -> None:
        started = time.perf_counter()
        try:
            super().run(log, tool, *args)
        finally:
            name = "import" if tool == "neo4j-admin" else args[0]
            self.steps.append((name, round(time.perf_counter() - started, 1)))


def server_cpu(home: Path) -> float | None:
    """CPU seconds the test server's process has used, if the home says its pid."""
    status = subprocess.run(["bash", str(home / "run.sh"), "status"], capture_output=True, text=True).stdout
    if "pid " not in status:
        return None
    pid = status.split("pid ")[1].split(",")[0].split()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS


def cpu() -> tuple[float, float]:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def measured(name: str, home: Path, work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run `work`, with wall and CPU times; the server's CPU counts from the start of the
    run, or from its restart (a bulk import starts a new process)."""
    before_server, (before_own, before_children) = server_cpu(home), cpu()
    started = time.perf_counter()
    figures = work()
    wall = time.perf_counter() - started
    own, children = cpu()
    after_server = server_cpu(home)
    restarted = name == "bulk"
    server = None if after_server is None else after_server - (0 if restarted else before_server or 0)
    return {
        "run": name,
        "wall_s": round(wall, 1),
        "client_cpu_s": round(own - before_own, 1),
        "children_cpu_s": round(children - before_children, 1),
        "server_cpu_s": None if server is None else round(server, 1),
        **figures,
    }


def run_bulk(folder: Path, uri: str, home: TimedHome) -> dict[str, Any]:
    started = time.perf_counter()
    bundle = read_all([folder])
    read_s = time.perf_counter() - started
    written: list[float] = []  # when each 10,000 records were written to the import files

    def progress(_: int) -> None:
        written.append(time.perf_counter())

    summary = bulk_import(uri, bundle.entities, bundle.relations, home, progress=progress)
    total = time.perf_counter() - started
    tools = dict(home.steps)
    files_s = (written[-1] - started - read_s) if written else None
    return {
        "entities": summary.entities,
        "relations": summary.relations,
        "read_validate_s": round(read_s, 1),
        "check_write_files_s": None if files_s is None else round(files_s, 1),
        "stop_s": tools.get("stop"),
        "neo4j_admin_import_s": tools.get("import"),
        "start_s": tools.get("start"),
        # What is left: constraints, indexes and the count check after the start.
        "constraints_indexes_check_s": round(total - read_s - (files_s or 0) - sum(tools.values()), 1),
    }


def run_unwind(folder: Path, uri: str, commit_every: int) -> dict[str, Any]:
    started = time.perf_counter()
    inputs = stream([folder])
    read_s = time.perf_counter() - started
    with Neo4jStore(uri) as store:
        summary = write_in_chunks(store, inputs, inputs.ids, None, commit_every)
    return {
        "entities": summary.entities,
        "relations": summary.relations,
        "read_validate_s": round(read_s, 1),
        "commit_every": commit_every,
    }


def run_csv(folder: Path, uri: str) -> dict[str, Any]:
    entities = sum(1 for _ in (folder / "entities.csv").open(encoding="utf-8")) - 1
    relations = sum(1 for _ in (folder / "relations.csv").open(encoding="utf-8")) - 1
    rate = run_load_csv(folder, uri, entities, relations)  # it clears the database after
    return {"entities": entities, "relations": relations, "rows_per_s": round(rate)}


def clear(uri: str) -> None:
    with Neo4jStore(uri) as store:
        store.clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--neo4j-uri", required=True)
    parser.add_argument("--neo4j-home", type=Path, default=REPO / "services" / "neo4j")
    parser.add_argument("--modes", default="bulk,unwind", help="comma-separated: bulk, unwind, loadcsv")
    parser.add_argument("--commit-every", type=int, default=100_000, help="records per transaction (unwind)")
    parser.add_argument("--keep", action="store_true", help="leave the last run's database loaded")
    args = parser.parse_args()
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f}", flush=True)
    modes = args.modes.split(",")
    for number, mode in enumerate(modes, 1):
        with Neo4jStore(args.neo4j_uri) as store:
            if not store.is_empty():
                raise SystemExit(f"refusing to benchmark on the non-empty Neo4j database at {store.location}")
        if mode == "bulk":
            home = TimedHome(Neo4jHome.at(args.neo4j_home).path)
            work: Callable[[], dict[str, Any]] = partial(run_bulk, args.folder, args.neo4j_uri, home)
        elif mode == "unwind":
            work = partial(run_unwind, args.folder, args.neo4j_uri, args.commit_every)
        elif mode == "loadcsv":
            work = partial(run_csv, args.folder, args.neo4j_uri)
        else:
            raise SystemExit(f"unknown mode {mode!r}")
        figures = measured(mode, args.neo4j_home, work)
        print(json.dumps(figures), flush=True)
        if number < len(modes) or not args.keep:
            clear(args.neo4j_uri)


if __name__ == "__main__":
    main()
