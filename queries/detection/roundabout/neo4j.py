"""roundabout on Neo4j: ``candidates.cypher`` meets each approval's beneficiary side and
the official's circle in the middle; then, per intermediary, every gift into it, its side
and each giver's side (how many sides pay it), and its degree (is it a hub)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from encircle.queries.detection.server import Extraction

__all__ = ["extract"]


def extract(job: Extraction, parameters: Any) -> None:
    """Fetch from the server what the detector reads: each approval's side and the
    official's circle, then every gift into the circle members who received one, the sides
    of those members and of their givers, and the members' degrees (`parameters` is not
    used)."""
    rows = job.add_rows(job.read("candidates"))
    receivers = {m for row in rows for m in row["receivers"]}
    job.add_gifts_into(receivers)
    givers = {p["source_id"] for p in job.relations.values() if p["type"] == "GIFT" and p["target_id"] in receivers}
    job.add_sides(receivers | givers)
    job.add_degrees(receivers)
