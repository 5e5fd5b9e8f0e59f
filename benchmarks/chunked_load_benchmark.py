"""One load into Neo4j, in one transaction or in chunks, timed, with the server's peak
transaction memory.

    .venv/bin/encircle synth --entities 100000 --seed 1 --relations-per-entity 5 -o /tmp/world
    .venv/bin/python benchmarks/chunked_load_benchmark.py /tmp/world --neo4j-uri bolt://127.0.0.1:7692 \\
        --commit-every 50000

The database must be empty (start a fresh server: its settings are what is measured); it
is left loaded. Reads and validates the input (timed apart), then writes it with
`Store.write(..., commit_every=N)`, timing every transaction, while a second connection
polls `SHOW TRANSACTIONS` once a second for the largest `estimatedUsedHeapMemory` of the
load's transactions (a sample: the true peak, at commit, can be higher). Prints the
machine, the date and one JSON line of figures.
"""

from __future__ import annotations

import argparse
import json
import resource
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from roundabout_baseline import machine

from encircle.graph.stores.base import WriteTransaction
from encircle.graph.stores.neo4j import Neo4jStore
from encircle.loaders import read_all

T = TypeVar("T")
SHOW = (
    "SHOW TRANSACTIONS YIELD currentQuery, estimatedUsedHeapMemory "
    "WHERE NOT currentQuery STARTS WITH 'SHOW' RETURN max(estimatedUsedHeapMemory) AS bytes"
)


class TimedStore(Neo4jStore):
    """Notes how long each write transaction took."""

    seconds: list[float]

    def _in_write_transaction(self, work: Callable[[WriteTransaction], T]) -> T:
        started = time.perf_counter()
        try:
            return super()._in_write_transaction(work)
        finally:
            self.seconds.append(round(time.perf_counter() - started, 1))


def sample_peak(store: Neo4jStore, stop: threading.Event, peak: list[int]) -> None:
    with store.driver.session(database=store.database) as session:
        while not stop.wait(1.0):
            record = session.run(SHOW).single()
            peak[0] = max(peak[0], int(record["bytes"] or 0) if record else 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--neo4j-uri", required=True)
    parser.add_argument("--commit-every", type=int, help="records per transaction (default: one transaction)")
    args = parser.parse_args()
    print(f"machine: {machine()}", flush=True)
    started = time.perf_counter()
    bundle = read_all([args.folder])
    read_seconds = time.perf_counter() - started
    rows = len(bundle.entities) + len(bundle.relations)
    store = TimedStore(args.neo4j_uri)
    store.seconds = []
    if not store.is_empty():
        raise SystemExit(f"refusing to load into the non-empty Neo4j database at {store.location}")
    stop, peak = threading.Event(), [0]
    sampler = threading.Thread(target=sample_peak, args=(store, stop, peak), daemon=True)
    sampler.start()
    figures: dict[str, Any] = {"records": rows, "commit_every": args.commit_every, "read_s": round(read_seconds, 1)}
    started = time.perf_counter()
    try:
        store.write(bundle.entities, bundle.relations, commit_every=args.commit_every)
        write_seconds = time.perf_counter() - started
        figures |= {"write_s": round(write_seconds, 1), "write_records_per_s": round(rows / write_seconds)}
        figures |= {"total_records_per_s": round(rows / (write_seconds + read_seconds))}
    except Exception as error:  # a failed load is a figure too
        figures |= {"failed_after_s": round(time.perf_counter() - started, 1), "error": " ".join(str(error).split())}
    stop.set()
    sampler.join()
    store.close()
    figures |= {"transactions_s": store.seconds, "peak_tx_heap_mib_sampled": round(peak[0] / 2**20)}
    figures["client_max_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
