"""Gifts into a node from a set of givers, in the node's order, for detectors that ask it
of the same receivers again and again (an official signs many approvals, each with its
own beneficiary's side).

>>> from encircle.graph.records import Relation
>>> index = CaseIndex([], [Relation("g1", "GIFT", "a", "o"), Relation("g2", "GIFT", "b", "o"),
...                        Relation("g3", "GIFT", "a", "o")])
>>> [g.id for g in Received(index).from_givers("o", {"a", "x"})]
['g1', 'g3']
"""

from __future__ import annotations

from encircle.graph.records import Relation
from encircle.queries.detection.case import CaseIndex

__all__ = ["Received"]


class Received:
    """`[g for g in index.into(node, "GIFT") if g.source_id in givers]`, with each node's gifts
    grouped by giver on its first asking, so a later asking looks up the givers instead of
    scanning every gift: on a stress case officials and their relatives receive dozens of
    gifts each and are asked about once per approval. Lives as long as one detector run."""

    def __init__(self, index: CaseIndex) -> None:
        self.index = index
        self.by_giver: dict[str, dict[str, list[tuple[int, Relation]]]] = {}

    def from_givers(self, node: str, givers: set[str]) -> list[Relation]:
        """The gifts into `node` from `givers`, in `index.into(node, "GIFT")` order."""
        grouped = self.by_giver.get(node)
        if grouped is None:
            grouped = {}
            for position, gift in enumerate(self.index.into(node, "GIFT")):
                grouped.setdefault(gift.source_id, []).append((position, gift))
            self.by_giver[node] = grouped
        # The C-level intersection walks the smaller of the two.
        found = [pair for giver in grouped.keys() & givers for pair in grouped[giver]]
        if len(found) > 1:
            found.sort(key=_position)  # back to the node's order across givers
        return [gift for _, gift in found]


def _position(pair: tuple[int, Relation]) -> int:
    return pair[0]
