"""Who held a post of a body when, and how many at once, for collective_capture (see its
detector)."""

from __future__ import annotations

from collections.abc import Iterable

from encircle.graph.records import Relation
from encircle.queries.detection.case import CaseIndex, period
from encircle.queries.timeline import EARLIEST, LATEST

__all__ = ["Tenure", "most_in_office"]


class Tenure:
    """Who held a post of one body when, worked out once per body: each leader is listed
    under every year his posts cover, so "in office from one day to another" reads the
    leaders of those years instead of every post of the body (a parliament's thousands).

    Years are clipped to the span of the body's known dates (its posts' and its gifts'),
    so an open-ended post or an undated gift costs that span, not 9,999 years; a post
    overlapping a period beyond the span is listed under the span's first or last year,
    which is where such a period looks too."""

    def __init__(self, index: CaseIndex, posts: dict[str, list[Relation]], gifts: Iterable[Relation]) -> None:
        self.spans = {leader: [period(post) for post in held] for leader, held in posts.items()}
        self.order = {leader: i for i, leader in enumerate(posts)}
        # the unreached are listed by name, equal names in posts' order (as a stable sort would)
        self.by_name = {leader: i for i, leader in enumerate(sorted(posts, key=index.name))}
        dated = [*(s for spans in self.spans.values() for s in spans), *(period(gift) for gift in gifts)]
        known = [int(day[:4]) for span in dated for day in span if day not in (EARLIEST, LATEST)]
        self.first, self.last = (min(known), max(known)) if known else (0, 0)
        self.years: dict[int, list[str]] = {}
        for leader, spans in self.spans.items():
            for low, high in spans:
                for year in range(self._year(low), self._year(high) + 1):
                    self.years.setdefault(year, []).append(leader)

    def _year(self, day: str) -> int:
        return min(max(int(day[:4]), self.first), self.last)

    def in_office(self, start: str, end: str) -> list[str]:
        """Leaders holding a post on some day from `start` to `end`, in posts' order."""
        listed = {who for year in range(self._year(start), self._year(end) + 1) for who in self.years.get(year, ())}
        spans, held = self.spans, []
        for who in listed:  # a plain loop: an any() per leader listed was most of this call
            for low, high in spans[who]:
                if low <= end and start <= high:
                    held.append(who)
                    break
        return sorted(held, key=self.order.__getitem__)


def most_in_office(posts: list[tuple[str, Relation]]) -> int:
    """The most leaders in office on one day, over the posts they were reached in; a
    maximum is reached on some post's first day. A sweep over first and last days: a
    day's count is taken once every post starting that day is in and before any post
    ending that day is out."""
    spans = [(leader, period(post)) for leader, post in posts]
    # A post that ends before it starts (records can say so) is never held: no events.
    events = sorted(
        (day, kind, leader) for leader, span in spans if span[0] <= span[1] for kind, day in enumerate(span)
    )
    holding: dict[str, int] = {}  # leader -> posts of his open at this point of the sweep
    best = 0
    for _, kind, leader in events:  # kind 0: a first day, 1: a last day
        if kind == 0:
            holding[leader] = holding.get(leader, 0) + 1
            best = max(best, len(holding))
        elif holding[leader] == 1:
            del holding[leader]
        else:
            holding[leader] -= 1
    return best
