"""Workbench benchmark: how long each page of `encircle serve` takes on a large store.

    .venv/bin/python benchmarks/workbench_benchmark.py --entities 100000 \
        [--neo4j-uri bolt://127.0.0.1:7688 --commit-every 50000] [--skip-sqlite] [--runs 5] [--seed 1]

One `encircle synth` world (hubs included: a ministry and a state bank with thousands of
relations), loaded into a new SQLite file and, with --neo4j-uri, into an empty Neo4j
database (cleared afterwards). On each store the workbench runs on a real uvicorn server
in this process, and each page is fetched over HTTP: once to warm it, then --runs times;
the table gives the median and the slowest, in milliseconds, from request to last byte.
Before that, "start" is the time from creating the application until the findings page
answers: opening the store, the query engine's graph (SQLite), the search index and one
detection run, all of which the server does once.

The pages asked: search (a common surname, so thousands of names match), an official's
page and the largest hub's page, their neighbourhood views, paths between the giver and
the official of a flagged finding, the findings list and JSON, a finding's page and
view, and saving a review. The done-when target of issue 16 is under 1 s per page.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

import uvicorn

sys.path.insert(0, str(Path(__file__).parent))
from query_benchmark import machine  # a sibling script, not a package

from encircle.graph.stores import open_store
from encircle.loaders import load
from encircle.queries.synth.generate import generate
from encircle.web import Settings, create_app

PORT = 8799


def hub_of(bundle: Path) -> str:
    """The entity with the most relations in the bundle."""
    degree: Counter[str] = Counter()
    with (bundle / "relations.csv").open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            degree.update((row["source_id"], row["target_id"]))
    return degree.most_common(1)[0][0]


def fetch(base: str, path: str, body: dict[str, Any] | None = None) -> tuple[float, int, int]:
    """(seconds, status, bytes) for one request."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, headers={"content-type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:
        size = len(response.read())
        status = response.status
    return time.perf_counter() - started, status, size


def q(value: str) -> str:
    return urllib.parse.quote(value, safe="")


def pages(base: str, hub: str) -> list[tuple[str, str, dict[str, Any] | None]]:
    """The pages to time, chosen from what the store holds."""
    with urllib.request.urlopen(base + "api/findings?verdict=flagged&tactic=direct_transaction", timeout=600) as r:
        flagged = json.loads(r.read())["findings"]
    finding = flagged[0]
    steps = [s for chain in finding["evidence"] for s in chain["steps"]]
    gift = next(s for s in steps if s["type"] == "GIFT")
    giver, official = gift["source_id"], gift["target_id"]
    with urllib.request.urlopen(base + f"api/entities/{q(official)}", timeout=600) as r:
        name = json.loads(r.read())["entity"]["name"]
    surname = name[:1]
    return [
        ("search page (one character)", f"search?q={q(surname)}", None),
        ("search API, as you type", f"api/search?q={q(name[:2])}&limit=10", None),
        ("entity: an official", f"entities/{q(official)}", None),
        ("entity: the largest hub", f"entities/{q(hub)}", None),
        ("entity API: the largest hub", f"api/entities/{q(hub)}", None),
        ("view around the official, 1 hop", f"views/around/{q(official)}?hops=1", None),
        ("view around the official, 2 hops", f"views/around/{q(official)}?hops=2", None),
        ("view around the hub, 1 hop", f"views/around/{q(hub)}?hops=1", None),
        ("paths page giver -> official", f"paths?a={q(giver)}&b={q(official)}", None),
        ("paths API, all, time-ordered", f"api/paths?a={q(giver)}&b={q(official)}&mode=all&time_ordered=1", None),
        ("path view", f"views/path?a={q(giver)}&b={q(official)}", None),
        ("findings list (flagged)", "findings", None),
        ("findings API (all)", "api/findings", None),
        ("finding page", f"findings/{q(finding['id'])}", None),
        ("finding view", f"views/finding/{q(finding['id'])}", None),
        ("save a review (POST)", f"api/findings/{q(finding['id'])}/reviews", {"status": "needs_more", "note": "bench"}),
        ("duplicates page", "duplicates", None),
    ]


def bench_store(location: str, hub: str, runs: int) -> None:
    started = time.perf_counter()
    app = create_app(Settings(location, port=PORT, reviewer="benchmark"))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=PORT, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{PORT}/"
    while True:
        try:
            fetch(base, "findings")
            break
        except OSError:
            time.sleep(0.2)
    print(f"\n{location}\n  start (store, engine, search index, detection): {time.perf_counter() - started:.1f} s")
    print(f"  {'page':<36} {'median ms':>10} {'max ms':>8} {'KB':>7}")
    try:
        for label, path, body in pages(base, hub):
            fetch(base, path, body)  # warm
            timed = [fetch(base, path, body) for _ in range(runs)]
            seconds = [t for t, _, _ in timed]
            size = timed[-1][2] / 1024
            print(f"  {label:<36} {statistics.median(seconds) * 1000:>10.0f} {max(seconds) * 1000:>8.0f} {size:>7.0f}")
    finally:
        server.should_exit = True
        thread.join(60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--neo4j-uri")
    parser.add_argument("--commit-every", type=int, default=50_000)
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as folder:
        bundle = Path(folder) / "world"
        started = time.perf_counter()
        truth = generate(bundle, args.entities, args.seed)
        took = time.perf_counter() - started
        print(f"world: {truth['entities']:,} entities, {truth['relations']:,} relations ({took:.0f} s)")
        hub = hub_of(bundle)
        locations = [] if args.skip_sqlite else [str(Path(folder) / "encircle.db")]
        locations += [args.neo4j_uri] if args.neo4j_uri else []
        for location in locations:
            with open_store(location) as store:
                if not store.is_empty():
                    raise SystemExit(f"{location} is not empty: give the benchmark an empty store")
                started = time.perf_counter()
                load([bundle], store, commit_every=args.commit_every if location.startswith("bolt") else None)
                print(f"loaded {location} in {time.perf_counter() - started:.0f} s")
            try:
                bench_store(location, hub, args.runs)
            finally:
                if location.startswith(("bolt", "neo4j")):
                    with open_store(location) as store:
                        store.clear()


if __name__ == "__main__":
    main()
