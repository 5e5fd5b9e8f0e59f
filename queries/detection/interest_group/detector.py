"""interest_group: givers and officials bound together by benefit loops.

Methodology
    A *benefit loop* is a gift that reaches an official, directly or through their circle
    (queries/detection/case.py: relatives, staff, close associates and their firms), and an approval
    by that official for the giver's side: the giver is on the side of the approval's
    beneficiary (its owners and directors, their relatives and firms), or is a
    *go-between*, a close associate (ASSOCIATE_OF: a friend, a sworn brother) of someone on
    that side. The gift must fall between `before_days` before and `after_days` after the
    approval (both dated), and a circle member's tie to the official must have held on the
    gift's date. Loops that share anyone (the official, the giver, the beneficiary, the
    circle member or a person or firm on the ties between them) are merged into one
    candidate group; its members are everyone on its loops. A group is *bound*, and can be
    flagged, when it holds at least `min_officials` officials with a loop of their own, or
    at least `min_sides` distinct beneficiary sides (two bosses buying the same official).
    One finding per candidate group, with one evidence chain per official (the gifts that
    reached them and their approvals for the givers' side, then the circle ties the gifts
    went through) and one chain of the ties binding the givers to the beneficiaries.

Why it is a red flag
    The source document: "power rent-seeking, internal and external collusion to form
    interest groups"; a bank's chairman reaching most of a regulator's leadership, a
    businessman who is the official's "brother". One bribe for one decision is a direct
    transaction; what makes a group is several officials, or several business sides,
    bound to one another by gifts in and decisions out - the boss, his firms, his
    go-between and the officials who decide for them, each link a recorded flow.

Parameters
    before_days (1095): how long before an approval a gift still closes a loop;
    after_days (365): how long after it (a thank-you, a kickback after the award);
    min_officials (2): officials with a loop of their own that make a group bound;
    min_sides (2): beneficiary sides (the beneficiaries grouped by queries.case.side_groups)
    that make a group bound around one official;
    threshold (0.5): the score from which a bound group is flagged.

Score
    officials 0.2 per official with a loop (up to 0.6); sides 0.2 per beneficiary side
    (up to 0.4); intermediaries 0.1 when a gift went through an official's circle or a
    go-between; value up to 0.2 on a log scale of the flows on the loops (0.025 x log10,
    0.2 at 100,000,000); capped at 1, times the weakest evidence status of the flows and
    ties cited. Groups are ranked bound first, then by officials, sides and value; the
    rank opens the explanation.

Exclusions
    A single loop, or several loops of one official with one side, is `not_flagged`
    however large: it is one transaction (direct_transaction or roundabout judge it), not
    a group. Officials who approve for a firm whose people gave them nothing (clean
    tenders), and gifts that no approval for the giver's side answers (festival presents
    among friends), form no loop and appear in no finding. Gifts inside a family, or from
    the official himself, are not part of a loop.

Assumptions
    Kinship, friendship and control without a period always hold; ties between giver and
    beneficiary are cited as the shortest path of control and kinship relations between
    them (relations taken in id order), plus the go-between's ASSOCIATE_OF. Merging is
    transitive: a firm or person on the loops of two groups (a shared holding company)
    makes them one, and the chains show through whom. Amounts share one currency.
    Members, loops and chains are sorted, so the same case gives the same groups on every
    run and store, whatever the input order.

Unknown dates (queries/detection/unknown.py)
    A gift or an approval of unknown date makes a *possible* loop (it may fall in the
    window). Groups merge dated and possible loops; a group with possible loops is flagged
    only if its dated loops alone would be, and `insufficient_data` if it would be flagged
    only with the possible ones (the explanation names the undated facts).

Worked example
    A chairman gives two officials of a bureau cash; both approve his bank: two officials
    bound to one side, flagged. The bureau is no member (a post is no benefit flow).

>>> from encircle.graph.records import Entity, Relation
>>> index = CaseIndex([Entity("li", "Person", "Li", roles=("businessperson",)), Entity("bank", "Company", "Bank"),
...                    Entity("xue", "Person", "Xue", roles=("official",)),
...                    Entity("song", "Person", "Song", roles=("official",))],
...                   [Relation("dir", "DIRECTS", "li", "bank"),
...                    Relation("g1", "GIFT", "li", "xue", date="2015-02", amount=1200000.0),
...                    Relation("g2", "GIFT", "li", "song", date="2015-09", amount=2000000.0),
...                    Relation("a1", "APPROVED", "xue", "bank", date="2016-10-12"),
...                    Relation("a2", "APPROVED", "song", "bank", date="2017-03-03")])
>>> [(f.verdict, f.score, f.entities, f.relations) for f in detect(index)]
[('flagged', 0.7626, ('bank', 'li', 'song', 'xue'), ('g1', 'a1', 'g2', 'a2', 'dir'))]
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from encircle.graph.records import Relation
from encircle.queries.detection.case import (
    CONTROL,
    MAX_CHAIN,
    CaseIndex,
    days_between,
    is_flow,
    side_groups,
    ties_at,
    when,
)
from encircle.queries.detection.findings import Chain, Finding, flag, scored, settings
from encircle.queries.detection.unknown import no_dates, pronoun, undecided

__all__ = ["TACTIC", "WEIGHTS", "Group", "Loop", "Parameters", "benefit_loops", "detect"]

TACTIC = "interest_group"

# Relation types it judges nothing without (any one of each group): coverage.py.
NEEDS = (("GIFT",), ("APPROVED",))
# The most each feature contributes to the score (the Score section above explains each).
WEIGHTS = {"officials": 0.6, "sides": 0.4, "intermediaries": 0.1, "value": 0.2}
SIDE_TIES = (*CONTROL, "RELATIVE_OF")  # the relations index.side() follows
MAX_TIE_HOPS = 2 * MAX_CHAIN + 2  # up an ownership chain, across a kinship, down another


@dataclass(frozen=True)
class Parameters:
    """interest_group's settings, each explained with its default under Parameters in the
    module docstring."""

    before_days: int = 1095
    after_days: int = 365
    min_officials: int = 2
    min_sides: int = 2
    threshold: float = 0.5


@dataclass(frozen=True)
class Loop:
    """A gift reaching `official` (through `circle` ties, if to a circle member) and the
    official's approval for the giver's side (`ties`: giver to beneficiary)."""

    official: str
    gift: Relation
    approval: Relation
    circle: tuple[Relation, ...]
    ties: tuple[Relation, ...]
    go_between: bool  # the giver is a close associate of the beneficiary's side, not on it

    @property
    def possible(self) -> bool:
        """A loop only if the gift or the approval, whose date is unknown, fell in the window."""
        return not (self.gift.date and self.approval.date)

    @property
    def nodes(self) -> set[str]:
        ends = {self.official, self.gift.source_id, self.gift.target_id, self.approval.target_id}
        return ends | {n for r in (*self.circle, *self.ties) for n in (r.source_id, r.target_id)}


@dataclass(frozen=True)
class Group:
    """A candidate group: benefit loops merged because they share someone, its members
    (everyone on the loops), the officials with a loop, and the beneficiaries grouped into
    sides."""

    members: tuple[str, ...]
    loops: tuple[Loop, ...]
    officials: tuple[str, ...]  # officials with a loop, in chain order
    sides: tuple[tuple[str, ...], ...]  # beneficiaries grouped into sides

    @property
    def flows(self) -> list[Relation]:
        return list({r.id: r for loop in self.loops for r in (loop.gift, loop.approval)}.values())

    @property
    def value(self) -> float:
        return sum(r.amount or 0.0 for r in self.flows)


def detect(index: CaseIndex, parameters: Parameters | None = None) -> list[Finding]:
    """One finding per candidate group, ranked bound first, then by officials, sides and
    value (see the module docstring); flagged when bound and the score reaches `threshold`."""
    p = parameters or Parameters()
    groups = [_group(index, loops) for loops in _merged(benefit_loops(index, p))]
    groups.sort(key=lambda g: (not _bound(g, p), -len(g.officials), -len(g.sides), -g.value, g.members))
    return [_judged(index, g, rank, len(groups), p) for rank, g in enumerate(groups, 1)]


def _judged(index: CaseIndex, group: Group, rank: int, count: int, p: Parameters) -> Finding:
    """The group's finding. With possible loops (a gift or approval of unknown date), it is
    flagged only if its dated loops alone would be; undecided if it would be flagged only
    with the possible ones."""
    finding = _finding(index, group, rank, count, p)
    possible = [loop for loop in group.loops if loop.possible]
    if not possible:
        return finding
    dated = [loop for loop in group.loops if not loop.possible]
    if dated:
        alone = _finding(index, _group(index, dated), rank, count, p)
        if alone.verdict == "flagged":
            return alone
    if finding.verdict != "flagged":
        return finding
    unknown = list({r.id: r for loop in possible for r in (loop.gift, loop.approval) if not r.date}.values())
    it = pronoun(unknown)
    why = f"{no_dates(index, unknown)}: cannot tell whether {it} closed a loop within the window"
    return undecided(finding, why, [])


def benefit_loops(index: CaseIndex, p: Parameters) -> list[Loop]:
    """Every (gift, approval) pair closing a loop, by official, approval, then gift; with
    a gift or an approval of unknown date, a possible loop (`Loop.possible`)."""
    by_official: dict[str, list[Relation]] = {}
    for approval in [*index.approvals, *index.undated.approvals]:
        by_official.setdefault(approval.source_id, []).append(approval)
    found: list[Loop] = []
    camps: dict[str, dict[str, tuple[Relation, str] | None]] = {}
    paths: dict[tuple[str, str], tuple[Relation, ...]] = {}
    for official in sorted(by_official):
        gifts = _gifts_reaching(index, official)
        if not gifts:
            continue
        for approval in by_official[official]:
            beneficiary = approval.target_id
            if beneficiary not in camps:
                camps[beneficiary] = _camp(index, beneficiary)
            camp = camps[beneficiary]
            for gift, circle in gifts:
                if gift.source_id not in camp or not _in_window(gift, approval, p):
                    continue
                via = camp[gift.source_id]  # (ASSOCIATE_OF, the associate on the side) for a go-between
                start = via[1] if via else gift.source_id
                if (start, beneficiary) not in paths:
                    paths[start, beneficiary] = _tie_path(index, start, beneficiary)
                ties = (*(via[:1] if via else ()), *paths[start, beneficiary])
                found.append(Loop(official, gift, approval, circle, ties, via is not None))
    return found


def _gifts_reaching(index: CaseIndex, official: str) -> list[tuple[Relation, tuple[Relation, ...]]]:
    """Gifts into the official or a circle member whose tie held on the gift's date (any
    day the tie held, for a gift of unknown date), with that tie's relations (none for a
    direct gift), in date order."""
    circle = index.circle(official)
    undated = index.undated
    found: list[tuple[Relation, tuple[Relation, ...]]] = []
    for receiver in sorted({official} | circle.keys()):
        for gift in (
            [*index.into(receiver, "GIFT"), *undated.gifts_into(receiver)] if undated else index.into(receiver, "GIFT")
        ):
            if gift.source_id == official or not is_flow(index, gift):
                continue
            if receiver == official:
                found.append((gift, ()))
            elif ties := ties_at(index, official, circle[receiver], [gift]):
                found.append((gift, ties))
    return sorted(found, key=lambda pair: when(pair[0]))


def _camp(index: CaseIndex, beneficiary: str) -> dict[str, tuple[Relation, str] | None]:
    """Who gives for `beneficiary`: everyone on its side (None), and each close associate
    of someone on it (the ASSOCIATE_OF relation tying them and that someone; lowest
    relation id first)."""
    side = index.side_view(beneficiary)
    camp: dict[str, tuple[Relation, str] | None] = dict.fromkeys(side)
    ties = sorted(((r, member, other) for member in side for other, r in index.linked(member, "ASSOCIATE_OF")), key=_id)
    for tie, member, other in ties:
        if other not in camp:
            camp[other] = (tie, member)
    return camp


def _id(item: tuple[Relation, str, str]) -> str:
    return item[0].id


def _in_window(gift: Relation, approval: Relation, p: Parameters) -> bool:
    if not (gift.date and approval.date):
        return True  # may be: a possible loop
    lead = days_between(gift.date, approval.date)  # positive: the gift came first
    return -p.after_days <= lead <= p.before_days


def _tie_path(index: CaseIndex, start: str, goal: str) -> tuple[Relation, ...]:
    """The shortest chain of control and kinship relations from `start` to `goal` (either
    direction; neighbours in relation id order), empty when they are the same."""
    if start == goal:
        return ()
    came: dict[str, tuple[str, Relation] | None] = {start: None}
    frontier, depth = deque([start]), {start: 0}
    while frontier:
        node = frontier.popleft()
        if depth[node] >= MAX_TIE_HOPS:
            continue
        for other, relation in sorted(index.linked(node, *SIDE_TIES), key=lambda pair: pair[1].id):
            if other in came:
                continue
            came[other], depth[other] = (node, relation), depth[node] + 1
            if other == goal:
                path = []
                step = came[goal]
                while step is not None:
                    path.append(step[1])
                    step = came[step[0]]
                return tuple(reversed(path))
            frontier.append(other)
    return ()


def _merged(loops: Iterable[Loop]) -> list[list[Loop]]:
    """Loops sharing any node, merged (union-find), each group in loop order."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    loops = list(loops)
    for loop in loops:
        first, *rest = sorted(loop.nodes)
        for node in rest:
            a, b = root(first), root(node)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[str, list[Loop]] = {}
    for loop in loops:
        groups.setdefault(root(loop.official), []).append(loop)
    return list(groups.values())


def _group(index: CaseIndex, loops: list[Loop]) -> Group:
    members = tuple(sorted(set().union(*(loop.nodes for loop in loops))))
    firsts: dict[str, tuple[str, str]] = {}
    for loop in loops:
        firsts[loop.official] = min(firsts.get(loop.official, when(loop.gift)), when(loop.gift))
    officials = tuple(sorted(firsts, key=lambda o: (firsts[o], o)))
    beneficiaries = sorted({loop.approval.target_id for loop in loops})
    return Group(members, tuple(loops), officials, tuple(side_groups(index, beneficiaries)))


def _bound(group: Group, p: Parameters) -> bool:
    return len(group.officials) >= p.min_officials or len(group.sides) >= p.min_sides


def _chains(index: CaseIndex, group: Group) -> list[Chain]:
    chains = []
    for official in group.officials:
        mine = [loop for loop in group.loops if loop.official == official]
        flows = {r.id: r for loop in mine for r in (loop.gift, loop.approval)}
        circle = {r.id: r for loop in mine for r in loop.circle}
        steps = sorted(flows.values(), key=when) + [circle[k] for k in sorted(circle)]
        label = f"gifts reaching {index.name(official)} and their approvals for the givers' side"
        chains.append(Chain.of(label, steps))
    ties = {r.id: r for loop in group.loops for r in loop.ties}
    if ties:
        chains.append(Chain.of("ties binding the givers to the beneficiaries", [ties[k] for k in sorted(ties)]))
    return chains


def _finding(index: CaseIndex, group: Group, rank: int, count: int, p: Parameters) -> Finding:
    chains = _chains(index, group)
    cited = [r for loop in group.loops for r in (loop.gift, loop.approval, *loop.circle, *loop.ties)]
    through = any(loop.circle or loop.go_between for loop in group.loops)
    features = {
        "officials": round(min(WEIGHTS["officials"], 0.2 * len(group.officials)), 4),
        "sides": round(min(WEIGHTS["sides"], 0.2 * len(group.sides)), 4),
        "intermediaries": WEIGHTS["intermediaries"] if through else 0.0,
        "value": round(min(WEIGHTS["value"], 0.025 * math.log10(group.value + 1)), 4),
    }
    score, contributions = scored(features, cited)
    bound = _bound(group, p)
    verdict = flag(score, p.threshold, when=bool(bound))
    flows = group.flows
    gifts = sum(r.type == "GIFT" for r in flows)
    go_betweens = sorted({loop.gift.source_id for loop in group.loops if loop.go_between})
    sides = "; ".join(", ".join(index.name(b) for b in side) for side in group.sides)
    explanation = (
        f"Group {rank} of {count}: {len(group.officials)} official(s) "
        f"({', '.join(index.name(o) for o in group.officials)}) approved something for the side of a giver "
        f"whose gift reached them or their circle; {len(group.sides)} beneficiary side(s) ({sides}); "
        f"{gifts} gift(s) and {len(flows) - gifts} approval(s) worth {group.value:,.0f}"
    )
    if go_betweens:
        explanation += f"; go-between(s): {', '.join(index.name(g) for g in go_betweens)}"
    if not bound:
        explanation += (
            f". Below {p.min_officials} officials and {p.min_sides} sides: a single transaction, not a group."
        )
    else:
        explanation += "."
    return Finding(TACTIC, verdict, score, contributions, group.members, tuple(chains), explanation, settings(p))
