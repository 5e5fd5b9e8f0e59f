"""direct_transaction: a giver's side pays an official who decides in its favour.

Methodology
    For every approval (official -> beneficiary), take the beneficiary's *side* (the
    beneficiary, who owns or directs it, their relatives and every firm they control; see
    queries/detection/case.py) and look for gifts from anyone on that side to the approving official
    himself, from `before_days` before the approval to `after_days` after it (a
    "thank-you"). One finding per approval with its gifts.

Why it is a red flag
    The source document's first tactic: "power-money transactions", where the official
    is "willing to be hunted". A payment from the party that then receives a licence,
    land or a contract from the payee is the textbook quid pro quo.

Parameters
    before_days (1095): how long before an approval a gift still counts;
    after_days (365): how long after (a reward for the decision);
    threshold (0.5): the score from which a finding is flagged.

Score
    timing 0.4 if a gift precedes the approval (0.25 if all follow it); value up to 0.3
    on a log scale of the total (0.3 at 1,000,000); proximity up to 0.2 for the closest
    gift; repetition 0.1 for two or more gifts; times the weakest evidence status.

Exclusions
    Gifts outside the window give a `not_flagged` finding that says how far outside.
    Gifts to the official's relatives, staff or firms are the `roundabout` tactic's.

Assumptions
    Windows are measured between the first days of coarse dates ('2016-03' is
    2016-03-01). A gift counts as *before* the approval only if its last possible day
    precedes the approval's first; when coarse dates leave the order open (a gift in
    '2017' and an approval on 2017-01-05) and no other gift settles it, the finding says
    `insufficient_data`.

Unknown dates (queries/detection/unknown.py)
    A gift of unknown date from the side cannot be placed in the window: an approval the
    side paid for only with such gifts, or whose dated gifts give no flag, is
    `insufficient_data`, its explanation naming each undated gift; dated gifts that flag
    stay flagged. An approval of unknown date with gifts from the side (of any date) is
    `insufficient_data`; a body's decision of unknown date is attributed to every leader
    who ever held a post at the body, each undecided, since who led it that day is unknown.

Worked example (the demo case, LS-01)
    Zhao Desheng pays Wang Jianguo 500,000 CNY cash on 2017-02-10; Wang's bureau grants
    Zhao's Desheng Real Estate land on 2017-09-15; Desheng hands Wang an apartment worth
    2,800,000 in 2017-11 (alleged). Flagged: one gift 217 days before, one after.

>>> from encircle.graph.records import Entity, Relation
>>> index = CaseIndex([Entity("b", "Person", "Boss"), Entity("f", "Company", "Firm"),
...                    Entity("o", "Person", "Official", roles=("official",))],
...                   [Relation("own", "OWNS", "b", "f"),
...                    Relation("g1", "GIFT", "b", "o", date="2017-02-10", amount=500000.0),
...                    Relation("a1", "APPROVED", "o", "f", date="2017-09-15", kind="land")])
>>> [(f.verdict, f.score, f.relations) for f in detect(index)]
[('flagged', 0.8453, ('g1', 'a1'))]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from encircle.graph.records import Relation
from encircle.queries.detection.case import CaseIndex, days_between, order, when
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

__all__ = ["TACTIC", "WEIGHTS", "Parameters", "detect"]

TACTIC = "direct_transaction"

# Relation types it judges nothing without (any one of each group): coverage.py.
NEEDS = (("APPROVED",), ("GIFT",))
# The most each feature contributes to the score (the Score section above explains each).
WEIGHTS = {"timing": 0.4, "value": 0.3, "proximity": 0.2, "repetition": 0.1}


@dataclass(frozen=True)
class Parameters:
    """direct_transaction's settings, each explained with its default under Parameters in
    the module docstring."""

    before_days: int = 1095
    after_days: int = 365
    threshold: float = 0.5


def detect(index: CaseIndex, parameters: Parameters | None = None) -> list[Finding]:
    """One finding per approval whose beneficiary's side gave the approving official gifts
    (see the module docstring); not flagged when none of them falls inside the window."""
    parameters = parameters or Parameters()
    undated = index.undated
    findings = []
    received = Received(index)  # an official's gifts by giver: he signs many approvals
    for approval in index.approvals:
        side = index.side_view(approval.target_id)
        gifts = received.from_givers(approval.source_id, side)
        unknown = [g for g in undated.gifts_into(approval.source_id) if g.source_id in side] if undated else []
        if gifts:
            finding = _finding(index, approval, sorted(gifts, key=when), parameters)
            if unknown and finding.verdict != "flagged":
                finding = undecided(finding, _gifts_undated(index, unknown, approval), unknown)
            findings.append(finding)
        elif unknown:
            findings.append(_undated_gifts(index, approval, unknown, parameters))
    for approval in undated.approvals if undated else ():
        side = index.side(approval.target_id)
        official = approval.source_id
        gifts = [g for g in [*index.into(official, "GIFT"), *undated.gifts_into(official)] if g.source_id in side]
        if gifts:
            findings.append(_undated_approval(index, approval, gifts, parameters))
    return findings


def _gifts_undated(index: CaseIndex, gifts: list[Relation], approval: Relation) -> str:
    return (
        f"{no_dates(index, gifts)}: cannot tell whether {pronoun(gifts)} came before the approval {fact_id(approval)}"
    )


def _entities(approval: Relation, gifts: list[Relation]) -> tuple[str, ...]:
    body = [approval.body_id] if approval.body_id else []
    return tuple(dict.fromkeys([*(g.source_id for g in gifts), approval.source_id, approval.target_id, *body]))


def _undated_gifts(index: CaseIndex, approval: Relation, gifts: list[Relation], p: Parameters) -> Finding:
    """An approval the side paid its official for only on unknown dates: undecided."""
    givers = ", ".join(dict.fromkeys(index.name(g.source_id) for g in gifts))
    total = sum(g.amount or 0.0 for g in gifts)
    official = index.name(approval.source_id)
    explanation = (
        f"{givers} gave {official} {len(gifts)} gift(s) worth {total:,.0f}, and {granted(index, approval)}. "
        f"{sentence(_gifts_undated(index, gifts, approval))}."
    )
    chain = Chain.of(f"gifts to {official} and the approval for {index.name(approval.target_id)}", [*gifts, approval])
    return Finding(TACTIC, "insufficient_data", 0.0, {}, _entities(approval, gifts), (chain,), explanation, settings(p))


def _undated_approval(index: CaseIndex, approval: Relation, gifts: list[Relation], p: Parameters) -> Finding:
    """An approval of unknown date for a side that paid its official: undecided."""
    gifts = sorted(gifts, key=when)
    givers = ", ".join(dict.fromkeys(index.name(g.source_id) for g in gifts))
    total = sum(g.amount or 0.0 for g in gifts)
    official = index.name(approval.source_id)
    why = approval_undated(index, approval, f"whether the gift{'s' if len(gifts) > 1 else ''} came before it")
    explanation = (
        f"{givers} gave {official} {len(gifts)} gift(s) worth {total:,.0f}, and {granted(index, approval)}. "
        f"{sentence(why)}."
    )
    chain = Chain.of(f"gifts to {official} and the approval for {index.name(approval.target_id)}", [*gifts, approval])
    return Finding(TACTIC, "insufficient_data", 0.0, {}, _entities(approval, gifts), (chain,), explanation, settings(p))


def _finding(index: CaseIndex, approval: Relation, gifts: list[Relation], p: Parameters) -> Finding:
    assert approval.date is not None
    lead = {g.id: days_between(g.date or "", approval.date) for g in gifts}  # days the gift precedes it
    inside = [g for g in gifts if -p.after_days <= lead[g.id] <= p.before_days]
    official, beneficiary = approval.source_id, approval.target_id
    entities = tuple(
        dict.fromkeys(
            [*(g.source_id for g in gifts), official, beneficiary, *([approval.body_id] if approval.body_id else [])]
        )
    )
    chain = Chain.of(
        f"gifts to {index.name(official)} and the approval for {index.name(beneficiary)}",
        sorted([*(inside or gifts), approval], key=when),
    )
    if not inside:
        nearest = min(gifts, key=lambda g: abs(lead[g.id]))
        years = abs(lead[nearest.id]) / 365.25
        explanation = (
            f"{index.name(nearest.source_id)} gave {index.name(official)} a gift {years:.1f} years "
            f"{'before' if lead[nearest.id] > 0 else 'after'} the approval for {index.name(beneficiary)}, "
            f"outside the window ({p.before_days} days before, {p.after_days} after)."
        )
        return Finding(TACTIC, "not_flagged", 0.0, {}, entities, (chain,), explanation, settings(p))
    before = [g for g in inside if order(g, approval) == "before"]
    total = sum(g.amount or 0.0 for g in inside)
    closest = min(abs(lead[g.id]) for g in inside)
    features = {
        "timing": WEIGHTS["timing"] if before else 0.25,
        "value": min(WEIGHTS["value"], 0.05 * math.log10(total + 1)),
        "proximity": round(WEIGHTS["proximity"] * (1 - closest / max(p.before_days, p.after_days)), 4),
        "repetition": WEIGHTS["repetition"] if len(inside) > 1 else 0.0,
    }
    score, contributions = scored(features, [*inside, approval])
    verdict = flag(score, p.threshold)
    if not before and any(order(g, approval) == "open" for g in inside):
        verdict = "insufficient_data"  # coarse dates: the gift may have come first
    givers = ", ".join(dict.fromkeys(index.name(g.source_id) for g in inside))
    explanation = (
        f"{givers} gave {index.name(official)} {len(inside)} gift(s) worth {total:,.0f} "
        f"({len(before)} before, {len(inside) - len(before)} after) the {approval.kind or 'approval'} "
        f"{index.name(official)} granted {index.name(beneficiary)} on {approval.date}."
    )
    return Finding(TACTIC, verdict, score, contributions, entities, (chain,), explanation, settings(p))
