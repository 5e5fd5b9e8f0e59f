"""direct_transaction on Neo4j: ``candidates.cypher`` returns each approval with a gift
from the beneficiary's side to the approving official, with the side's relations; they
are every relation the detector reads for that approval (see detection/server.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from encircle.queries.detection.server import Extraction

__all__ = ["extract"]


def extract(job: Extraction, parameters: Any) -> None:
    """Fetch from the server what the detector reads: each approval with a gift from the
    beneficiary's side to the official, and the side's relations (`parameters` is not used)."""
    job.add_rows(job.read("candidates"))
