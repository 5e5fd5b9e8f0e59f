"""One detector per capture tactic, each in its own module, and `detect()` running them.

Each module documents Methodology, Why it is a red flag, Parameters, Exclusions and
Assumptions, and carries a worked example; each exposes `TACTIC`, a frozen `Parameters`
dataclass and `detect(index, parameters) -> list[Finding]`.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from types import ModuleType
from typing import Any

from encircle.graph.errors import QueryError
from encircle.graph.stores import Store
from encircle.graph.stores.neo4j import Neo4jStore
from encircle.queries.case import CaseIndex
from encircle.queries.detectors import (
    bid_rigging,
    blacklist_evasion,
    collective_capture,
    direct_transaction,
    friendship_investment,
    interest_group,
    private_customization,
    roundabout,
)
from encircle.queries.findings import Finding, ordered

TACTICS: dict[str, ModuleType] = {
    module.TACTIC: module
    for module in (
        direct_transaction,
        friendship_investment,
        private_customization,
        roundabout,
        bid_rigging,
        collective_capture,
        blacklist_evasion,
        interest_group,
    )
}


def detect(
    store: Store,
    tactics: Iterable[str] = (),
    confirmed_only: bool = False,
    parameters: Mapping[str, Any] | None = None,
) -> list[Finding]:
    """Run the chosen tactics (all when none are named) and return findings in a
    deterministic order. `parameters` maps a tactic id to its Parameters instance."""
    chosen = list(tactics) or list(TACTICS)
    unknown = [t for t in chosen if t not in TACTICS]
    if unknown:
        raise QueryError(f"unknown tactic {unknown[0]!r}; expected one of {', '.join(TACTICS)}")
    # On Neo4j the heavy tactics extract their candidates on the server, each into its own
    # small index (queries/neo4j_detect.py); the rest share one index of the whole case,
    # built only if some tactic needs it.
    from encircle.queries import neo4j_detect  # here: it imports the tactic modules above

    index: CaseIndex | None = None
    findings: list[Finding] = []
    for tactic in chosen:
        chosen_parameters = (parameters or {}).get(tactic)
        if isinstance(store, Neo4jStore) and neo4j_detect.uses_server(store, tactic):
            tactic_index: CaseIndex = neo4j_detect.index_for(store, tactic, confirmed_only, chosen_parameters)
        else:
            with gc_paused():
                index = index or CaseIndex.of(store, confirmed_only, dated_only=True)
            tactic_index = index
        with gc_paused():
            findings += TACTICS[tactic].detect(tactic_index, chosen_parameters)
    return ordered(findings)


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
