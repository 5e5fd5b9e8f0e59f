"""How interest groups form, grow and lose members over time.

Methodology
    1. Slice time into windows (by default one per calendar year, from the first to the
       last year in which a relation is dated). A slice looks back `memory` years
       (default 1): the slice of 2017 holds what happened in 2016 and 2017, because a
       gift binds for longer than the year it was given in, and most people in a case
       file are not recorded doing something every year.
    2. In each slice keep the relations that belong to it, with the same rule as the
       path queries' date filter (encircle.queries.paths.traversal.in_window): a dated
       relation (gift, approval) falls in the window, a period relation (post, job,
       ownership) overlaps it, an undated tie (kinship, friendship) always counts.
    3. Find communities on that slice exactly as `encircle groups` does (same graph,
       backend and seed) and keep the *active* ones: at least `min_size` members and at
       least one benefit flow (gift or approval) dated in the window. Undated ties alone
       would otherwise make every family a group in every year.
    4. Match each slice's groups to the groups of the slice before by Jaccard overlap
       of members (|A & B| / |A | B|): pairs are taken greedily, highest overlap first,
       one to one, when the overlap is at least `min_jaccard` (0.3). A matched group
       continues a *track*; an unmatched one starts a new track (``formed``); a track
       with no match ends (``dissolved``). A track continues only from the slice right
       before: a group that skips a year comes back as a new track.
    5. Each continued track records who joined and who left: ``grew`` (joined only),
       ``shrank`` (left only), ``changed`` (both) or ``stable``. A member who left is
       linked to a change of leadership when a HOLDS_POST ended between the start of
       the previous slice and the end of this one: the member's own post first, else
       the post of an official who was in the group before.

>>> from encircle.graph.records import Entity, Relation
>>> index = CaseIndex([Entity("g", "Person", "G"), Entity("o", "Person", "O", roles=("official",))],
...                   [Relation("g1", "GIFT", "g", "o", date="2015-03", amount=1.0),
...                    Relation("g2", "GIFT", "g", "o", date="2016-03", amount=1.0)])
>>> [(e.slice, e.track, e.kind, e.members) for e in group_evolution(index)]
[('2015', 'T1', 'formed', ('g', 'o')), ('2016', 'T1', 'stable', ('g', 'o'))]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from encircle.graph.records import Relation
from encircle.graph.stores import Store
from encircle.queries.analysis.communities import case_partition, flows_by_community
from encircle.queries.detection.case import CaseIndex
from encircle.queries.paths.traversal import in_window
from encircle.queries.timeline import date_bounds

__all__ = ["Event", "Slice", "group_evolution", "jaccard", "slice_groups", "yearly_slices"]


@dataclass(frozen=True)
class Slice:
    """A time window: relations dated in it, or valid during it, belong to the slice."""

    label: str
    date_from: str
    date_to: str


@dataclass(frozen=True)
class Event:
    """What happened to one track of groups in one slice."""

    slice: str
    track: str  # "T1", "T2", ... in order of formation
    kind: str  # formed, grew, shrank, changed, stable, dissolved
    members: tuple[str, ...]  # the group in this slice (the last members, when dissolved)
    joined: tuple[str, ...] = ()
    left: tuple[str, ...] = ()
    jaccard: float | None = None  # overlap with the track's members in the slice before
    post_endings: Mapping[str, str] = field(default_factory=dict)  # left member -> HOLDS_POST that ended

    def to_dict(self) -> dict[str, Any]:
        return {
            "slice": self.slice,
            "track": self.track,
            "kind": self.kind,
            "members": list(self.members),
            "joined": list(self.joined),
            "left": list(self.left),
            "jaccard": self.jaccard,
            "post_endings": dict(self.post_endings),
        }


def yearly_slices(index: CaseIndex, memory: int = 1) -> list[Slice]:
    """One slice per calendar year from the first to the last dated relation, each
    looking back `memory` years.

    >>> from encircle.graph.records import Relation
    >>> yearly_slices(CaseIndex([], [Relation("a", "GIFT", "x", "y", date="2015-03")]))
    [Slice(label='2015', date_from='2014-01-01', date_to='2015-12-31')]
    """
    years = sorted({int(r.date[:4]) for r in index.relations if r.date})
    if not years:
        return []
    return [Slice(str(y), f"{y - memory}-01-01", f"{y}-12-31") for y in range(years[0], years[-1] + 1)]


def slice_groups(
    index: CaseIndex, window: Slice, seed: int = 7, backend: str = "auto", min_size: int = 2, resolution: float = 1.0
) -> list[tuple[str, ...]]:
    """The active groups of one slice (step 2 and 3 of the method)."""
    relations = [r for r in index.relations if in_window(_dates(r), window.date_from, window.date_to)]
    sliced = CaseIndex(index.entities.values(), relations)
    communities = [c for c in case_partition(sliced, seed, resolution, backend) if len(c) >= min_size]
    flows = flows_by_community(sliced, communities)
    return [c for c, inside in zip(communities, flows, strict=True) if any(r.date for r in inside)]


def _dates(relation: Relation) -> dict[str, str | None]:
    return {"date": relation.date, "start_date": relation.start_date, "end_date": relation.end_date}


def jaccard(a: Sequence[str], b: Sequence[str]) -> float:
    """
    >>> jaccard(("a", "b", "c"), ("b", "c", "d"))
    0.5
    """
    union = set(a) | set(b)
    return len(set(a) & set(b)) / len(union) if union else 0.0


def group_evolution(
    case: Store | CaseIndex,
    slices: Sequence[Slice] | None = None,
    seed: int = 7,
    backend: str = "auto",
    min_jaccard: float = 0.3,
    min_size: int = 2,
    memory: int = 1,
    resolution: float = 1.0,
) -> list[Event]:
    """Events of every track of groups across `slices` (yearly_slices(index, memory) by
    default), in slice order, then track order."""
    index = case if isinstance(case, CaseIndex) else CaseIndex.of(case)
    events: list[Event] = []
    live: dict[str, tuple[str, ...]] = {}  # track -> its members in the previous slice
    previous: Slice | None = None
    count = 0
    for window in yearly_slices(index, memory) if slices is None else slices:
        groups = slice_groups(index, window, seed, backend, min_size, resolution)
        matches = _match(live, groups, min_jaccard)
        current: dict[str, tuple[str, ...]] = {}
        start = len(events)
        for group in groups:
            track = matches.get(group)
            if track is None:
                count += 1
                current[f"T{count}"] = group
                events.append(Event(window.label, f"T{count}", "formed", group))
                continue
            current[track] = group
            events.append(_continued(index, window, previous, track, live[track], group))
        for track in sorted(set(live) - set(current), key=_track_number):
            gone = live[track]
            endings = _post_endings(index, gone, gone, previous, window)
            events.append(Event(window.label, track, "dissolved", gone, (), gone, 0.0, endings))
        events[start:] = sorted(events[start:], key=lambda e: _track_number(e.track))
        live, previous = current, window
    return events


def _track_number(track: str) -> int:
    return int(track[1:])


def _match(
    live: Mapping[str, tuple[str, ...]], groups: Sequence[tuple[str, ...]], least: float
) -> dict[tuple[str, ...], str]:
    """Greedy one-to-one matching of this slice's groups to live tracks by Jaccard."""
    pairs = sorted(
        ((jaccard(members, group), track, group) for track, members in live.items() for group in groups),
        key=lambda p: (-p[0], _track_number(p[1]), p[2]),
    )
    matched: dict[tuple[str, ...], str] = {}
    for overlap, track, group in pairs:
        if overlap >= least and group not in matched and track not in matched.values():
            matched[group] = track
    return matched


def _continued(
    index: CaseIndex, window: Slice, previous: Slice | None, track: str, before: tuple[str, ...], group: tuple[str, ...]
) -> Event:
    joined = tuple(m for m in group if m not in before)
    left = tuple(m for m in before if m not in group)
    kind = {(True, False): "grew", (False, True): "shrank", (True, True): "changed"}.get(
        (bool(joined), bool(left)), "stable"
    )
    endings = _post_endings(index, left, before, previous, window)
    return Event(window.label, track, kind, group, joined, left, round(jaccard(before, group), 4), endings)


def _post_endings(
    index: CaseIndex, left: Sequence[str], before: Sequence[str], previous: Slice | None, window: Slice
) -> dict[str, str]:
    """For each member who left, a HOLDS_POST that ended around the change (see step 5)."""
    low = previous.date_from if previous else window.date_from
    ended = [
        r
        for r in index.by_type["HOLDS_POST"]
        if r.end_date and low <= date_bounds(r.end_date)[1] and date_bounds(r.end_date)[0] <= window.date_to
    ]
    leaders = [r for r in ended if r.source_id in before and index.is_official(r.source_id)]
    endings = {}
    for member in left:
        posts = [r for r in ended if r.source_id == member] or leaders
        if posts:
            endings[member] = posts[0].id
    return endings
