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

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Literal

from encircle.graph.records import RELATION_FIELDS, Entity, Relation
from encircle.graph.stores import Store
from encircle.queries.timeline import EARLIEST, LATEST, UNKNOWN_END, date_bounds, period_bounds

if TYPE_CHECKING:
    from encircle.queries.detection.unknown import Undated

__all__ = [
    "CONTROL",
    "DATED",
    "MAX_CHAIN",
    "Attributed",
    "CaseIndex",
    "Member",
    "Order",
    "days_between",
    "is_flow",
    "legs",
    "order",
    "overlaps",
    "period",
    "side_groups",
    "ties_at",
    "when",
]

CONTROL = ("OWNS", "DIRECTS")
DATED = ("GIFT", "APPROVED")  # relation types whose rules need the date
MAX_CHAIN = 3  # ownership levels followed up or down


@dataclass(frozen=True)
class Member:
    """Someone in an official's circle and how they are tied to the official."""

    id: str
    kind: str  # "relative", "staff", "associate" or "proxy_firm"
    via: tuple[Relation, ...]  # the relations that tie them (official -> ... -> member)


def when(relation: Relation) -> tuple[str, str]:
    """Sort key for dated relations: date, then id."""
    return (relation.date or "", relation.id)


@dataclass(frozen=True, slots=True)
class Attributed(Relation):
    """A decision a body made (`decision`, APPROVED from a PublicBody), attributed to one
    of the leaders who held a post there on its date (`post`): the approval as if that
    leader had signed it. It lives only in the index: evidence shows the post as an
    inferred step and the decision under its own id (findings.Chain.of)."""

    decision: Relation | None = None
    post: Relation | None = None


class CaseIndex:
    """A case's records indexed for the detectors (see the module docstring): entities by
    id, relations by source, target and type (only confirmed ones with `confirmed_only`),
    and each entity's side and circle, computed once when first asked for. :meth:`of` builds
    it from a store."""

    def __init__(
        self,
        entities: Iterable[Entity],
        relations: Iterable[Relation],
        confirmed_only: bool = False,
        dated_only: bool = False,
    ) -> None:
        self.entities = {e.id: e for e in entities}
        # Detection (dated_only) keeps gifts and approvals of unknown date apart: every
        # tactic reads their timing, and an unknown date is not a date. Out of every lookup,
        # they are `undated` (queries/detection/unknown.py), which the tactics read to say
        # which candidates they leave undecided; they still count in degree().
        self.dated_only = dated_only
        self.unknown_dates: list[Relation] = []
        self._for_detection: CaseIndex | None = None
        self.relations: list[Relation] = []
        self.outgoing: dict[str, list[Relation]] = defaultdict(list)
        self.incoming: dict[str, list[Relation]] = defaultdict(list)
        self.by_type: dict[str, list[Relation]] = defaultdict(list)
        # One pass over the relations, names bound locally: at a million entities each
        # pass touches gigabytes of records, and there were three.
        kept, unknown = self.relations.append, self.unknown_dates.append
        outgoing, incoming, by_type = self.outgoing, self.incoming, self.by_type
        for relation in relations:
            if confirmed_only and relation.status != "confirmed":
                continue
            kind = relation.type
            if dated_only and kind in DATED and not relation.date:
                unknown(relation)
                continue
            kept(relation)
            outgoing[relation.source_id].append(relation)
            incoming[relation.target_id].append(relation)
            by_type[kind].append(relation)
        self._undated: Counter[str] = Counter()
        self._undated.update(end for r in self.unknown_dates for end in (r.source_id, r.target_id))
        # Body decisions become each leader's approvals, out of the leader only: lookups of
        # a leader's approvals (and index.approvals) see them, the beneficiary's incoming
        # relations and degree() do not.
        self.attributed = self._attribute_body_decisions()
        for approval in self.attributed:
            self.outgoing[approval.source_id].append(approval)
        # Each adjacency's relation types, one character per relation: a lookup by type
        # scans that string (at C speed) and touches only the relations it returns. At a
        # million entities reading `type` off every relation of an adjacency (records
        # spread over gigabytes) was most of the detectors' time, and a (node, type)-keyed
        # copy of every adjacency was a third of the index's memory. Hubs also keep one
        # list per type, so that a lookup of one type there is a plain list copy.
        # The strings are made on a node's first lookup: detection looks up about half the
        # nodes of an ordinary case, and making them all was a third of building the index.
        self._code = {kind: chr(i) for i, kind in enumerate(self.by_type)}
        self._out_codes: dict[str, str] = {}
        self._in_codes: dict[str, str] = {}
        # A lookup of several types: the set of their characters, made once per tuple.
        self._wanted: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._out_typed = _typed(self.outgoing)
        self._in_typed = _typed(self.incoming)
        # The index never changes once built, so the neighbourhoods the detectors ask for
        # again and again (a giver's side, an official's circle) are computed once per
        # node; callers get copies, so nothing they do can alter a cached value.
        self._controllers: dict[str, set[str]] = {}
        self._controlled: dict[str, set[str]] = {}
        self._sides: dict[str, set[str]] = {}
        self._circles: dict[str, dict[str, Member]] = {}
        self._families: dict[str, set[str]] = {}
        self._signed: dict[str, list[Relation]] = {}
        self._gift_sides: dict[str, list[list[Relation]]] = {}

    @classmethod
    def of(cls, store: Store, confirmed_only: bool = False, dated_only: bool = False) -> CaseIndex:
        entities, relations = store.read_case()
        return cls(entities, relations, confirmed_only, dated_only)

    def for_detection(self) -> CaseIndex:
        """This index as the detectors read it: with gifts and approvals of unknown date kept
        apart (`dated_only`). Itself when it is so already or the case has none; else an
        index built so once, on first asking."""
        if self.dated_only or not any(not r.date for t in DATED for r in self.by_type.get(t, ())):
            return self
        if self._for_detection is None:
            self._for_detection = CaseIndex(self.entities.values(), self.relations, dated_only=True)
        return self._for_detection

    @cached_property
    def undated(self) -> Undated:
        """The gifts and approvals of unknown date this index keeps apart, indexed."""
        from encircle.queries.detection.unknown import Undated  # it reads this module's helpers

        return Undated(self, self.unknown_dates)

    # -- plain lookups ---------------------------------------------------------------

    def out(self, node: str, *types: str) -> list[Relation]:
        codes = self._out_codes.get(node)
        if codes is None:
            codes = self._codes_of(node, self.outgoing, self._out_codes)
        if not codes:
            return []
        if len(types) == 1 and len(codes) <= HUB:  # most lookups: _select's commonest case, inlined
            return _one(self.outgoing[node], codes, self._code.get(types[0], ""))
        return self._select(node, codes, types, self.outgoing, self._out_typed)

    def into(self, node: str, *types: str) -> list[Relation]:
        codes = self._in_codes.get(node)
        if codes is None:
            codes = self._codes_of(node, self.incoming, self._in_codes)
        if not codes:
            return []
        if len(types) == 1 and len(codes) <= HUB:  # as in out(): the detectors' hottest lines
            return _one(self.incoming[node], codes, self._code.get(types[0], ""))
        return self._select(node, codes, types, self.incoming, self._in_typed)

    def _codes_of(self, node: str, adjacency: dict[str, list[Relation]], made: dict[str, str]) -> str:
        """`node`'s type codes in `adjacency` ("" for none), made once and kept in `made`."""
        code = self._code
        relations = adjacency.get(node, ())  # get: the defaultdict would add an empty list
        made[node] = codes = "".join([code[r.type] for r in relations])
        return codes

    def _select(
        self,
        node: str,
        codes: str,
        types: tuple[str, ...],
        adjacency: dict[str, list[Relation]],
        typed: dict[str, dict[str, list[Relation]]],
    ) -> list[Relation]:
        """The relations of `types` in `node`'s adjacency (whose type codes are `codes`), in order."""
        if len(types) != 1:
            wanted = self._wanted.get(types)
            if wanted is None:
                wanted = tuple(sorted({self._code[t] for t in types if t in self._code}))
                self._wanted[types] = wanted
            present = [char for char in wanted if char in codes]  # at C speed; mostly one or none
            if len(present) > 1:
                chars = set(present)
                return [r for r, char in zip(adjacency[node], codes, strict=True) if char in chars]
            if not present:
                return []
            return _one(adjacency[node], codes, present[0])
        hub = typed.get(node)
        if hub is not None:
            return list(hub.get(types[0], ()))
        return _one(adjacency[node], codes, self._code.get(types[0], ""))

    def linked(self, node: str, *types: str) -> list[tuple[str, Relation]]:
        """(other end, relation) for relations of `types` touching `node` either way."""
        return [(r.target_id, r) for r in self.out(node, *types)] + [(r.source_id, r) for r in self.into(node, *types)]

    def degree(self, node: str) -> int:
        """Relations touching `node`, any type (a self-loop counts twice). A subclass built
        from part of a case (queries/detection/server.py) answers from the whole case instead."""
        out, into = len(self.outgoing.get(node, ())), len(self.incoming.get(node, ()))
        return out + into + self._undated.get(node, 0) - self._attributed_to.get(node, 0)

    def _attribute_body_decisions(self) -> list[Attributed]:
        """Each APPROVED from a PublicBody, once per leader holding a post there on its
        date (a post whose period overlaps the decision's), in decision then leader order."""
        self._attributed_to: Counter[str] = Counter()
        found = []
        for decision in self.by_type.get("APPROVED", ()):
            body = self.entities.get(decision.source_id)
            if body is None or body.type != "PublicBody":
                continue
            held: dict[str, Relation] = {}  # leader -> his first post held that day, by id
            for post in sorted(self.incoming.get(body.id, ()), key=lambda r: r.id):
                if post.type == "HOLDS_POST" and overlaps(post, decision):
                    held.setdefault(post.source_id, post)
            for post in (held[leader] for leader in sorted(held)):
                fields = {f: getattr(decision, f) for f in RELATION_FIELDS}
                fields |= {"id": f"{decision.id}@{post.source_id}", "source_id": post.source_id}
                fields["body_id"] = decision.body_id or body.id
                found.append(Attributed(**fields, decision=decision, post=post))
                self._attributed_to[post.source_id] += 1
        return found

    def name(self, node: str) -> str:
        entity = self.entities.get(node)
        return entity.name if entity else node

    def is_official(self, node: str) -> bool:
        entity = self.entities.get(node)
        return bool(entity and ("official" in entity.roles or self.out(node, "HOLDS_POST")))

    @cached_property
    def officials(self) -> list[str]:
        """Entities with the official role or a post, and anyone who approves something
        (on a known date or not)."""
        posted = {r.source_id for r in self.by_type.get("HOLDS_POST", ())}  # is_official() for every entity
        named = {e for e, entity in self.entities.items() if "official" in entity.roles or e in posted}
        signed = {r.source_id for r in self.unknown_dates if r.type == "APPROVED" and not self._by_body(r)}
        return sorted(named | signed | {a.source_id for a in self.approvals})

    @cached_property
    def approvals(self) -> list[Relation]:
        """Every approval an official signed, and every body decision once per leader it
        is attributed to, by date then id."""
        signed = [r for r in self.by_type["APPROVED"] if not self._by_body(r)]
        return sorted([*signed, *self.attributed], key=lambda r: (r.date or "", r.id))

    def approvals_view(self, official: str) -> list[Relation]:
        """`official`'s approvals (those attributed to him included) in `approvals`' order,
        sorted once per official, for hot loops: do not alter the list."""
        signed = self._signed.get(official)
        if signed is None:
            self._signed[official] = signed = sorted(self.out(official, "APPROVED"), key=when)
        return signed

    def _by_body(self, relation: Relation) -> bool:
        entity = self.entities.get(relation.source_id)
        return entity is not None and entity.type == "PublicBody"

    @cached_property
    def gifts(self) -> list[Relation]:
        return sorted(self.by_type["GIFT"], key=lambda r: (r.date or "", r.id))

    # -- control: owners and directors up, controlled firms down ---------------------

    def controllers(self, node: str) -> set[str]:
        """Who owns or directs `node`, following ownership up to MAX_CHAIN levels."""
        return set(self._controllers_view(node))

    def _controllers_view(self, node: str) -> set[str]:
        return _kept(self._controllers, node, self._controllers_of)

    def _controllers_of(self, node: str) -> set[str]:
        found: set[str] = set()
        frontier = {node}
        for _ in range(MAX_CHAIN):
            frontier = {r.source_id for n in frontier for r in self.into(n, *CONTROL)} - found - {node}
            if not frontier:  # the top of the chain: further levels would find nothing
                break
            found |= frontier
        return found

    def controlled(self, node: str) -> set[str]:
        """Firms `node` owns or directs, following ownership down MAX_CHAIN levels."""
        return set(self._controlled_view(node))

    def _controlled_view(self, node: str) -> set[str]:
        return _kept(self._controlled, node, self._controlled_by)

    def _controlled_by(self, node: str) -> set[str]:
        found: set[str] = set()
        frontier = {node}
        for _ in range(MAX_CHAIN):
            frontier = {r.target_id for n in frontier for r in self.out(n, *CONTROL)} - found - {node}
            if not frontier:  # the bottom of the chain, as in _controllers_of
                break
            found |= frontier
        return found

    def relatives(self, node: str) -> set[str]:
        found = {r.target_id for r in self.out(node, "RELATIVE_OF")}  # linked() without its pairs
        return found | {r.source_id for r in self.into(node, "RELATIVE_OF")}

    def are_relatives(self, node: str, other: str) -> bool:
        """`other in self.relatives(node)`, without building the set."""
        pairs = self._kin
        return (node, other) in pairs or (other, node) in pairs

    @cached_property
    def _kin(self) -> set[tuple[str, str]]:
        # Every RELATIVE_OF as (source, target), made on the first are_relatives(): the
        # detectors ask it of hundreds of thousands of gifts (is it a family present?),
        # and two adjacency lookups per question were a tenth of their time.
        return {(r.source_id, r.target_id) for r in self.by_type.get("RELATIVE_OF", ())}

    def side(self, node: str) -> set[str]:
        """`node`, its controllers, their relatives, and every firm any of them controls."""
        return set(self.side_view(node))

    def side_view(self, node: str) -> set[str]:
        """`side(node)` without the copy, for membership tests in hot loops: do not alter it."""
        if node not in self._sides:
            self._sides[node] = self._side_of(node)
        return self._sides[node]

    def _side_of(self, node: str) -> set[str]:
        # the cached sets read in place: a stress case works out tens of thousands of sides
        people = {node} | self._controllers_view(node)
        people |= {rel for p in list(people) for rel in self.relatives(p)}
        return people | {firm for p in people for firm in self._controlled_view(p)}

    # -- an official's circle -------------------------------------------------------

    def circle(self, official: str) -> dict[str, Member]:
        """The people and proxy firms around an official, each with how they are tied."""
        if official not in self._circles:
            self._circles[official] = self._circle_of(official)
        return dict(self._circles[official])

    def _circle_of(self, official: str) -> dict[str, Member]:
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

    def family(self, official: str) -> set[str]:
        return set(self.family_view(official))

    def family_view(self, official: str) -> set[str]:
        """`family(official)` without the copy, for hot loops: do not alter it."""
        if official not in self._families:
            circle = self.circle(official).items()
            self._families[official] = {m for m, member in circle if member.kind == "relative"}
        return self._families[official]

    def gifts_by_side(self, official: str) -> list[list[Relation]]:
        """The dated gifts to an official and the official's relatives, one list per giver
        side (in date order), leaving out presents within the family."""
        if official not in self._gift_sides:
            self._gift_sides[official] = self._gifts_by_side(official)
        return [list(side) for side in self._gift_sides[official]]

    def _gifts_by_side(self, official: str) -> list[list[Relation]]:
        own = {official} | self.family_view(official)
        gifts = [
            g
            for r in sorted(own)
            for g in self.into(r, "GIFT")
            if g.date and g.source_id not in own and not self.are_relatives(g.target_id, g.source_id)
        ]
        gifts.sort(key=when)  # two givers are one side when either is on the other's
        group_of = {
            giver: i for i, members in enumerate(side_groups(self, (g.source_id for g in gifts))) for giver in members
        }
        groups: dict[int, list[Relation]] = {}
        for gift in gifts:
            groups.setdefault(group_of[gift.source_id], []).append(gift)
        return sorted(groups.values(), key=lambda s: when(s[0]))


HUB = 32  # adjacencies longer than this also get one list per type


def _one(relations: list[Relation], codes: str, code: str) -> list[Relation]:
    """The relations whose type has `code` (none for ""), in order."""
    at = codes.find(code) if code else -1
    if at < 0:
        return []
    found = [relations[at]]
    at = codes.find(code, at + 1)
    while at >= 0:  # mostly not: one relation of a type per node is the rule
        found.append(relations[at])
        at = codes.find(code, at + 1)
    return found


def _typed(adjacency: dict[str, list[Relation]]) -> dict[str, dict[str, list[Relation]]]:
    typed: dict[str, dict[str, list[Relation]]] = {}
    for node, relations in adjacency.items():
        if len(relations) > HUB:
            lists: dict[str, list[Relation]] = {}
            for relation in relations:
                lists.setdefault(relation.type, []).append(relation)
            typed[node] = lists
    return typed


@lru_cache(maxsize=1 << 16)
def _bounds(value: str) -> tuple[str, str]:
    # a case has a few thousand distinct dates, asked for hundreds of thousands of times
    return date_bounds(value)


@lru_cache(maxsize=1 << 16)
def _day(value: str) -> int:
    return dt.date.fromisoformat(_bounds(value)[0]).toordinal()


def period(relation: Relation) -> tuple[str, str]:
    """First and last day a relation can stand for: its date, or its validity period."""
    if relation.date:
        return _bounds(relation.date)
    if relation.end_date == UNKNOWN_END:
        return period_bounds(relation.start_date, relation.end_date)  # a former post: see there
    low = _bounds(relation.start_date)[0] if relation.start_date else EARLIEST
    high = _bounds(relation.end_date)[1] if relation.end_date else LATEST
    return low, high


Order = Literal["before", "after", "open"]


def order(first: Relation, second: Relation, touching: Order = "open") -> Order:
    """Whether `first` happened before or after `second`, given fuzzy dates: "before" when
    its last possible day precedes the other's first possible day, "after" when its first
    follows the other's last, "open" when the dates leave the order undecided (coarse
    dates that overlap, or a date not known). `touching` is the answer when `first`'s last
    possible day is `second`'s first (the same day, for day dates).

    >>> gift = Relation("g", "GIFT", "a", "b", date="2017")
    >>> approval = Relation("a", "APPROVED", "b", "c", date="2017-01-05")
    >>> order(gift, approval), order(approval, gift)
    ('open', 'open')
    >>> order(Relation("g", "GIFT", "a", "b", date="2016-12"), approval)
    'before'
    """
    (first_low, first_high), (second_low, second_high) = period(first), period(second)
    if first_high < second_low:
        return "before"
    if first_low > second_high:
        return "after"
    return touching if first_high == second_low else "open"


def days_between(earlier: str, later: str) -> int:
    """Days from the start of `earlier` to the start of `later` (negative if before)."""
    return _day(later) - _day(earlier)


def overlaps(a: Relation, b: Relation) -> bool:
    """True when the two relations' periods (see :func:`period`) share at least one possible
    day."""
    a_low, a_high = period(a)
    b_low, b_high = period(b)
    return max(a_low, b_low) <= min(a_high, b_high)  # false when either is empty (NEVER)


def legs(index: CaseIndex, official: str, member: Member) -> list[list[Relation]]:
    """Every relation of each link tying `member` to `official`, from the member's end: a
    proxy firm's control by its owner or director, then that person's tie to the official.
    Member.via holds only the first relation found; a later one may be the one that held."""
    first = member.via[0]
    person = member.via[-1].source_id if member.kind == "proxy_firm" else member.id
    if first.type == "EMPLOYED_BY":
        tie = [r for r in index.into(official, "EMPLOYED_BY") if r.source_id == person]
    else:
        tie = [r for other, r in index.linked(official, first.type) if other == person]
    if member.kind != "proxy_firm":
        return [tie]
    return [[r for r in index.into(member.id, *CONTROL) if r.source_id == person], tie]


def ties_at(index: CaseIndex, official: str, member: Member, gifts: Iterable[Relation]) -> tuple[Relation, ...]:
    """The tie relations that held at one of `gifts`, link by link; empty when some link of
    the tie held at none of them."""
    gifts = list(gifts)
    held = [
        sorted((r for r in leg if any(overlaps(r, g) for g in gifts)), key=lambda r: r.id)
        for leg in legs(index, official, member)
    ]
    return tuple(r for leg in held for r in leg) if all(held) else ()


def is_flow(index: CaseIndex, relation: Relation) -> bool:
    """A GIFT or an APPROVED relation, except a gift inside a family (family life)."""
    if relation.type == "GIFT":
        return not index.are_relatives(relation.source_id, relation.target_id)
    return relation.type == "APPROVED"


def side_groups(index: CaseIndex, givers: Iterable[str]) -> list[tuple[str, ...]]:
    """Givers grouped into sides, in first-seen order: two givers are one side when either
    is on the other's side (a chairman and his bank), and so are givers linked through
    others. Each giver's side is read once (union-find over the givers it names), so
    thousands of unrelated givers cost thousands of steps, not millions."""
    firsts = {g: i for i, g in enumerate(dict.fromkeys(givers))}
    parent = list(range(len(firsts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for giver, i in firsts.items():
        for other in index.side_view(giver):
            j = firsts.get(other)
            if j is not None and (a := root(i)) != (b := root(j)):
                parent[max(a, b)] = min(a, b)  # the root is always the first-seen member
    groups: dict[int, list[str]] = {}
    for giver, i in firsts.items():  # in first-seen order, so members and groups come out in it
        groups.setdefault(root(i), []).append(giver)
    return [tuple(members) for members in groups.values()]


def _kept(made: dict[str, set[str]], node: str, make: Callable[[str], set[str]]) -> set[str]:
    """`made[node]`, made by `make` on the first asking; the set itself, not a copy."""
    found = made.get(node)
    if found is None:
        made[node] = found = make(node)
    return found
