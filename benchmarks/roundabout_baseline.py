"""Roundabout detection against the naive baseline it replaces, in one run.

    .venv/bin/python benchmarks/roundabout_baseline.py [--entities 100000] [--seed 1] [--limit 120]

Generates a synthetic world (encircle synth), loads it into an embedded store, then times
(a) encircle's roundabout detector (anchored on approvals: side x circle lookups), and
(b) the naive reading: networkx `all_simple_paths(cutoff=4)` from every giver to every
official on the undirected graph, filtering paths that end in an approval for the
giver's side afterwards. The baseline stops at `--limit` seconds and reports how many
givers it got through, the extrapolated total and "> limit". Prints the machine and date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import tempfile
import time
from pathlib import Path

import networkx as nx

from encircle.graph.stores import open_store
from encircle.loaders import load
from encircle.loaders.synth import generate
from encircle.queries.case import CaseIndex
from encircle.queries.detectors import roundabout


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


def naive(index: CaseIndex, limit: float) -> tuple[int, int, int, float]:
    """(givers done, givers in all, paths seen, seconds) for all_simple_paths(cutoff=4)."""
    graph = nx.Graph()
    graph.add_edges_from((r.source_id, r.target_id) for r in index.relations)
    givers = sorted({g.source_id for g in index.gifts})
    officials = set(index.officials)
    started, done, paths = time.perf_counter(), 0, 0
    for giver in givers:
        for _path in nx.all_simple_paths(graph, giver, officials - {giver}, cutoff=4):
            paths += 1
            if time.perf_counter() - started > limit:
                return done, len(givers), paths, time.perf_counter() - started
        done += 1
    return done, len(givers), paths, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=float, default=120.0, help="seconds before the baseline is stopped")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as folder:
        truth = generate(folder, args.entities, args.seed)
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
    print(f"encircle roundabout: median {ours:.3f} s of 3, cold index ({len(findings)} findings, {flagged} flagged)")
    done, total, paths, seconds = naive(index, args.limit)
    if done < total:
        estimate = seconds * total / max(done, 1)
        print(
            f"naive all_simple_paths(cutoff=4): > {args.limit:.0f} s (stopped after {done:,} of {total:,} givers, "
            f"{paths:,} paths; about {estimate:,.0f} s for all)"
        )
        print(f"ratio: > {args.limit / ours:,.0f}x (about {estimate / ours:,.0f}x extrapolated)")
    else:
        print(f"naive all_simple_paths(cutoff=4): {seconds:.1f} s ({paths:,} paths)")
        print(f"ratio: {seconds / ours:,.0f}x")


if __name__ == "__main__":
    main()
