"""An in-memory index of a store's records for the detectors: who gave what to whom,
who approved what, who holds which post, and the people and firms around each entity.

Built once per detection run from `store.entities()` and `store.relations()`, which both
stores return identically and in id order, so detection gives the same findings on both.

Two notions carry most tactics:

- the **side** of an entity: the people who control it (owners and directors, up an
  ownership chain), the firms they control, and those people's relatives and the
  relatives' firms — "the giver's side" that benefits from an approval;
- the **circle** of an official: relatives, staff (secretaries, drivers), close
  associates, and the firms those people own or direct ("proxy firms").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from encircle.graph.records import Entity, Relation
from encircle.graph.stores import Store
from encircle.queries.timeline import EARLIEST, LATEST, date_bounds

CONTROL = ("OWNS", "DIRECTS")
MAX_CHAIN = 3  # ownership levels followed up or down


@dataclass(frozen=True)
class Member:
    """Someone in an official's circle and how they are tied to the official."""

    id: str
    kind: str  # "relative", "staff", "associate" or "proxy_firm"
    via: tuple[Relation, ...]  # the relations that tie them (official -> ... -> member)


class CaseIndex:
    def __init__(self, entities: Iterable[Entity], relations: Iterable[Relation], confirmed_only: bool = False) -> None:
        self.entities = {e.id: e for e in entities}
        self.relations = [r for r in relations if not confirmed_only or r.status == "confirmed"]
        self.outgoing: dict[str, list[Relation]] = defaultdict(list)
        self.incoming: dict[str, list[Relation]] = defaultdict(list)
        self.by_type: dict[str, list[Relation]] = defaultdict(list)
        for relation in self.relations:
            self.outgoing[relation.source_id].append(relation)
            self.incoming[relation.target_id].append(relation)
            self.by_type[relation.type].append(relation)

    @classmethod
    def of(cls, store: Store, confirmed_only: bool = False) -> CaseIndex:
        return cls(store.entities(), store.relations(), confirmed_only)

    # -- plain lookups ---------------------------------------------------------------

    def out(self, node: str, *types: str) -> list[Relation]:
        return [r for r in self.outgoing.get(node, ()) if r.type in types]

    def into(self, node: str, *types: str) -> list[Relation]:
        return [r for r in self.incoming.get(node, ()) if r.type in types]

    def linked(self, node: str, *types: str) -> list[tuple[str, Relation]]:
        """(other end, relation) for relations of `types` touching `node` either way."""
        return [(r.target_id, r) for r in self.out(node, *types)] + [(r.source_id, r) for r in self.into(node, *types)]

    def name(self, node: str) -> str:
        entity = self.entities.get(node)
        return entity.name if entity else node

    def is_official(self, node: str) -> bool:
        entity = self.entities.get(node)
        return bool(entity and ("official" in entity.roles or self.out(node, "HOLDS_POST")))

    @cached_property
    def approvals(self) -> list[Relation]:
        return sorted(self.by_type["APPROVED"], key=lambda r: (r.date or "", r.id))

    @cached_property
    def gifts(self) -> list[Relation]:
        return sorted(self.by_type["GIFT"], key=lambda r: (r.date or "", r.id))

    # -- control: owners and directors up, controlled firms down ---------------------

    def controllers(self, node: str) -> set[str]:
        """Who owns or directs `node`, following ownership up to MAX_CHAIN levels."""
        found: set[str] = set()
        frontier = {node}
        for _ in range(MAX_CHAIN):
            frontier = {r.source_id for n in frontier for r in self.into(n, *CONTROL)} - found - {node}
            found |= frontier
        return found

    def controlled(self, node: str) -> set[str]:
        """Firms `node` owns or directs, following ownership down MAX_CHAIN levels."""
        found: set[str] = set()
        frontier = {node}
        for _ in range(MAX_CHAIN):
            frontier = {r.target_id for n in frontier for r in self.out(n, *CONTROL)} - found - {node}
            found |= frontier
        return found

    def relatives(self, node: str) -> set[str]:
        return {other for other, _ in self.linked(node, "RELATIVE_OF")}

    def side(self, node: str) -> set[str]:
        """`node`, its controllers, their relatives, and every firm any of them controls."""
        people = {node} | self.controllers(node)
        people |= {rel for p in list(people) for rel in self.relatives(p)}
        return people | {firm for p in people for firm in self.controlled(p)}

    # -- an official's circle -------------------------------------------------------

    def circle(self, official: str) -> dict[str, Member]:
        """The people and proxy firms around an official, each with how they are tied."""
        members: dict[str, Member] = {}
        for other, relation in self.linked(official, "RELATIVE_OF"):
            members.setdefault(other, Member(other, "relative", (relation,)))
        for relation in self.into(official, "EMPLOYED_BY"):
            members.setdefault(relation.source_id, Member(relation.source_id, "staff", (relation,)))
        for other, relation in self.linked(official, "ASSOCIATE_OF"):
            members.setdefault(other, Member(other, "associate", (relation,)))
        for person in list(members):
            if members[person].kind in ("relative", "associate"):
                for tie in self.out(person, *CONTROL):
                    members.setdefault(tie.target_id, Member(tie.target_id, "proxy_firm", (*members[person].via, tie)))
        members.pop(official, None)
        return members


def period(relation: Relation) -> tuple[str, str]:
    """First and last day a relation can stand for: its date, or its validity period."""
    if relation.date:
        return date_bounds(relation.date)
    low = date_bounds(relation.start_date)[0] if relation.start_date else EARLIEST
    high = date_bounds(relation.end_date)[1] if relation.end_date else LATEST
    return low, high


def days_between(earlier: str, later: str) -> int:
    """Days from the start of `earlier` to the start of `later` (negative if before)."""
    import datetime as dt

    return (dt.date.fromisoformat(date_bounds(later)[0]) - dt.date.fromisoformat(date_bounds(earlier)[0])).days
