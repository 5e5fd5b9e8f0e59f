"""roundabout: the business never pays the official; it pays the people around him.

Methodology
    For every approval (official -> beneficiary), take the beneficiary's *side* and the
    official's *circle* (see queries/detection/case.py): relatives, staff EMPLOYED_BY the official
    (secretaries, drivers), close associates, and the firms relatives or associates own or
    direct ("proxy firms"). A gift from the side to a circle member counts when it precedes
    the approval by at most `window_days` and the member's tie to the official held on
    the gift's date (every link of it: for a proxy firm both the ownership or directorship
    and the kinship; kinship and friendship without a period always hold). The side must
    not pay the official himself, or only negligibly. One finding per approval, with one
    evidence chain per intermediary: gift(s) -> tie(s) to the official -> approval.

Why it is a red flag
    The source document's fourth tactic, "roundabout and outflank": when a leading cadre
    resists temptation or is hard to reach, interest groups "first capture people around
    leading cadres, and then use them to seek illegitimate interests". Money that reaches
    a secretary or a son's firm from the party the official then favours, while the
    official himself receives nothing, is that pattern.

Parameters
    window_days (1095): how long before an approval a gift to the circle still counts,
    and how far either side of it a direct gift to the official is looked for;
    negligible_share (0.1): direct gifts worth less than this share of the intermediary
    gifts do not make the case a direct one;
    hub_degree (20): an intermediary with more relations than this is a hub (a broker of
    many relationships), whose gifts say less about this official;
    threshold (0.5): the score from which a finding is flagged.

Score
    channel up to 0.3 for the strongest intermediary kind (staff or proxy firm 0.3,
    relative 0.25, associate 0.2); breadth 0.1 for two or more intermediaries; value up to
    0.2 on a log scale of the intermediary gifts (0.2 at 1,000,000); exclusivity up to 0.2
    (0.2 divided by the number of sides paying the most exclusive intermediary, halved for
    a hub); timing up to 0.2 for the gift closest before the approval; times the weakest
    evidence status.

Exclusions
    No finding when nothing from the side reached the circle. A `not_flagged` finding
    when the side's gifts to the circle all came after the approval, outside the window,
    or while the tie did not hold, and when the side also paid the official directly, not
    negligibly (that is the `direct_transaction` tactic's). Circle members who are on the
    beneficiary's side themselves (a relative who co-owns it) are not intermediaries.

Assumptions
    A direct gift of unknown amount is never negligible. A gift in the same year or month
    as the approval, when either date is that coarse, may precede it: it counts, but with
    no gift surely before the approval the verdict is `insufficient_data`. Distinct
    "sides" paying an intermediary are givers not on each other's side, leaving out the
    intermediary's own family and the official.

Unknown dates (queries/detection/unknown.py)
    A gift of unknown date to a circle member cannot be placed before the approval nor
    while the tie held: an approval reached only through such gifts, or whose dated ones
    give no flag, is `insufficient_data` naming them. A flag with a direct gift of unknown
    date (not negligible) from the side becomes `insufficient_data`: it may have been a
    direct transaction. An approval of unknown date with gifts to the circle is
    `insufficient_data` (a body's decision: per leader it may have been).

Worked example (the demo case, LS-06)
    Qian Lei pays Zhou Ping's secretary Xu Tao 200,000 in 2016-09 and 50,000 in 2017-02;
    Leixin pays a 3,000,000 "consulting fee" into Longteng, the firm of Zhou's son
    (alleged); Zhou grants Leixin a subsidy on 2017-08-30. Qian never pays Zhou. Flagged.

>>> from encircle.graph.records import Entity, Relation
>>> index = CaseIndex([Entity("b", "Person", "Boss"), Entity("f", "Company", "Firm"),
...                    Entity("s", "Person", "Secretary"), Entity("o", "Person", "Official")],
...                   [Relation("own", "OWNS", "b", "f"),
...                    Relation("emp", "EMPLOYED_BY", "s", "o", start_date="2016-01", kind="secretary"),
...                    Relation("g1", "GIFT", "b", "s", date="2017-02", amount=200000.0),
...                    Relation("a1", "APPROVED", "o", "f", date="2017-08-30", kind="subsidy")])
>>> [(f.verdict, f.score, f.relations, f.evidence[0].label) for f in detect(index)]
[('flagged', 0.8383, ('g1', 'emp', 'a1'), 'staff Secretary (secretary): paid by 1 side, 2 relations')]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from encircle.graph.records import Relation
from encircle.queries.detection.case import (
    CaseIndex,
    Member,
    days_between,
    legs,
    order,
    side_groups,
    ties_at,
    when,
)
from encircle.queries.detection.findings import Chain, Finding, flag, scored, settings
from encircle.queries.detection.received import Received
from encircle.queries.detection.unknown import (
    approval_undated,
    fact_id,
    granted,
    no_dates,
    pronoun,
    sentence,
    undecided,
)

__all__ = ["TACTIC", "WEIGHTS", "Channel", "Parameters", "detect"]

TACTIC = "roundabout"
KIND_WEIGHT = {"staff": 0.3, "proxy_firm": 0.3, "relative": 0.25, "associate": 0.2}

# Relation types it judges nothing without (any one of each group): coverage.py.
NEEDS = (("APPROVED",), ("GIFT",), ("RELATIVE_OF", "EMPLOYED_BY", "ASSOCIATE_OF", "OWNS", "DIRECTS"))
# The most each feature contributes to the score (the Score section above explains each).
WEIGHTS = {"channel": 0.3, "breadth": 0.1, "value": 0.2, "exclusivity": 0.2, "timing": 0.2}


@dataclass(frozen=True)
class Parameters:
    """roundabout's settings, each explained with its default under Parameters in the module
    docstring."""

    window_days: int = 1095
    negligible_share: float = 0.1
    hub_degree: int = 20
    threshold: float = 0.5


@dataclass(frozen=True)
class Channel:
    """One intermediary, the gifts that went through it and the ties that carried them."""

    member: Member
    gifts: tuple[Relation, ...]
    ties: tuple[Relation, ...]
    sides: int  # distinct giver sides that pay this intermediary (1 = exclusive)
    degree: int

    def exclusivity(self, hub_degree: int) -> float:
        return (0.5 if self.degree > hub_degree else 1.0) / self.sides


def detect(index: CaseIndex, parameters: Parameters | None = None) -> list[Finding]:
    """One finding per approval whose beneficiary's side gave gifts to the official's circle
    (see the module docstring); not flagged, with the reasons, when none of those gifts
    counts."""
    parameters = parameters or Parameters()
    undated = index.undated
    findings = []
    received = Received(index)  # a circle member's gifts by giver: asked once per approval of the official
    for approval in index.approvals:
        official = approval.source_id
        side = index.side_view(approval.target_id)
        circle = {m: member for m, member in index.circle(official).items() if m not in side}
        # `side - {official}` built once per approval, not once per gift looked at
        givers = side - {official}
        candidates = [g for m in circle for g in received.from_givers(m, givers)]
        unknown = [g for m in circle for g in undated.gifts_into(m) if g.source_id in givers] if undated else []
        if candidates:
            direct = [g for g in undated.gifts_into(official) if g.source_id in side] if undated else []
            finding = _finding(index, approval, side, circle, sorted(candidates, key=when), parameters, direct)
            if unknown and finding.verdict != "flagged":
                finding = undecided(finding, _gifts_undated(index, unknown, approval), unknown)
            findings.append(finding)
        elif unknown:
            findings.append(_undecided(index, approval, circle, unknown, parameters))
    for approval in undated.approvals if undated else ():
        official = approval.source_id
        side = index.side_view(approval.target_id)
        circle = {m: member for m, member in index.circle(official).items() if m not in side}
        givers = side - {official}
        gifts = [g for m in circle for g in [*index.into(m, "GIFT"), *undated.gifts_into(m)] if g.source_id in givers]
        if gifts:
            findings.append(_undecided(index, approval, circle, sorted(gifts, key=when), parameters))
    return findings


def _gifts_undated(index: CaseIndex, gifts: list[Relation], approval: Relation) -> str:
    it = pronoun(gifts)
    return (
        f"{no_dates(index, gifts)}: cannot tell whether {it} came before the approval {fact_id(approval)}, "
        f"nor whether the tie to {index.name(approval.source_id)} held then"
    )


def _undecided(
    index: CaseIndex, approval: Relation, circle: dict[str, Member], gifts: list[Relation], p: Parameters
) -> Finding:
    """Gifts from the side to the official's circle that only a fact of unknown date (the
    gifts' date, or the approval's) could make count: undecided."""
    official, name = approval.source_id, index.name
    receivers = list(dict.fromkeys(g.target_id for g in gifts))
    ties = [r for m in receivers for leg in legs(index, official, circle[m]) for r in leg]
    chain = Chain.of(f"gifts to {name(official)}'s circle and the approval", [*gifts, *ties, approval])
    givers = ", ".join(dict.fromkeys(name(g.source_id) for g in gifts))
    through = " and ".join(f"{name(m)} ({circle[m].kind})" for m in receivers)
    total = sum(g.amount or 0.0 for g in gifts)
    if approval.date:
        why = _gifts_undated(index, [g for g in gifts if not g.date], approval)
    else:
        why = approval_undated(index, approval, f"whether the gift{'s' if len(gifts) > 1 else ''} came before it")
    explanation = (
        f"{givers} gave {total:,.0f} to {through}, in {name(official)}'s circle, and "
        f"{granted(index, approval)}. {sentence(why)}."
    )
    entities = _entities(approval, gifts, [Channel(circle[m], (), (), 1, 0) for m in receivers])
    return Finding(TACTIC, "insufficient_data", 0.0, {}, entities, (chain,), explanation, settings(p))


# -- helpers shared with collective_capture (candidates for queries/detection/case.py) ------------


# -- one approval -----------------------------------------------------------------------


def _finding(
    index: CaseIndex,
    approval: Relation,
    side: set[str],
    circle: dict[str, Member],
    gifts: list[Relation],
    p: Parameters,
    undated_direct: list[Relation],
) -> Finding:
    official, name = approval.source_id, index.name
    counted, reasons = _sort_out(index, approval, circle, gifts, p)
    what = f"the {approval.kind or 'approval'} {name(official)} granted {name(approval.target_id)} on {approval.date}"
    if not counted:  # show what was looked at and why none of it counts
        receivers = dict.fromkeys(g.target_id for g in gifts)
        ties = [r for m in receivers for leg in legs(index, official, circle[m]) for r in leg]
        chain = Chain.of(f"gifts to {name(official)}'s circle that do not count", [*gifts, *ties, approval])
        explanation = f"No gift to {name(official)}'s circle counts for {what}: {'; '.join(reasons)}."
        return Finding(
            TACTIC, "not_flagged", 0.0, {}, _entities(approval, gifts, []), (chain,), explanation, settings(p)
        )
    channels = [
        _channel(index, official, circle[m], [g for g in counted if g.target_id == m])
        for m in dict.fromkeys(g.target_id for g in counted)
    ]
    direct = _direct(index, approval, side, p)
    chains = [Chain.of(_label(index, c, p), [*c.gifts, *c.ties, approval]) for c in channels]
    if direct:
        chains.append(Chain.of(f"direct gifts to {name(official)}", [*direct, approval]))
    entities = _entities(approval, [*counted, *direct], channels)
    total, direct_total = sum(g.amount or 0.0 for g in counted), sum(g.amount or 0.0 for g in direct)
    names = " and ".join(f"{index.name(c.member.id)} ({c.member.kind})" for c in channels)
    givers = ", ".join(dict.fromkeys(index.name(g.source_id) for g in counted))
    if direct and not _negligible(direct, total, p):
        explanation = (
            f"{givers} gave {total:,.0f} to {names} but also {direct_total:,.0f} to "
            f"{name(official)} directly around {what}: a direct transaction, not a roundabout one."
        )
        return Finding(TACTIC, "not_flagged", 0.0, {}, entities, tuple(chains), explanation, settings(p))
    ties = [t for c in channels for t in c.ties]
    score, contributions = scored(_features(channels, counted, approval, p), [*counted, *ties, approval])
    verdict = flag(score, p.threshold)
    if all(order(g, approval, touching="before") == "open" for g in counted):
        verdict = "insufficient_data"
    explanation = (
        f"{givers} reached {name(official)} through {names}: {len(counted)} gift(s) worth "
        f"{total:,.0f} before {what}; "
        + (f"direct gifts of {direct_total:,.0f} are negligible." if direct else "no direct gift.")
    )
    finding = Finding(TACTIC, verdict, score, contributions, entities, tuple(chains), explanation, settings(p))
    if verdict == "flagged" and undated_direct and not _negligible([*direct, *undated_direct], total, p):
        it = pronoun(undated_direct)
        why = (
            f"{no_dates(index, undated_direct)}: cannot tell whether {it} came within {p.window_days} days of "
            "the approval, which would make this a direct transaction"
        )
        return undecided(finding, why, undated_direct)
    return finding


def _negligible(direct: list[Relation], total: float, p: Parameters) -> bool:
    """Direct gifts worth less than `negligible_share` of `total`; an unknown amount
    cannot be shown to be negligible."""
    known = all(g.amount is not None for g in direct)
    return known and sum(g.amount or 0.0 for g in direct) < p.negligible_share * total


def _sort_out(
    index: CaseIndex, approval: Relation, circle: dict[str, Member], gifts: list[Relation], p: Parameters
) -> tuple[list[Relation], list[str]]:
    """The gifts that count (before the approval, inside the window, tie holding), and why
    each other one does not."""
    counted, reasons = [], []
    official = approval.source_id
    for gift in gifts:
        name = index.name(gift.target_id)
        if order(gift, approval, touching="before") == "after":
            reasons.append(f"{gift.id} came after the approval")
        elif days_between(gift.date or "", approval.date or "") > p.window_days:
            reasons.append(f"{gift.id} came more than {p.window_days} days before it")
        elif not ties_at(index, official, circle[gift.target_id], [gift]):
            reasons.append(f"{gift.id} was made when {name}'s tie to {index.name(official)} did not hold")
        else:
            counted.append(gift)
    return counted, reasons


def _direct(index: CaseIndex, approval: Relation, side: set[str], p: Parameters) -> list[Relation]:
    """Gifts from the side to the official himself, within the window either side."""
    near = [
        g
        for g in index.into(approval.source_id, "GIFT")
        if g.source_id in side and abs(days_between(g.date or "", approval.date or "")) <= p.window_days
    ]
    return sorted(near, key=when)


def _entities(approval: Relation, gifts: list[Relation], channels: list[Channel]) -> tuple[str, ...]:
    """Givers, intermediaries (a proxy firm after the person behind it), official,
    beneficiary, body."""
    members = [i for c in channels for i in (*_behind(c.member), c.member.id)] or [g.target_id for g in gifts]
    body = [approval.body_id] if approval.body_id else []
    return tuple(
        dict.fromkeys([*(g.source_id for g in gifts), *members, approval.source_id, approval.target_id, *body])
    )


def _channel(index: CaseIndex, official: str, member: Member, gifts: list[Relation]) -> Channel:
    givers = {g.source_id for g in index.into(member.id, "GIFT")} - index.side(member.id) - {official}
    return Channel(
        member,
        tuple(gifts),
        ties_at(index, official, member, gifts),
        max(1, len(side_groups(index, sorted(givers)))),
        index.degree(member.id),
    )


def _behind(member: Member) -> tuple[str, ...]:
    """The relative or associate who owns or directs a proxy firm."""
    return (member.via[-1].source_id,) if member.kind == "proxy_firm" else ()


def _label(index: CaseIndex, channel: Channel, p: Parameters) -> str:
    member = channel.member
    tie = member.via[0].kind or member.via[0].role or member.via[0].type.lower()
    how = f"firm of {index.name(_behind(member)[0])}, {tie}" if member.kind == "proxy_firm" else tie
    hub = " (hub)" if channel.degree > p.hub_degree else ""
    return (
        f"{member.kind} {index.name(member.id)} ({how}): paid by {channel.sides} "
        f"side{'s' if channel.sides > 1 else ''}, {channel.degree} relations{hub}"
    )


def _features(channels: list[Channel], counted: list[Relation], approval: Relation, p: Parameters) -> dict[str, float]:
    total = sum(g.amount or 0.0 for g in counted)
    closest = min(max(0, days_between(g.date or "", approval.date or "")) for g in counted)
    return {
        "channel": max(KIND_WEIGHT[c.member.kind] for c in channels),
        "breadth": WEIGHTS["breadth"] if len(channels) > 1 else 0.0,
        "value": round(min(WEIGHTS["value"], 0.2 * math.log10(total + 1) / 6), 4),
        "exclusivity": round(WEIGHTS["exclusivity"] * max(c.exclusivity(p.hub_degree) for c in channels), 4),
        "timing": round(WEIGHTS["timing"] * (1 - closest / p.window_days), 4),
    }
