"""One detector per capture tactic, each in its own module, and `detect()` running them.

Each module documents Methodology, Why it is a red flag, Parameters, Exclusions and
Assumptions, and carries a worked example; each exposes `TACTIC`, a frozen `Parameters`
dataclass and `detect(index, parameters) -> list[Finding]`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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
            index = index or CaseIndex.of(store, confirmed_only)
            tactic_index = index
        findings += TACTICS[tactic].detect(tactic_index, chosen_parameters)
    return ordered(findings)
