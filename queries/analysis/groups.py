"""Interest groups for analysts: communities of the case, each summarized and ranked.

Methodology
    Communities come from encircle.queries.analysis.communities (Louvain, or Leiden on large
    graphs, on the benefit and relationship graph without PublicBody hubs; a fixed
    seed). Every community of at least `min_size` members is a group, summarized as:

    - members by role: official, businessperson, intermediary (relative, staff or
      intermediary role), firm (Company, Organization), other; a person with several
      roles is listed under the first of these;
    - value inside: the amounts of the benefit flows between members (GIFT and
      APPROVED; a gift inside a family is family life and does not count);
    - officials reached: officials whose gifts, or their circle's, come from a member;
    - bodies: the PublicBody each member holds a post at (HOLDS_POST), which the
      community graph leaves out;
    - findings: the flagged detector findings whose entities (bodies aside) are mostly,
      more than half, inside the group; interest_group findings are left out, since
      they are these very groups.

Risk
    The risk score adds four documented features, each capped, to at most 1:

    - value: 0.0375 x log10(1 + value inside), up to 0.3 (reached at 100,000,000);
    - officials_reached: 0.1 per official reached, up to 0.3;
    - findings: 0.1 per flagged finding inside, up to 0.3;
    - role_mix: 0.05 per kind of member beyond the first among official,
      businessperson, intermediary and firm, up to 0.1.

    Groups are ranked by risk, then value, then members; each carries the reasons, one
    per feature that contributed. Like findings, a rank is a lead, not a verdict.

>>> from encircle.graph.records import Entity, Relation
>>> index = CaseIndex([Entity("li", "Person", "Li", roles=("businessperson",)),
...                    Entity("xue", "Person", "Xue", roles=("official",)), Entity("bank", "Company", "Bank")],
...                   [Relation("d", "DIRECTS", "li", "bank"), Relation("g", "GIFT", "li", "xue", amount=1e6),
...                    Relation("a", "APPROVED", "xue", "bank", amount=1e7)])
>>> [group] = interest_groups(index, findings=[])
>>> group.members, group.value, group.officials_reached, group.risk
(('bank', 'li', 'xue'), 11000000.0, ('xue',), 0.4641)
>>> group.reasons[0]
'value inside 11,000,000 (+0.26)'
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from encircle.graph.records import Relation
from encircle.graph.stores import Store
from encircle.queries.analysis.communities import case_partition, flows_by_community, gifts_reaching_each
from encircle.queries.detection import TACTICS, gc_paused
from encircle.queries.detection.case import CaseIndex, when
from encircle.queries.detection.findings import Finding, ordered

__all__ = [
    "ROLES",
    "InterestGroup",
    "all_findings",
    "bodies_of",
    "findings_by_group",
    "interest_groups",
    "members_by_role",
]

ROLES = ("official", "businessperson", "intermediary", "firm", "other")
INTERMEDIARY_ROLES = ("relative", "staff", "intermediary")
FINDING_SHARE = 0.5  # a finding is inside a group when more than this share of its entities are


@dataclass(frozen=True)
class InterestGroup:
    """One community with what an analyst asks first about it."""

    rank: int
    id: str  # stable: a hash of the members
    members: tuple[str, ...]
    roles: Mapping[str, tuple[str, ...]]  # role -> members, in ROLES order
    value: float  # gift and approval amounts between members
    gifts: tuple[str, ...]  # relation ids of the gifts inside
    approvals: tuple[str, ...]  # relation ids of the approvals inside
    officials_reached: tuple[str, ...]
    bodies: tuple[str, ...]
    findings: tuple[str, ...]  # ids of flagged findings mostly inside
    risk: float
    contributions: Mapping[str, float] = field(default_factory=dict)
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "id": self.id,
            "members": list(self.members),
            "roles": {role: list(ids) for role, ids in self.roles.items()},
            "value": self.value,
            "gifts": list(self.gifts),
            "approvals": list(self.approvals),
            "officials_reached": list(self.officials_reached),
            "bodies": list(self.bodies),
            "findings": list(self.findings),
            "risk": self.risk,
            "contributions": dict(self.contributions),
            "reasons": list(self.reasons),
        }


def interest_groups(
    case: Store | CaseIndex,
    seed: int = 7,
    resolution: float = 1.0,
    backend: str = "auto",
    findings: Sequence[Finding] | None = None,
    min_size: int = 2,
) -> list[InterestGroup]:
    """The case's interest groups, highest risk first. `findings` defaults to running
    every detector on the case; pass them when you already have them (or [] to skip)."""
    with gc_paused():
        return _interest_groups(case, seed, resolution, backend, findings, min_size)


def _interest_groups(
    case: Store | CaseIndex,
    seed: int,
    resolution: float,
    backend: str,
    findings: Sequence[Finding] | None,
    min_size: int,
) -> list[InterestGroup]:
    index = case if isinstance(case, CaseIndex) else CaseIndex.of(case)
    communities = [c for c in case_partition(index, seed, resolution, backend) if len(c) >= min_size]
    flagged = [f for f in (all_findings(index) if findings is None else findings) if f.verdict == "flagged"]
    groups = [
        _summary(index, members, flows, inside)
        for members, flows, inside in zip(
            communities,
            flows_by_community(index, communities),
            findings_by_group(index, communities, flagged),
            strict=True,
        )
    ]
    groups.sort(key=lambda g: (-g.risk, -g.value, g.members))
    return [replace(g, rank=rank) for rank, g in enumerate(groups, 1)]


def all_findings(index: CaseIndex) -> list[Finding]:
    """Every detector's findings on an index already built (detect() builds its own)."""
    return ordered(f for tactic in TACTICS.values() for f in tactic.detect(index, None))


def _summary(
    index: CaseIndex, members: tuple[str, ...], flows: list[Relation], inside: tuple[str, ...]
) -> InterestGroup:
    """The summary of sorted `members`, given the flows between them and the findings
    mostly inside them."""
    flows = sorted(flows, key=when)  # date order, whatever the input order
    officials = [m for m in members if "official" in index.entities[m].roles]
    reaching = gifts_reaching_each(index, officials, members, flows)
    reached = tuple(o for o in officials if reaching[o])
    roles = members_by_role(index, members)
    value = sum(r.amount or 0.0 for r in flows)
    features = {
        "value": min(0.3, 0.0375 * math.log10(1 + value)),
        "officials_reached": min(0.3, 0.1 * len(reached)),
        "findings": min(0.3, 0.1 * len(inside)),
        "role_mix": min(0.1, 0.05 * (len([r for r in roles if r != "other"]) - 1)),
    }
    contributions = {name: round(value, 4) for name, value in features.items() if value > 0}
    return InterestGroup(
        rank=0,
        id="group-" + hashlib.sha1("|".join(members).encode()).hexdigest()[:8],
        members=members,
        roles=roles,
        value=value,
        gifts=tuple(r.id for r in flows if r.type == "GIFT"),
        approvals=tuple(r.id for r in flows if r.type == "APPROVED"),
        officials_reached=reached,
        bodies=bodies_of(index, members),
        findings=inside,
        risk=round(sum(contributions.values()), 4),
        contributions=contributions,
        reasons=_reasons(index, contributions, value, reached, inside, roles),
    )


def members_by_role(index: CaseIndex, members: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Members grouped under ROLES as the module docstring classes them, in ROLES order;
    roles without members are left out."""
    found: dict[str, list[str]] = {role: [] for role in ROLES}
    for member in members:
        found[_role(index, member)].append(member)
    return {role: tuple(ids) for role, ids in found.items() if ids}


def _role(index: CaseIndex, member: str) -> str:
    entity = index.entities[member]
    for role in ("official", "businessperson"):
        if role in entity.roles:
            return role
    if any(role in entity.roles for role in INTERMEDIARY_ROLES):
        return "intermediary"
    return "firm" if entity.type in ("Company", "Organization") else "other"


def bodies_of(index: CaseIndex, members: Iterable[str]) -> tuple[str, ...]:
    """The public bodies where members hold (or held) a post."""
    return tuple(
        sorted(
            {
                r.target_id
                for m in members
                for r in index.out(m, "HOLDS_POST")
                if index.entities.get(r.target_id) and index.entities[r.target_id].type == "PublicBody"
            }
        )
    )


def findings_by_group(
    index: CaseIndex, groups: Sequence[Sequence[str]], findings: Iterable[Finding]
) -> list[tuple[str, ...]]:
    """Ids of the findings (other than interest_group's) mostly inside each of disjoint
    `groups`, in one pass over the findings: more than half of a finding's entities can be
    inside one group at most."""
    label = {m: i for i, members in enumerate(groups) for m in members}
    found: list[list[str]] = [[] for _ in groups]
    for finding in findings:
        if finding.tactic == "interest_group":
            continue
        counted = [e for e in finding.entities if e in index.entities and index.entities[e].type != "PublicBody"]
        hits = Counter(label[e] for e in counted if e in label)
        for group, inside in hits.items():
            if inside / len(counted) > FINDING_SHARE:
                found[group].append(finding.id)
    return [tuple(ids) for ids in found]


def _reasons(
    index: CaseIndex,
    contributions: Mapping[str, float],
    value: float,
    reached: Sequence[str],
    findings: Sequence[str],
    roles: Mapping[str, Sequence[str]],
) -> tuple[str, ...]:
    texts = {
        "value": f"value inside {value:,.0f}",
        "officials_reached": f"gifts reach {len(reached)} official(s): {', '.join(index.name(o) for o in reached)}",
        "findings": f"{len(findings)} flagged finding(s) inside",
        "role_mix": f"mixes {', '.join(r for r in roles if r != 'other')}",
    }
    return tuple(f"{texts[name]} (+{score:.2f})" for name, score in contributions.items())
