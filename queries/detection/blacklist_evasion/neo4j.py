"""blacklist_evasion on Neo4j: ``candidates.cypher`` starts from exactly the entities with
a blacklist period and returns their affiliates' sides and approvals; a blacklisted
entity is kept even with nothing around it (the detector reports it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from encircle.queries.detection.server import Extraction

__all__ = ["extract"]


def extract(job: Extraction, parameters: Any) -> None:
    """Fetch from the server what the detector reads: every entity with a blacklist period,
    with its affiliates' sides and approvals (`parameters` is not used)."""
    rows = job.add_rows(job.read("candidates"))
    job.entity_ids.update(row["blacklisted"] for row in rows)
