"""bid_rigging: a tender narrowed for a winner tied to the official who ran it.

Methodology
    Every approval with procedure data is a tender. A tender is a *candidate* when its
    competition was restricted: the `procedure` is more restrictive than the
    `planned_procedure` (open < invited < negotiated < single_source < none), or it is not
    open, or firms were `excluded`. For each candidate, look for a connection between the
    winner's *side* (queries/detection/case.py) and the approving official: gifts from the side to
    the official, or to the official's circle, from `before_days` before the award to
    `after_days` after it; failing that, the shortest path of at most `max_hops` standing
    ties (kinship, association, employment, ownership, directorship, posts) from the
    official to anyone on the side, through entities that are not hubs. Each indicator is
    reported as its own contribution, in the style of Fazekas' corruption-risk index and
    the Open Contracting red flags.

Why it is a red flag
    The source document: Zhao Mingwei "changed the public bidding to an invited bidding,
    accurately setting levels of barriers, and deliberately excluded powerful companies"
    so that the firm he preferred would win, and "received huge benefits from it".
    Restricted procedures and single bids are the core outputs of the corruption-risk
    index; a tie between winner and official says whom the restriction served.

Parameters
    max_bidders (3): at most this many bids counts as thin competition; with more, the
        restriction did not bite and the tender is not flagged;
    max_hops (3): the longest tie path from the official to the winner's side;
    hub_degree (100): intermediates with more relations are not walked through (the
        same default as the path queries' Filters.hub_degree);
    before_days (1095), after_days (365): the gift window around the award, as in
        direct_transaction (an after-gift is a thank-you);
    threshold (0.55): the score from which a connected tender is flagged.

Score
    procedure_switched 0.3 (planned procedure loosened to a more restrictive one);
    non_open_procedure 0.1; single_bidder 0.15 or few_bidders 0.1; exclusions 0.1 per
    excluded firm (up to 0.2); connection_gift_to_official 0.25, connection_gift_to_circle
    0.2 or connection_path 0.25 - 0.05 x hops (at most 0.2); times the weakest evidence status. The
    threshold is set so a procedure used *as planned* with one bid and a gift (0.5) is not
    enough: without a switch or exclusions nothing says the competition was manipulated,
    and the gift is direct_transaction's lead (demo: appr-wang-desheng).

Exclusions
    Approvals without procedure data, and decisions never put to competition (procedure
    and planned procedure both `none` or procedure `none` with no plan: permits, land
    allocations) are not tenders. An open tender without exclusions is not a candidate
    however few bid (a single bid on an open call is not a restriction the official made).
    A candidate with no connection, or with more than `max_bidders` bids, gives a
    `not_flagged` finding whose score is its procedure indicators alone.

Assumptions
    Standing ties are timeless (a kinship or past directorship still ties); gifts count
    only inside the window. Gifts outrank paths: when there are gifts, the path is not
    searched. Unknown bidder counts contribute nothing and do not block a flag.

Unknown dates (queries/detection/unknown.py)
    A tender whose dated facts give no flag, with a gift of unknown date from the
    winner's side to the official or his circle, is `insufficient_data` (the gift may
    fall in the window). A tender awarded on an unknown date with gifts from the side (of
    any date) is `insufficient_data`; with a tie path only it is judged as a dated one
    (standing ties are timeless), except a body's decision (who led the body that day is
    unknown). Many bids block a flag whatever the dates.

Worked example (the demo case, LS-02)
    Chen Ming's bureau awards Hengda (Sun Li's firm) a 56 m contract on 2018-06-20 by
    invited bidding instead of the planned open tender, with Hongyuan and Huatai excluded
    and 3 bids; Sun Li gave Chen 300,000 in 2018-01 and 80,000 on 2018-09-30. Flagged.

>>> from encircle.graph.records import Entity, Relation
>>> index = CaseIndex([Entity("b", "Person", "Boss"), Entity("f", "Company", "Firm"), Entity("x", "Company", "Rival"),
...                    Entity("o", "Person", "Official", roles=("official",))],
...                   [Relation("own", "OWNS", "b", "f"),
...                    Relation("g1", "GIFT", "b", "o", date="2018-01", amount=300000.0),
...                    Relation("a1", "APPROVED", "o", "f", date="2018-06-20", kind="contract",
...                             procedure="invited", planned_procedure="open", bidders=3, excluded=("x",))])
>>> [(f.verdict, f.score, f.relations) for f in detect(index)]
[('flagged', 0.85, ('a1', 'g1'))]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from encircle.graph.records import Relation
from encircle.graph.schema import SCHEMA
from encircle.queries.detection.case import CaseIndex, days_between, when
from encircle.queries.detection.findings import Chain, Finding, flag, scored, settings
from encircle.queries.detection.unknown import approval_undated, fact_id, no_dates, pronoun, undecided

__all__ = ["TACTIC", "WEIGHTS", "Connection", "Parameters", "detect"]

TACTIC = "bid_rigging"

# Relation types it judges nothing without (any one of each group): coverage.py.
NEEDS = (("APPROVED",), ("GIFT",))
# The most each feature contributes to the score (the Score section above explains each).
WEIGHTS = {
    "procedure_switched": 0.3,
    "non_open_procedure": 0.1,
    "single_bidder": 0.15,
    "few_bidders": 0.1,
    "exclusions": 0.2,
    "connection_gift_to_official": 0.25,
    "connection_gift_to_circle": 0.2,
    "connection_path": 0.2,
}
RANK = SCHEMA.rank("procedures")  # open < invited < negotiated < single_source < none, from schema.yaml
TIES = ("RELATIVE_OF", "ASSOCIATE_OF", "EMPLOYED_BY", "OWNS", "DIRECTS", "HOLDS_POST")


@dataclass(frozen=True)
class Parameters:
    """bid_rigging's settings, each explained with its default under Parameters in the
    module docstring."""

    max_bidders: int = 3
    max_hops: int = 3
    hub_degree: int = 100
    before_days: int = 1095
    after_days: int = 365
    threshold: float = 0.55


@dataclass(frozen=True)
class Connection:
    """What ties a tender's winner to the official: `kind` (gift_to_official, gift_to_circle
    or path) and its relations, the gifts in time order or the tie path from the winner's
    side to the official."""

    kind: str  # "gift_to_official", "gift_to_circle" or "path"
    relations: tuple[Relation, ...]  # gifts in time order, or the path from the side to the official


def detect(index: CaseIndex, parameters: Parameters | None = None) -> list[Finding]:
    """One finding per candidate tender among the approvals (see the module docstring);
    flagged when it is connected, no more than `max_bidders` bids are recorded and the score
    reaches `threshold`."""
    p = parameters or Parameters()
    undated = index.undated
    candidates = [a for a in index.approvals if _is_candidate(a)]
    awarded = [a for a in undated.approvals if _is_candidate(a)] if undated else []
    # One tie walk per official serves all his tenders (an official awards many): the
    # candidates are judged official by official, the findings kept in approval order
    # (those awarded on an unknown date last).
    by_official: dict[str, list[int]] = {}
    for position, approval in enumerate([*candidates, *awarded]):
        by_official.setdefault(approval.source_id, []).append(position)
    found: dict[int, Finding] = {}
    steps = _Steps(index, p)  # shared by the walks: neighbours are met by many officials
    for official, positions in by_official.items():
        walk = _Walk(steps, official, p)
        for position in positions:
            if position < len(candidates):
                found[position] = _dated_award(index, candidates[position], p, walk)
            else:
                found[position] = _undated_award(index, awarded[position - len(candidates)], p, walk)
    return [found[position] for position in range(len(found))]


def _dated_award(index: CaseIndex, approval: Relation, p: Parameters, walk: _Walk) -> Finding:
    """A tender awarded on a known date; undecided when its dated facts do not flag it and a
    gift of unknown date from the winner's side may be the connection."""
    finding = _finding(index, approval, p, _connection(index, approval, p, walk))
    unknown = _gifts(index, approval, index.undated.gifts_into) if index.undated else []
    if unknown and finding.verdict != "flagged" and not _many_bids(approval, p):
        why = (
            f"{no_dates(index, unknown)}: cannot tell whether {pronoun(unknown)} fell within {p.before_days} days "
            f"before or {p.after_days} after the award {fact_id(approval)}"
        )
        return undecided(finding, why, unknown)
    return finding


def _undated_award(index: CaseIndex, approval: Relation, p: Parameters, walk: _Walk) -> Finding:
    """A tender awarded on an unknown date. Gifts from the winner's side of any date make
    the connection, but whether they fell in the window cannot be told; a tie path is
    timeless and judged as for a dated award, unless the award is a body's decision (who
    led the body that day is not known either)."""
    gifts = _gifts(index, approval, lambda node: [*index.into(node, "GIFT"), *index.undated.gifts_into(node)])
    connection = _gift_connection(index, approval, gifts) if gifts else _tie_connection(index, approval, walk)
    finding = _finding(index, approval, p, connection)
    attributed = getattr(approval, "decision", None) is not None
    if connection is None or _many_bids(approval, p) or (connection.kind == "path" and not attributed):
        return finding
    question = f"whether the gift{'s' if len(gifts) > 1 else ''} fell within the window around it" if gifts else ""
    return undecided(finding, approval_undated(index, approval, question), [])


def _many_bids(approval: Relation, p: Parameters) -> bool:
    return approval.bidders is not None and approval.bidders > p.max_bidders


def _is_candidate(approval: Relation) -> bool:
    procedure, planned = approval.procedure, approval.planned_procedure
    if procedure is None or (procedure == "none" and planned in (None, "none")):
        return False  # never put to competition: not a tender
    return procedure != "open" or _switched(approval) or bool(approval.excluded)


def _switched(approval: Relation) -> bool:
    planned, procedure = RANK.get(approval.planned_procedure or ""), RANK.get(approval.procedure or "")
    return planned is not None and procedure is not None and procedure > planned


def _indicators(approval: Relation, p: Parameters) -> dict[str, float]:
    features: dict[str, float] = {}
    if _switched(approval):
        features["procedure_switched"] = WEIGHTS["procedure_switched"]
    if approval.procedure != "open":
        features["non_open_procedure"] = WEIGHTS["non_open_procedure"]
    if approval.bidders == 1:
        features["single_bidder"] = WEIGHTS["single_bidder"]
    elif approval.bidders is not None and approval.bidders <= p.max_bidders:
        features["few_bidders"] = WEIGHTS["few_bidders"]
    if approval.excluded:
        features["exclusions"] = min(WEIGHTS["exclusions"], 0.1 * len(approval.excluded))
    return features


def _connection(index: CaseIndex, approval: Relation, p: Parameters, walk: _Walk) -> Connection | None:
    """Gifts from the winner's side to the official or his circle inside the window around
    the award, else the shortest tie path (`walk`: the official's), else None."""
    assert approval.date is not None
    date, side = approval.date, index.side_view(approval.target_id)

    def into(node: str) -> list[Relation]:
        # the side first: most gifts to an official's circle are from others, and the
        # window's date arithmetic was most of this tactic's gift lookups
        return [
            g
            for g in index.into(node, "GIFT")
            if g.source_id in side and -p.after_days <= days_between(g.date or "", date) <= p.before_days
        ]

    gifts = _gifts(index, approval, into)
    return _gift_connection(index, approval, gifts) if gifts else _tie_connection(index, approval, walk)


def _gifts(index: CaseIndex, approval: Relation, into: Callable[[str], list[Relation]]) -> list[Relation]:
    """The gifts `into` gives for the official and each member of his circle that come from
    the winner's side, the official's first."""
    official, side = approval.source_id, index.side_view(approval.target_id)
    receivers = [official, *index.circle(official)]
    return [g for node in receivers for g in into(node) if g.source_id in side]


def _gift_connection(index: CaseIndex, approval: Relation, gifts: list[Relation]) -> Connection:
    kind = "gift_to_official" if any(g.target_id == approval.source_id for g in gifts) else "gift_to_circle"
    return Connection(kind, tuple(sorted({g.id: g for g in gifts}.values(), key=when)))


def _tie_connection(index: CaseIndex, approval: Relation, walk: _Walk) -> Connection | None:
    path = walk.to(index.side_view(approval.target_id))
    return Connection("path", tuple(reversed(path))) if path else None


class _Steps:
    """Each node's ties (other end, relation, whether the walk goes on past the other end),
    in the order the walk takes them (relation id, then other end), read once per node for
    every official's walk: at 100,000 entities a node is walked from by three or four
    officials and its other ends are checked for hubs nine times."""

    def __init__(self, index: CaseIndex, p: Parameters) -> None:
        self.index, self.hub_degree = index, p.hub_degree
        self.ties: dict[str, list[tuple[str, Relation, bool]]] = {}
        self.walkable: dict[str, bool] = {}

    def of(self, node: str) -> list[tuple[str, Relation, bool]]:
        ties = self.ties.get(node)
        if ties is None:
            pairs = sorted(self.index.linked(node, *TIES), key=lambda pair: (pair[1].id, pair[0]))
            self.ties[node] = ties = [(other, relation, self._walkable(other)) for other, relation in pairs]
        return ties

    def _walkable(self, node: str) -> bool:
        walkable = self.walkable.get(node)
        if walkable is None:
            self.walkable[node] = walkable = self.index.degree(node) <= self.hub_degree
        return walkable


class _Walk:
    """The shortest tie paths from one official (breadth first, relations in id order),
    computed a level at a time as far as asked, for every side at once.

    `met` holds each node the walk reached, with the path there, in the order the walk
    met it (level by level); hubs are reached but not walked past (a big ministry, a bank
    everyone banks with, ties everyone to everyone). The walk does not depend on the
    side it looks for, so the first member of a side it meets is the one a walk that
    stops at that side returns."""

    def __init__(self, steps: _Steps, official: str, p: Parameters) -> None:
        self.steps, self.max_hops = steps, p.max_hops
        self.seen = {official}
        self.frontier: list[tuple[str, list[Relation]]] = [(official, [])]
        self.levels = 0
        self.met: dict[str, tuple[int, list[Relation]]] = {}  # node -> (when met, path)

    def to(self, side: set[str]) -> list[Relation]:
        """The shortest tie path from the official to `side` (empty when none within
        `max_hops`), official first: the side's first member met, walking another level
        only while none is."""
        while True:
            path = self._first(side)
            if path is not None:
                return path
            if self.levels >= self.max_hops:
                return []
            self._walk_level()

    def _first(self, side: set[str]) -> list[Relation] | None:
        """The path to the member of `side` met first, if any is met yet."""
        met = self.met
        if len(side) < len(met):  # look the side's members up rather than scan the walk
            hits = [met[member] for member in side if member in met]
            return min(hits)[1] if hits else None  # positions are unique: paths never compared
        return next((path for node, (_, path) in met.items() if node in side), None)

    def _walk_level(self) -> None:
        met, seen, following = self.met, self.seen, []
        for node, path in self.frontier:
            for other, relation, walkable in self.steps.of(node):
                if other in seen:
                    continue
                seen.add(other)
                longer = [*path, relation]  # shared by met and the frontier: paths are never altered
                met[other] = (len(met), longer)
                if walkable:
                    following.append((other, longer))
        self.levels += 1
        self.frontier = following


def _finding(index: CaseIndex, approval: Relation, p: Parameters, connection: Connection | None) -> Finding:
    official, winner = approval.source_id, approval.target_id
    features = _indicators(approval, p)
    links = connection.relations if connection else ()
    if connection:
        hops = len(links)
        # a path's weight falls with its length: 0.2 at one hop, the most it contributes
        weight = 0.25 - 0.05 * hops if connection.kind == "path" else WEIGHTS[f"connection_{connection.kind}"]
        features[f"connection_{connection.kind}"] = round(weight, 4)
    score, contributions = scored(features, [approval, *links])
    many_bids = _many_bids(approval, p)
    verdict = flag(score, p.threshold, when=bool(connection) and not many_bids)
    touched = [n for r in links for n in (r.source_id, r.target_id)]
    body = [approval.body_id] if approval.body_id else []
    entities = tuple(dict.fromkeys([official, winner, *body, *approval.excluded, *touched]))
    evidence = [
        Chain.of(f"the {approval.kind or 'award'} {index.name(official)} granted {index.name(winner)}", [approval])
    ]
    if connection:
        evidence.append(
            Chain.of(
                f"{connection.kind.replace('_', ' ')}: {index.name(winner)}'s side and {index.name(official)}", links
            )
        )
    explanation = f"{_tender(index, approval)} {_tie(index, approval, connection, many_bids, p)}"
    if connection and not many_bids and score < p.threshold:
        planned = "" if _switched(approval) or approval.excluded else "; the procedure was used as planned"
        explanation += f" Score {score} is below the {p.threshold} threshold{planned}."
    return Finding(TACTIC, verdict, score, contributions, entities, tuple(evidence), explanation, settings(p))


def _tender(index: CaseIndex, approval: Relation) -> str:
    currency = f" {approval.currency}" if approval.currency else ""
    amount = f" ({approval.amount:,.0f}{currency})" if approval.amount else ""
    how = f"by {approval.procedure} procedure"
    if approval.planned_procedure and approval.planned_procedure != approval.procedure:
        how += f" instead of the planned {approval.planned_procedure} one"
    excluded = " and ".join(index.name(e) for e in approval.excluded)
    return (
        f"{index.name(approval.source_id)} awarded {index.name(approval.target_id)} the "
        f"{approval.kind or 'award'}{amount} on {approval.date or 'an unknown date'} {how}"
        f"{f', excluding {excluded}' if excluded else ''}, with "
        f"{approval.bidders if approval.bidders is not None else 'an unknown number of'} bidder(s)."
    )


def _tie(index: CaseIndex, approval: Relation, connection: Connection | None, many_bids: bool, p: Parameters) -> str:
    if connection is None:
        return (
            f"No connection found between {index.name(approval.target_id)}'s side and "
            f"{index.name(approval.source_id)} (no gift in the window, no tie path of {p.max_hops} hops or less)."
        )
    if connection.kind == "path":
        tie = (
            f"A {len(connection.relations)}-hop tie path links {index.name(approval.target_id)}'s side to the official"
        )
    else:
        gifts, official = connection.relations, approval.source_id
        givers = ", ".join(dict.fromkeys(index.name(g.source_id) for g in gifts))
        takers = ", ".join(dict.fromkeys(index.name(g.target_id) for g in gifts))
        total = sum(g.amount or 0.0 for g in gifts)
        circle = "" if takers == index.name(official) else f" (in the circle of {index.name(official)})"
        tie = f"{givers} gave {takers}{circle} {len(gifts)} gift(s) worth {total:,.0f}"
    return f"{tie}{f'; but {approval.bidders} bids is real competition' if many_bids else ''}."
