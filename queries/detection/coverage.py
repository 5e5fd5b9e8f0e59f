"""What each tactic could judge on a case, and what the case lacks for it.

Every tactic anchors on some kinds of records (direct_transaction on decisions and
gifts, collective_capture on posts and gifts, ...). A case without them gives no finding
and, without this, no word about why: `coverage()` says for each tactic how many
candidates it judged and, for each kind of record it needs and the case has none of,
what to add.

>>> from encircle.graph.stores import Stats
>>> stats = Stats(3, 2, relation_types={"GIFT": 2})
>>> for tactic in coverage(stats, [], ["direct_transaction", "collective_capture"]):
...     print(tactic.line())
direct_transaction: judged nothing: no APPROVED relations in this case; add decisions (APPROVED rows or an OCDS file)
collective_capture: judged nothing: no HOLDS_POST relations in this case; add posts (HOLDS_POST rows)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from encircle.graph.stores import Stats
from encircle.queries.detection.findings import Finding
from encircle.queries.detection.registry import TACTICS

__all__ = ["Coverage", "coverage"]


@dataclass(frozen=True)
class Coverage:
    """How far one tactic got on a case: candidates judged (findings of every verdict),
    flagged, and what the case lacks for it."""

    tactic: str
    judged: int
    flagged: int
    missing: tuple[str, ...]

    def line(self) -> str:
        """One line for a terminal or a report."""
        if self.judged == 0:
            return f"{self.tactic}: judged nothing" + (f": {'; '.join(self.missing)}" if self.missing else "")
        head = f"{self.tactic}: judged {self.judged} candidate{'s' if self.judged != 1 else ''}, {self.flagged} flagged"
        return head + (f" (also missing: {'; '.join(self.missing)})" if self.missing else "")

    def to_dict(self) -> dict[str, Any]:
        return {"tactic": self.tactic, "judged": self.judged, "flagged": self.flagged, "missing": list(self.missing)}


def coverage(stats: Stats, findings: Iterable[Finding], tactics: Sequence[str] = ()) -> list[Coverage]:
    """Coverage of each tactic run (all registered when `tactics` is empty), in registry
    order, from the case's counts and the findings detection gave."""
    judged: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    for finding in findings:
        judged[finding.tactic] += 1
        flagged[finding.tactic] += finding.verdict == "flagged"
    chosen = [t for t in TACTICS if not tactics or t in tactics]
    return [
        Coverage(
            tactic,
            judged[tactic],
            flagged[tactic],
            tuple(m for need in TACTICS[tactic].needs if (m := need.missing(stats)) is not None),
        )
        for tactic in chosen
    ]
