"""collective_capture: one interest group reaches several leaders of the same body.

Methodology
    For every body that has posts (a PublicBody, or a Company — a state-owned firm whose
    posts are public office), its leaders are the people who HOLDS_POST there. A leader is
    *reached* by a gift made while he held the post, either to him or to a member of his
    circle (relatives, staff, associates, their firms; see queries/detection/case.py) whose tie held
    on the gift's date. Givers are grouped into sides (a chairman and his bank are one
    group). One finding per (body, group) reaching two or more leaders: the capture period
    spans the group's gifts, and coverage = reached leaders / leaders in office at any time
    in that period. Approvals by a reached leader for anyone on the group's side (for this
    body or with no body named) from his first gift to `window_days` after his last
    strengthen the finding. Evidence: one chain per reached leader, gift(s) (and the circle
    tie, for an indirect gift) -> his HOLDS_POST -> his approvals for the side.

Why it is a red flag
    The source document's Inner Mongolia Banking Regulatory Bureau: under the "organized,
    premeditated and hierarchical" corrosion of Baoshang Bank "the former leadership ...
    fell collectively". Capturing most of a leadership silences the colleagues who would
    otherwise object, countersign or inspect, so the body's collective checks fail.

Parameters
    min_reached (2): reached leaders who held office at the same time needed to flag;
    min_coverage (0.5): share of the leaders in office that must be reached;
    window_days (1095): how long after a leader's last gift his approval still counts;
    substantial_value (100,000): with no decision by a reached leader for the side, the
    gifts must total at least this to flag (small presents to several leaders, with
    nothing decided for the giver, are courtesy, not capture);
    threshold (0.5): the score from which a finding is flagged.

Score
    reach 0.1 per leader reached while in office together (up to 0.3); coverage 0.3 x
    coverage; value up to 0.2 on a log scale of all the gifts (0.2 at 1,000,000);
    approvals 0.2 x the share of reached leaders who approved something for the side;
    times the weakest evidence status.

Exclusions
    No finding for a group that reaches a single leader (that is `direct_transaction` or
    `roundabout`). A `not_flagged` finding, score 0, when the reached leaders never held
    office at the same time, or coverage is below `min_coverage`. Gifts from a fellow
    leader of the body, or from the receiver's own side (his family), are not capture;
    nor are gifts under `substantial_value` in all when no reached leader decided
    anything for the side (`not_flagged`, the explanation says so);
    Organizations (chambers, associations) are not bodies with public power.

Assumptions
    Coarse dates count as overlapping whenever their ranges meet. The finding's
    explanation names the unreached leaders; they are not among its entities.

Unknown dates (queries/detection/unknown.py)
    A gift of unknown date reaches a leader if the post was held on some known day, but
    whether it came while it was held cannot be told: a group that reaches two leaders
    only with such gifts is `insufficient_data` (score 0) naming them, unless no date
    could make it capture (its leaders never in office together, or small presents and
    no decision for the side: `not_flagged`); a group its dated gifts reach but do not
    flag is `insufficient_data` when it also gave undated gifts, or a reached leader
    approved something for the side on an unknown date. Givers of undated gifts join the
    groups (sides) like the others.

Worked example (the demo case, LS-03)
    Li Zhenhai and his Baoshan Bank give Xue Jinhai, Song Jianhua and Liu Yang of the
    Beihai Banking Regulatory Bureau calligraphy, cash, equity and property in 2015-2016;
    Hu Jing, in office too, is never reached; each reached leader then approves a branch
    or licence. Coverage 3/4 = 0.75; flagged.

>>> from encircle.graph.records import Entity, Relation
>>> index = CaseIndex([Entity("b", "Company", "Bank"), Entity("body", "PublicBody", "Bureau"),
...                    *(Entity(p, "Person", p.upper()) for p in ("x", "y", "z"))],
...                   [Relation("px", "HOLDS_POST", "x", "body", start_date="2013"),
...                    Relation("py", "HOLDS_POST", "y", "body", start_date="2014"),
...                    Relation("pz", "HOLDS_POST", "z", "body", start_date="2014"),
...                    Relation("gx", "GIFT", "b", "x", date="2015-02", amount=1200000.0),
...                    Relation("gy", "GIFT", "b", "y", date="2015-09", amount=2000000.0),
...                    Relation("ax", "APPROVED", "x", "b", date="2016-10-12", body_id="body")])
>>> [(f.verdict, f.score, f.relations) for f in detect(index)]
[('flagged', 0.7, ('gx', 'px', 'ax', 'gy', 'py'))]
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from encircle.graph.records import Relation
from encircle.queries.detection.case import CaseIndex, days_between, overlaps, period, side_groups, ties_at
from encircle.queries.detection.collective_capture.tenure import Tenure, most_in_office
from encircle.queries.detection.findings import Chain, Finding, flag, scored, settings
from encircle.queries.detection.unknown import no_dates, pronoun, sentence, undecided

__all__ = ["TACTIC", "WEIGHTS", "Parameters", "Reach", "detect", "reaches"]

TACTIC = "collective_capture"

# Relation types it judges nothing without (any one of each group): coverage.py.
NEEDS = (("HOLDS_POST",), ("GIFT",))
# The most each feature contributes to the score (the Score section above explains each).
WEIGHTS = {"reach": 0.3, "coverage": 0.3, "value": 0.2, "approvals": 0.2}
BODY_TYPES = ("PublicBody", "Company")


@dataclass(frozen=True)
class Parameters:
    """collective_capture's settings, each explained with its default under Parameters in
    the module docstring."""

    min_reached: int = 2
    min_coverage: float = 0.5
    window_days: int = 1095
    substantial_value: float = 100_000
    threshold: float = 0.5


@dataclass(frozen=True)
class Reach:
    """A gift that reached a leader, directly (no ties) or through a circle member."""

    leader: str
    gift: Relation
    ties: tuple[Relation, ...] = ()


def detect(index: CaseIndex, parameters: Parameters | None = None) -> list[Finding]:
    """One finding per body with posts and group of givers reaching two or more of its
    leaders (see the module docstring); flagged when at least `min_reached` of them held
    office together, coverage reaches `min_coverage` and the score reaches `threshold`."""
    parameters = parameters or Parameters()
    undated = index.undated
    findings = []
    for body in sorted({r.target_id for r in index.by_type.get("HOLDS_POST", [])}):
        entity = index.entities.get(body)
        if not entity or entity.type not in BODY_TYPES:
            continue
        posts: dict[str, list[Relation]] = {}
        for post in index.into(body, "HOLDS_POST"):
            posts.setdefault(post.source_id, []).append(post)
        found = reaches(index, posts)
        unknown = reaches(index, posts, undated=True) if undated else []
        # Each reach goes to its givers' group in one pass: a body with thousands of
        # givers is not scanned once per group.
        groups = side_groups(index, (r.gift.source_id for r in [*found, *unknown]))
        group_of = {giver: i for i, givers in enumerate(groups) for giver in givers}
        mine: list[list[Reach]] = [[] for _ in groups]
        for reach in [*found, *unknown]:
            mine[group_of[reach.gift.source_id]].append(reach)
        tenure: Tenure | None = None
        for givers, group in zip(groups, mine, strict=True):
            dated = [r for r in group if r.gift.date]
            if len({r.leader for r in dated}) >= 2:
                tenure = tenure or Tenure(index, posts, (r.gift for r in found))
                finding = _finding(index, body, posts, tenure, givers, dated, parameters)
                if finding.verdict != "flagged":
                    finding = _undecided(index, finding, body, givers, group)
                findings.append(finding)
            elif len({r.leader for r in group}) >= 2:
                findings.append(_unknown(index, body, posts, givers, group, parameters))
    return findings


def reaches(index: CaseIndex, posts: dict[str, list[Relation]], undated: bool = False) -> list[Reach]:
    """Gifts made while the leader held the post, to him or to his circle, in date order;
    with `undated`, the gifts of unknown date instead (CaseIndex.undated)."""
    found = []
    for leader, held in posts.items():
        spans = [period(post) for post in held]  # read once per leader, not once per gift
        mine = index.undated.gifts_into(leader) if undated else index.into(leader, "GIFT")
        found += [Reach(leader, g) for g in mine if _counts(index, posts, spans, g)]
        for member_id, member in index.circle(leader).items():
            if member_id in posts:
                continue  # a fellow leader is reached in his own right
            for gift in index.undated.gifts_into(member_id) if undated else index.into(member_id, "GIFT"):
                if _counts(index, posts, spans, gift) and (ties := ties_at(index, leader, member, [gift])):
                    found.append(Reach(leader, gift, ties))
    return sorted(found, key=lambda r: (r.gift.date or "", r.gift.id, r.leader))


def _counts(index: CaseIndex, posts: dict[str, list[Relation]], held: list[tuple[str, str]], gift: Relation) -> bool:
    """Made while the leader held his post (`held`: its periods), by someone outside the
    leadership and outside the receiver's own side (a sister's dinner is not capture)."""
    giver = gift.source_id
    if giver in posts:
        return False
    low, high = period(gift)
    if not any(max(first, low) <= min(last, high) for first, last in held):  # overlaps(post, gift), as there
        return False
    return giver not in index.side_view(gift.target_id)


def _finding(
    index: CaseIndex,
    body: str,
    posts: dict[str, list[Relation]],
    tenure: Tenure,
    givers: tuple[str, ...],
    reaches: list[Reach],
    p: Parameters,
) -> Finding:
    reached = list(dict.fromkeys(r.leader for r in reaches))  # by first gift
    by_leader: dict[str, list[Reach]] = {leader: [] for leader in reached}
    for reach in reaches:
        by_leader[reach.leader].append(reach)
    gifts = _unique(r.gift for r in reaches)  # a gift may reach two leaders
    start, end = period(gifts[0])[0], max(period(g)[1] for g in gifts)
    in_office = tenure.in_office(start, end)
    done = set(reached)
    unreached = sorted((leader for leader in in_office if leader not in done), key=tenure.by_name.__getitem__)
    coverage = round(len(reached) / len(in_office), 4)
    side = {member for giver in givers for member in index.side_view(giver)}
    approvals = {
        leader: _approvals(index, leader, body, side, [r.gift for r in by_leader[leader]], p) for leader in reached
    }
    steps = {leader: _steps(posts[leader], by_leader[leader], approvals[leader]) for leader in reached}
    chains = tuple(
        Chain.of(_label(index, leader, steps[leader], by_leader[leader], approvals[leader]), steps[leader])
        for leader in reached
    )
    entities = tuple(
        dict.fromkeys(
            [
                *givers,
                *(r.gift.target_id for r in reaches if r.ties),
                *reached,
                *(a.target_id for leader in reached for a in approvals[leader]),
                body,
            ]
        )
    )
    concurrent = most_in_office([(r, post) for r in reached for post in steps[r] if post.type == "HOLDS_POST"])
    approving = [leader for leader in reached if approvals[leader]]
    who = ", ".join(index.name(g) for g in givers)
    explanation = (
        f"{who} reached {len(reached)} of the {len(in_office)} leaders of {index.name(body)} in office "
        f"{gifts[0].date} to {gifts[-1].date} (coverage {coverage:.2f}): "
        f"{', '.join(index.name(leader) for leader in reached)}; unreached: "
        f"{', '.join(index.name(leader) for leader in unreached) or 'none'}. "
    )
    if concurrent < p.min_reached or coverage < p.min_coverage:
        why = (
            f"at most {concurrent} of them held office at the same time"
            if concurrent < p.min_reached
            else f"coverage is below {p.min_coverage}"
        )
        return Finding(
            TACTIC, "not_flagged", 0.0, {}, entities, chains, explanation + f"Not collective: {why}.", settings(p)
        )
    total = sum(g.amount or 0.0 for g in gifts)
    features = {
        "reach": round(min(WEIGHTS["reach"], 0.1 * concurrent), 4),
        "coverage": round(WEIGHTS["coverage"] * coverage, 4),
        "value": round(min(WEIGHTS["value"], 0.2 * math.log10(total + 1) / 6), 4),
        "approvals": round(WEIGHTS["approvals"] * len(approving) / len(reached), 4),
    }
    score, contributions = scored(features, [r for leader in reached for r in steps[leader]])
    explanation += (
        f"{len(approving)} of them approved {sum(len(approvals[a]) for a in approving)} decision(s) for the side."
    )
    small = not approving and total < p.substantial_value
    verdict = flag(score, p.threshold, when=not small)
    if small and any(g.amount is None for g in gifts):
        verdict = "insufficient_data"
        explanation += f" No decision for the side, and some gifts' value is unknown ({total:,.0f} known)."
    elif small:
        explanation += f" No decision for the side, and the gifts total {total:,.0f}: not substantial."
    return Finding(
        TACTIC,
        verdict,
        score,
        contributions,
        entities,
        chains,
        explanation,
        settings(p),
    )


def _undecided(index: CaseIndex, finding: Finding, body: str, givers: tuple[str, ...], group: list[Reach]) -> Finding:
    """A finding its dated gifts did not flag, undecided when gifts of the group or
    approvals of a reached leader for the side have no date."""
    gifts = _unique(r.gift for r in group if not r.gift.date)
    reached = {r.leader for r in group if r.gift.date}
    side = {member for giver in givers for member in index.side_view(giver)}
    approvals = [
        a
        for leader in sorted(reached)
        for a in index.undated.approvals_by(leader)
        if a.target_id in side and a.body_id in (None, body)
    ]
    reasons = []
    if gifts:
        it = pronoun(gifts)
        held = f"the post at {index.name(body)} was held"
        reasons.append(f"{no_dates(index, gifts)}: cannot tell whether {it} came while {held}")
    if approvals:
        it = pronoun(approvals)
        reasons.append(f"{no_dates(index, approvals)}: cannot tell whether {it} followed the gifts")
    return undecided(finding, "; ".join(reasons), [*gifts, *approvals]) if reasons else finding


def _unknown(
    index: CaseIndex,
    body: str,
    posts: dict[str, list[Relation]],
    givers: tuple[str, ...],
    group: list[Reach],
    p: Parameters,
) -> Finding:
    """A group that reaches two or more leaders only if its gifts of unknown date count:
    undecided, since whether those came while the posts were held cannot be told; but
    not flagged when no date could make it capture (the leaders never held office at
    the same time, or small presents with no decision for the side)."""
    reached = list(dict.fromkeys(r.leader for r in group))
    chains = []
    for leader in reached:
        mine = [r for r in group if r.leader == leader]
        ties = _unique(t for r in mine for t in r.ties)
        held = sorted(posts[leader], key=lambda r: r.id)
        chains.append(Chain.of(_label(index, leader, held, mine, []), [*(r.gift for r in mine), *ties, *held]))
    entities = tuple(dict.fromkeys([*givers, *(r.gift.target_id for r in group if r.ties), *reached, body]))
    gifts = _unique(r.gift for r in group if not r.gift.date)
    who = ", ".join(index.name(g) for g in givers)
    it = pronoun(gifts)
    dated = len({r.leader for r in group if r.gift.date})
    told = (
        f"{who} gave gifts to {len(reached)} leaders of {index.name(body)} "
        f"({', '.join(index.name(leader) for leader in reached)}); without the gifts of unknown date they "
        f"reach {dated}."
    )
    concurrent = most_in_office([(leader, post) for leader in reached for post in posts[leader]])
    side = {member for giver in givers for member in index.side_view(giver)}
    decided = any(
        a.target_id in side and a.body_id in (None, body)
        for leader in reached
        for a in [*index.out(leader, "APPROVED"), *index.undated.approvals_by(leader)]
    )
    amounts = [r.gift.amount for r in group]
    total = sum(a or 0.0 for a in amounts)
    if concurrent < p.min_reached:
        why = f"Not collective: at most {concurrent} of them held office at the same time."
    elif not decided and None not in amounts and total < p.substantial_value:
        why = f"No decision for the side, and the gifts total {total:,.0f}: not substantial."
    else:
        while_held = f"while the post at {index.name(body)} was held"
        why = f"{sentence(no_dates(index, gifts))}: cannot tell whether {it} came {while_held}."
        return Finding(TACTIC, "insufficient_data", 0.0, {}, entities, tuple(chains), f"{told} {why}", settings(p))
    return Finding(TACTIC, "not_flagged", 0.0, {}, entities, tuple(chains), f"{told} {why}", settings(p))


def _approvals(
    index: CaseIndex, leader: str, body: str, side: set[str], gifts: list[Relation], p: Parameters
) -> list[Relation]:
    """The leader's approvals for the side, for this body or none named, from his first gift
    to `window_days` after his last."""
    start, last = period(gifts[0])[0], gifts[-1].date or ""
    return [
        a
        for a in index.approvals_view(leader)
        if a.target_id in side
        and a.body_id in (None, body)
        and period(a)[1] >= start
        and days_between(last, a.date or "") <= p.window_days
    ]


def _steps(held: list[Relation], reaches: list[Reach], approvals: list[Relation]) -> list[Relation]:
    """Direct gifts, then each intermediary's gifts and ties, then the post(s) the gifts
    fell in, then the approvals."""
    through: dict[str, list[Reach]] = {}
    for reach in reaches:
        if reach.ties:
            through.setdefault(reach.gift.target_id, []).append(reach)
    indirect = [
        r for group in through.values() for r in [*(x.gift for x in group), *_unique(t for x in group for t in x.ties)]
    ]
    posts = [post for post in held if any(overlaps(post, r.gift) for r in reaches)]
    return [*(r.gift for r in reaches if not r.ties), *indirect, *posts, *approvals]


def _unique(relations: Iterable[Relation]) -> list[Relation]:
    """First occurrence of each relation (records hold dicts, so they do not hash)."""
    seen: dict[str, Relation] = {}
    for relation in relations:
        seen.setdefault(relation.id, relation)
    return list(seen.values())


def _label(index: CaseIndex, leader: str, steps: list[Relation], mine: list[Reach], approvals: list[Relation]) -> str:
    role = ", ".join(dict.fromkeys(s.role for s in steps if s.type == "HOLDS_POST" and s.role)) or "post"
    through = len({r.gift.target_id for r in mine if r.ties})
    return (
        f"{index.name(leader)} ({role}): {len(mine)} gift(s)"
        + (f", {through} intermediary(ies)" if through else "")
        + f", {len(approvals)} approval(s)"
    )
