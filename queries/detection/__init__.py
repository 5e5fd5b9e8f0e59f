"""Capture-tactic detection: `detect()` runs the registered tactics on a store.

Each tactic lives in its own folder (``queries/detection/<tactic>/``, see `tactic`),
registered once in `registry`. Each detector module documents Methodology, Why it is a
red flag, Parameters, Exclusions and Assumptions, and carries a worked example; each
exposes `TACTIC`, a frozen `Parameters` dataclass and
`detect(index, parameters) -> list[Finding]`. Shared here: the case index (`case`), the
findings shape (`findings`) and the Neo4j extraction (`server`).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from encircle.graph.stores import Store
from encircle.queries.detection.case import CaseIndex
from encircle.queries.detection.findings import Finding, ordered
from encircle.queries.detection.registry import TACTICS, chosen

if TYPE_CHECKING:
    from encircle.graph.stores.neo4j import Neo4jStore
    from encircle.queries.detection.tactic import Tactic

__all__ = ["TACTICS", "detect", "gc_paused"]


def detect(
    store: Store,
    tactics: Iterable[str] = (),
    confirmed_only: bool = False,
    parameters: Mapping[str, Any] | None = None,
) -> list[Finding]:
    """Run the chosen tactics (all when none are named) and return findings in a
    deterministic order. `parameters` maps a tactic id to its Parameters instance."""
    # On Neo4j the tactics that register an extraction gather their candidates on the
    # server, each into its own small index (detection/server.py); the rest share one
    # index of the whole case. When some chosen tactic needs that index, every tactic
    # uses it: it is read anyway, and each tactic runs faster on it than its extraction
    # (at 1M entities collective_capture 18 s against 143 s; docs/performance.md).
    index: CaseIndex | None = None
    findings: list[Finding] = []
    run = chosen(tuple(tactics))
    neo4j = _server_store(store, run)
    # One pause for the whole run: re-enabled between two tactics, the collector counted
    # every object the first one made and walked them all (seconds on a stress case).
    with gc_paused():
        for tactic in run:
            chosen_parameters = (parameters or {}).get(tactic.id)
            if neo4j is not None:
                from encircle.queries.detection import server

                tactic_index: CaseIndex = server.index_for(neo4j, tactic, confirmed_only, chosen_parameters)
            else:
                index = index or CaseIndex.of(store, confirmed_only, dated_only=True)
                tactic_index = index
            findings += tactic.detect(tactic_index, chosen_parameters)
        return ordered(findings)


def _server_store(store: Store, tactics: list[Tactic]) -> Neo4jStore | None:
    """`store` if every one of `tactics` extracts its candidates on its server; None if
    one cannot (the whole-case index is read anyway) or `store` is not Neo4j."""
    neo4j = _as_neo4j(store)
    if neo4j is None or any(t.extract is None for t in tactics):
        return None
    return neo4j if all(_server_side(neo4j, t) for t in tactics) else None


def _server_side(store: Neo4jStore, tactic: Tactic) -> bool:
    from encircle.queries.detection import server

    return server.uses_server(store, tactic)


def _as_neo4j(store: Store) -> Neo4jStore | None:
    """`store` if it is a Neo4j store. Read from the loaded modules: a Neo4j store was
    opened only if its module (and the driver, slow to import) is loaded already."""
    module = sys.modules.get("encircle.graph.stores.neo4j")
    return store if module is not None and isinstance(store, module.Neo4jStore) else None


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cycle collector off for the duration: indexing and detection make
    millions of small objects (records, findings, cached sides) that live on, and each
    full collection walks all of them: a quarter of the CPU time at 100,000 entities.
    Reference counting still frees what they discard; a cycle, if any, waits for the
    first collection after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
