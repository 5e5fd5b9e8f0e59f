"""What a tactic registers: its id, detector, parameters, optional server-side
extraction and, for the synthetic worlds, its planter and decoy.

A tactic lives in one folder, ``queries/detection/<id>/``: ``detector.py`` (the
specification in its docstring, `Parameters`, `detect`), optionally ``neo4j.py`` with
its ``.cypher`` files (candidates extracted on a Neo4j server) and ``plant.py`` (planted
instances and decoys), and ``__init__.py`` building its `Tactic`. The registry lists the
folders.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

from encircle.graph.stores import Stats
from encircle.queries.detection.case import CaseIndex
from encircle.queries.detection.findings import Finding

if TYPE_CHECKING:  # the server module imports the Neo4j driver: only when it runs
    from encircle.queries.detection.server import Extraction
    from encircle.queries.synth.planting import Decoy, Planted
    from encircle.queries.synth.world import World

__all__ = ["ADVICE", "Need", "Tactic"]

Detect = Callable[[CaseIndex, Any], list[Finding]]
Extract = Callable[["Extraction", Any], None]


# What to add when a kind of record is missing, by relation type.
ADVICE = {
    "APPROVED": "add decisions (APPROVED rows or an OCDS file)",
    "GIFT": "add gifts and payments (GIFT rows, or FollowTheMoney Payments)",
    "HOLDS_POST": "add posts (HOLDS_POST rows)",
    "RELATIVE_OF": "add the people around officials (RELATIVE_OF, EMPLOYED_BY, ASSOCIATE_OF, OWNS, DIRECTS rows)",
    "OWNS": "add who owns and directs the firms (OWNS, DIRECTS rows)",
}


@dataclass(frozen=True)
class Need:
    """A kind of record a tactic cannot judge without: any of `relation_types`."""

    relation_types: tuple[str, ...]

    def missing(self, stats: Stats) -> str | None:
        """What to tell the user when the case has none of them, else None."""
        if any(stats.relation_types.get(t) for t in self.relation_types):
            return None
        kinds = " or ".join(self.relation_types)
        return f"no {kinds} relations in this case; {ADVICE[self.relation_types[0]]}"


@dataclass(frozen=True)
class Tactic:
    """One capture tactic as the rest of encircle sees it.

    `detector` is the module whose docstring is the tactic's specification (Methodology,
    Why it is a red flag, Parameters, Score, Exclusions, Assumptions, worked example);
    `detect(index, parameters)` runs it; `parameters` is its frozen Parameters class.
    `extract(job, parameters)` gathers, on a Neo4j server, every relation the detector
    reads (None: the detector runs on the whole-case index). `plant(world)` and
    `decoy(world, i)` add an instance and a near miss to a synthetic world. `needs` are
    the kinds of records without which it judges nothing (coverage.py says so).
    """

    id: str
    detector: ModuleType
    detect: Detect
    parameters: type
    extract: Extract | None = None
    plant: Callable[[World], Planted] | None = None
    decoy: Callable[[World, int], Decoy] | None = None
    needs: tuple[Need, ...] = ()

    @classmethod
    def of(
        cls,
        detector: ModuleType,
        extract: Extract | None = None,
        plant: Callable[[World], Planted] | None = None,
        decoy: Callable[[World, int], Decoy] | None = None,
    ) -> Tactic:
        """The tactic a detector module describes (its TACTIC, detect, Parameters and
        NEEDS: the relation types it cannot judge without)."""
        needs = tuple(Need(tuple(types)) for types in getattr(detector, "NEEDS", ()))
        return cls(detector.TACTIC, detector, detector.detect, detector.Parameters, extract, plant, decoy, needs)
