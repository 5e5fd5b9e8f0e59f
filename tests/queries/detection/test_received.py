"""Received: an official's gifts from a side, looked up by giver, are the gifts a plain scan
of his incoming gifts finds, in the same order."""

from __future__ import annotations

import pytest

from encircle.graph.records import Relation
from encircle.queries.detection.case import CaseIndex
from encircle.queries.detection.received import Received

GIFTS = [
    Relation("g1", "GIFT", "a", "o", date="2016"),
    Relation("k1", "RELATIVE_OF", "a", "o"),
    Relation("g2", "GIFT", "b", "o", date="2015"),
    Relation("g3", "GIFT", "a", "o", date="2017"),
    Relation("g4", "GIFT", "c", "o", date="2014"),
    Relation("g5", "GIFT", "b", "o", date="2018"),
    Relation("g6", "GIFT", "a", "x", date="2018"),
]


@pytest.mark.parametrize("givers", [set(), {"a"}, {"b", "a"}, {"a", "b", "c", "z"}, {"z"}, {"o"}])
def test_the_gifts_from_the_givers_in_the_receivers_order(givers: set[str]) -> None:
    index = CaseIndex([], GIFTS)
    received = Received(index)
    plain = [g for g in index.into("o", "GIFT") if g.source_id in givers]
    assert received.from_givers("o", givers) == plain
    assert received.from_givers("o", givers) == plain  # asked again: from the grouping made once


def test_a_node_without_gifts() -> None:
    received = Received(CaseIndex([], GIFTS))
    assert received.from_givers("nobody", {"a"}) == [] and received.from_givers("a", {"o"}) == []
