"""Roundabout detection against the naive baselines it replaces, in one run.

    .venv/bin/python benchmarks/roundabout_baseline.py [--entities 100000] [--seed 1] [--limit 120]
        [--neo4j-uri bolt://127.0.0.1:7692 [--commit-every 50000]] [--skip-networkx]

Generates a synthetic world (encircle synth), loads it into an embedded store, then times
(a) encircle's roundabout detector (anchored on approvals: side x circle lookups), and
(b) the naive reading: networkx `all_simple_paths(cutoff=4)` from every giver to every
official on the undirected graph, filtering paths that end in an approval for the
giver's side afterwards. The baseline stops at `--limit` seconds and reports how many
givers it got through, the extrapolated total and "> limit".

With `--neo4j-uri` (an empty database; it is cleared again afterwards) the same world is
loaded into Neo4j (in transactions of `--commit-every` records) and timed there too:
(c) encircle's server-side roundabout (`detect(store, ["roundabout"])`, which extracts
the candidates with queries/detection/roundabout/candidates.cypher and scores them in Python),
checked to give the same findings as (a), and (d) the naive Cypher reading,
`MATCH p = (g {id: $giver})-[*1..4]-(o) WHERE o.id IN $officials RETURN count(p)` per
giver, each query given the time left as its transaction timeout, so the server stops it
at `--limit`. Cypher's variable-length pattern never repeats a relationship but may
repeat a node, and counts parallel relationships separately, so its path counts are not
networkx's simple paths; both are the "enumerate, then filter" reading the detector
avoids. Prints the machine and date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import networkx as nx
from neo4j import Query
from neo4j.exceptions import ClientError

from encircle.graph.stores import open_store
from encircle.graph.stores.neo4j import Neo4jStore
from encircle.loaders import load
from encircle.queries.detection import detect, roundabout
from encircle.queries.detection.case import CaseIndex
from encircle.queries.detection.findings import Finding
from encircle.queries.synth.generate import RELATIONS_PER_ENTITY, generate

NAIVE_CYPHER = (
    "MATCH p = (g:Entity {id: $giver})-[*1..4]-(o:Entity) WHERE o.id IN $officials AND o <> g RETURN count(p) AS paths"
)


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} CPUs ({cpu}); {ram:.1f} GiB RAM"


def givers_and_officials(index: CaseIndex) -> tuple[list[str], set[str]]:
    """Who pays anyone, and whom the detector counts as an official (CaseIndex.officials)."""
    return sorted({g.source_id for g in index.gifts}), set(index.officials)


def naive(index: CaseIndex, limit: float) -> tuple[int, int, int, float]:
    """(givers done, givers in all, paths seen, seconds) for all_simple_paths(cutoff=4)."""
    graph = nx.Graph()
    graph.add_edges_from((r.source_id, r.target_id) for r in index.relations)
    givers, officials = givers_and_officials(index)
    started, done, paths = time.perf_counter(), 0, 0
    for giver in givers:
        for _path in nx.all_simple_paths(graph, giver, officials - {giver}, cutoff=4):
            paths += 1
            if time.perf_counter() - started > limit:
                return done, len(givers), paths, time.perf_counter() - started
        done += 1
    return done, len(givers), paths, time.perf_counter() - started


def naive_cypher(store: Neo4jStore, givers: Sequence[str], officials: set[str], limit: float) -> tuple[int, int, float]:
    """(givers done, paths counted, seconds) for the `[*1..4]` pattern, one query per giver.

    Each query runs with the time left as its transaction timeout: the server terminates
    it when the limit is reached (a client-side deadline the server enforces)."""
    wanted = sorted(officials)
    started, done, paths = time.perf_counter(), 0, 0
    with store.driver.session(database=store.database) as session:
        for giver in givers:
            left = limit - (time.perf_counter() - started)
            if left <= 0:
                break
            try:
                record = session.run(Query(NAIVE_CYPHER, timeout=left), giver=giver, officials=wanted).single()
            except ClientError as error:
                if "TransactionTimedOut" in (error.code or "") or "Terminated" in (error.code or ""):
                    break
                raise
            paths += record["paths"] if record else 0
            done += 1
    return done, paths, time.perf_counter() - started


def median_time(run: object, times: int = 3) -> tuple[float, float, list[Finding]]:
    """(first, median of `times`, findings of the last run) for a callable returning findings."""
    seconds, findings = [], []
    for _ in range(times):
        started = time.perf_counter()
        findings = run()  # type: ignore[operator]
        seconds.append(time.perf_counter() - started)
    return seconds[0], sorted(seconds)[len(seconds) // 2], findings


def as_json(findings: Sequence[Finding]) -> list[str]:
    return sorted(json.dumps(f.to_dict(), sort_keys=True, default=str) for f in findings)


def report_baseline(name: str, done: int, total: int, paths: int, seconds: float, limit: float, ours: float) -> None:
    if done < total:
        estimate = seconds * total / max(done, 1)
        print(
            f"{name}: > {limit:.0f} s (stopped at {seconds:.1f} s after {done:,} of {total:,} givers, {paths:,} paths; "
            f"about {estimate:,.0f} s for all{'' if done else ', from 1 giver: a lower bound'})"
        )
        print(f"  ratio: > {limit / ours:,.0f}x (about {estimate / ours:,.0f}x extrapolated)")
    else:
        print(f"{name}: {seconds:.1f} s ({paths:,} paths)")
        print(f"  ratio: {seconds / ours:,.0f}x")


def on_neo4j(args: argparse.Namespace, folder: str, index: CaseIndex, embedded: list[Finding]) -> None:
    store = open_store(args.neo4j_uri)
    if not isinstance(store, Neo4jStore):
        raise SystemExit(f"--neo4j-uri {args.neo4j_uri} is not a Neo4j URI")
    try:
        if not store.is_empty():
            raise SystemExit(f"refusing to load into the non-empty Neo4j database at {store.location}")
        started = time.perf_counter()
        summary, _ = load([folder], store, commit_every=args.commit_every)
        seconds = time.perf_counter() - started
        rows = summary.entities + summary.relations
        print(
            f"neo4j load: {seconds:.1f} s for {rows:,} records ({rows / seconds:,.0f} records/s, read + validate "
            f"included), commit every {args.commit_every or 'load (one transaction)'}"
        )
        first, ours, findings = median_time(lambda: detect(store, ["roundabout"]))
        same = "same findings as embedded" if as_json(findings) == as_json(embedded) else "FINDINGS DIFFER"
        print(f"encircle roundabout on Neo4j (server-side): median {ours:.3f} s of 3, first {first:.3f} s ({same})")
        givers, officials = givers_and_officials(index)
        done, paths, seconds = naive_cypher(store, givers, officials, args.limit)
        report_baseline("naive Cypher [*1..4] per giver", done, len(givers), paths, seconds, args.limit, ours)
    finally:
        store.clear()
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--relations-per-entity", type=float, default=RELATIONS_PER_ENTITY)
    parser.add_argument("--limit", type=float, default=120.0, help="seconds before a baseline is stopped")
    parser.add_argument("--neo4j-uri", help="also time both on this (empty) Neo4j database")
    parser.add_argument("--commit-every", type=int, default=50_000, help="records per Neo4j load transaction")
    parser.add_argument("--skip-networkx", action="store_true", help="leave out the networkx baseline")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as folder:
        truth = generate(folder, args.entities, args.seed, args.relations_per_entity)
        with open_store(str(Path(folder) / "encircle.db")) as store:
            load([folder], store)
            entities, relations = list(store.entities()), list(store.relations())
        print(f"world:   {truth['entities']:,} entities, {truth['relations']:,} relations (seed {args.seed})")
        runs = []
        for _ in range(3):  # a fresh index each time: its per-node lookups start cold
            index = CaseIndex(entities, relations)
            started = time.perf_counter()
            findings = roundabout.detect(index)
            runs.append(time.perf_counter() - started)
        ours = sorted(runs)[1]
        flagged = sum(f.verdict == "flagged" for f in findings)
        print(
            f"encircle roundabout: median {ours:.3f} s of 3, cold index ({len(findings)} findings, {flagged} flagged)"
        )
        if not args.skip_networkx:
            done, total, paths, seconds = naive(index, args.limit)
            report_baseline("naive all_simple_paths(cutoff=4)", done, total, paths, seconds, args.limit, ours)
        if args.neo4j_uri:
            on_neo4j(args, folder, index, findings)


if __name__ == "__main__":
    main()
