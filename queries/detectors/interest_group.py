"""interest_group: officials, businesspeople, go-betweens and firms bound by benefit flows.

Methodology
    Build one undirected weighted graph of the case: GIFT and APPROVED relations weigh
    1 + log10(1 + amount) (1 without an amount), standing ties (kinship, employment,
    ownership, directorship, association, posts) weigh 1, and parallel relations add up.
    PublicBody nodes are left out: a bureau links every official who works there, and
    would glue the whole case into one group. Split the graph into communities with
    Louvain (fixed `seed`; encircle.queries.communities, shared with `encircle groups`,
    which also offers a faster Leiden backend for large graphs), and keep those with at
    least one official and one businessperson (by role) and at least one benefit flow (a
    GIFT or an APPROVED relation) between members. One finding per group.

Why it is a red flag
    The source document: "power rent-seeking, internal and external collusion to form
    interest groups"; a bank's chairman reaching most of a regulator's leadership, a
    businessman who is the official's "brother". A dense knot of gifts into officials and
    approvals out of them, among the same people, is what a group looks like from outside.

Parameters
    seed (7): the Louvain seed; fixed so that a run is reproducible;
    resolution (1.0): Louvain's resolution (higher gives smaller groups);
    backend ("auto"): "networkx" (Louvain), "leiden", or "auto": leiden from 5,000 nodes
    when installed (see encircle.queries.communities), so small cases never change;
    threshold (0.5): the score from which a group with a reached official is flagged.

Score
    value up to 0.4 on a log scale of the amounts flowing inside (0.05 x log10, 0.4 at
    100,000,000); officials_reached 0.1 per official whom a member's gift reaches, directly
    or through their circle (up to 0.3: capturing several leaders counts); role_mix 0.1
    per kind of member beyond the first among official, businessperson, intermediary
    (relative, staff or intermediary role) and firm (up to 0.3); times the weakest evidence
    status of the flows. Only a group with a benefit *loop* is flagged: an official whom
    members' gifts reach approves something for those givers' side. Gifts alone (festival
    presents among friends) or approvals alone (what officials do) are `not_flagged`.

    Groups are ranked by value, then officials reached, then gift count; the rank opens
    the explanation. Detectors run independently, so the number of other tactics'
    findings inside a group is not part of the score: the report cross-references them.

Exclusions
    Gifts between relatives (a family dinner between sisters) are family life, not
    benefit flows: they still tie the graph but count neither as value nor as evidence.
    Communities of one (an official nobody reaches) are dropped by the role rule.

Assumptions
    Louvain maximises modularity, which on a small case alone cuts a thin ring (briber ->
    secretary -> official -> firm) at its weight-1 ties, so neither half keeps both an
    official and a businessperson; in a whole case file (the demo) the rings stay whole,
    and a lower `resolution` gives bigger groups. The groups are an overview: the
    roundabout and direct_transaction findings judge the single flows. Amounts share one
    currency. Members are sorted, and the graph is built in id order,
    so the same case and seed give the same groups on every run and store.

Worked example
    A chairman gives two officials of a bureau cash; both approve his bank. The bureau
    itself is left out of the graph; the five form one group, flagged.

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
[('flagged', 0.7253, ('bank', 'li', 'song', 'xue'), ('g2', 'a2', 'g1', 'a1'))]
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from encircle.graph.records import Relation
from encircle.queries.case import CaseIndex, when
from encircle.queries.communities import case_partition, flows_by_community, gifts_reaching_each
from encircle.queries.findings import Chain, Finding, Verdict, scored

TACTIC = "interest_group"
INTERMEDIARY_ROLES = ("relative", "staff", "intermediary")


@dataclass(frozen=True)
class Parameters:
    seed: int = 7
    resolution: float = 1.0
    threshold: float = 0.5
    backend: str = "auto"


@dataclass(frozen=True)
class Group:
    members: tuple[str, ...]
    chains: tuple[Chain, ...]
    flows: tuple[Relation, ...]  # every benefit flow inside, in chain order
    reached: tuple[str, ...]  # officials a member's gift reaches
    captured: tuple[str, ...] = ()  # reached officials who approved something for a giver's side

    @property
    def value(self) -> float:
        return sum(r.amount or 0.0 for r in self.flows)

    @property
    def gifts(self) -> int:
        return sum(r.type == "GIFT" for r in self.flows)


def detect(index: CaseIndex, parameters: Parameters | None = None) -> list[Finding]:
    parameters = parameters or Parameters()
    communities = case_partition(index, parameters.seed, parameters.resolution, parameters.backend)
    kept = [
        _group(index, members, flows)
        for members, flows in zip(communities, flows_by_community(index, communities), strict=True)
        if flows and _has_role(index, members, "official") and _has_role(index, members, "businessperson")
    ]
    kept.sort(key=lambda g: (-g.value, -len(g.reached), -g.gifts, g.members))
    return [_finding(index, g, rank, len(kept), parameters) for rank, g in enumerate(kept, 1)]


def _has_role(index: CaseIndex, members: tuple[str, ...], role: str) -> bool:
    return any(role in index.entities[m].roles for m in members)


def _group(index: CaseIndex, members: tuple[str, ...], flows: list[Relation]) -> Group:
    """The group's flows (flows_inside order), as one chain per official and one for the rest."""
    parts: list[tuple[str, list[Relation]]] = []
    reached, captured = [], []
    officials = [m for m in members if "official" in index.entities[m].roles]
    reaching = gifts_reaching_each(index, officials, members, flows)
    approved: dict[str, list[Relation]] = {}
    for r in flows:
        if r.type == "APPROVED":
            approved.setdefault(r.source_id, []).append(r)
    for official in officials:
        gifts, approvals = reaching[official], approved.get(official, [])
        if gifts:
            reached.append(official)
            givers_side = set().union(*(index.side(g.source_id) for g in gifts))
            if any(a.target_id in givers_side for a in approvals):
                captured.append(official)
        if gifts or approvals:
            label = f"gifts into {index.name(official)} or their circle, and their approvals"
            parts.append((label, sorted(gifts + approvals, key=when)))
    used = {r.id for _, relations in parts for r in relations}
    rest = sorted((r for r in flows if r.id not in used), key=when)
    if rest:
        parts.append(("other benefit flows inside the group", rest))
    in_order = tuple({r.id: r for _, relations in parts for r in relations}.values())
    chains = tuple(Chain.of(label, rs) for label, rs in parts)
    return Group(members, chains, in_order, tuple(reached), tuple(captured))


def _kinds(index: CaseIndex, group: Group) -> list[str]:
    kinds: set[str] = set()
    for member in group.members:
        entity = index.entities[member]
        kinds |= {role for role in ("official", "businessperson") if role in entity.roles}
        if any(role in entity.roles for role in INTERMEDIARY_ROLES) and "official" not in entity.roles:
            kinds.add("intermediary")
        if entity.type in ("Company", "Organization"):
            kinds.add("firm")
    return sorted(kinds)


def _finding(index: CaseIndex, group: Group, rank: int, count: int, p: Parameters) -> Finding:
    kinds = _kinds(index, group)
    features = {
        "value": round(min(0.4, 0.05 * math.log10(group.value + 1)), 4),
        "officials_reached": round(min(0.3, 0.1 * len(group.reached)), 4),
        "role_mix": round(min(0.3, 0.1 * (len(kinds) - 1)), 4),
    }
    score, contributions = scored(features, group.flows)
    # A knot of gifts is not yet a group bound by benefit: it takes a loop, an official whom
    # the gifts reach deciding in favour of the givers' side.
    verdict: Verdict = "flagged" if group.captured and score >= p.threshold else "not_flagged"
    officials = [m for m in group.members if "official" in index.entities[m].roles]
    names = ", ".join(index.name(o) for o in (group.reached or officials))
    reach = f"gifts from members reach {names}" if group.reached else f"no member's gift reaches {names}"
    if group.reached:
        loop = ", ".join(index.name(o) for o in group.captured) or "none of them"
        reach += f"; approved something for the givers' side: {loop}"
    explanation = (
        f"Group {rank} of {count} by value: {len(group.members)} members ({', '.join(kinds)}) with "
        f"{len(group.flows)} benefit flow(s) worth {group.value:,.0f} ({group.gifts} gift(s)); {reach}."
    )
    return Finding(TACTIC, verdict, score, contributions, group.members, group.chains, explanation, asdict(p))
