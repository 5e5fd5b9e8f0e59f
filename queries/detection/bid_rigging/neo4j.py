"""bid_rigging on Neo4j: ``candidates.cypher`` returns restricted-procedure approvals with
the winners' sides; then the tie search from each official, level by level
(``ties.cypher``), walking past all but hubs; the last level meets the winners' sides
from the other end (``ties_into.cypher``): only its ties into a side."""

from __future__ import annotations

from typing import TYPE_CHECKING

from encircle.queries.detection.bid_rigging.detector import Parameters

if TYPE_CHECKING:
    from encircle.queries.detection.server import Extraction

__all__ = ["extract"]


def extract(job: Extraction, parameters: Parameters) -> None:
    """Fetch from the server what the detector reads: the candidate approvals with their
    winners' sides, then the standing ties out from each official, level by level up to
    `max_hops`, walking past all but hubs."""
    rows = job.add_rows(job.read("candidates"))
    sides = sorted({member for row in rows for member in row["side"]})
    expanded: set[str] = set()
    frontier = {row["official"] for row in rows}
    for level in range(parameters.max_hops):
        if level == parameters.max_hops - 1:
            # The walk's last step only ends at the side (the detector returns there); its
            # other ties are never walked from, so they cannot change the path found.
            job.add(row["relation"] for row in job.read_ids("ties_into", frontier - expanded, targets=sides))
            break
        ties = list(job.read_ids("ties", frontier - expanded))
        job.add(row["relation"] for row in ties)
        others = {row["other"] for row in ties}
        job.add_degrees(others - job.degrees.keys())
        expanded |= frontier
        frontier = {other for other in others if job.degrees[other] <= parameters.hub_degree} - expanded
