"""private_customization: gifts tailored to an official's or the family's hobbies, then an approval.

Methodology
    For every official (the `official` role, a post, or any approval), take the dated
    gifts received by the official or the official's relatives (`circle` kind
    "relative"), leaving out gifts within the family. A gift *matches* when its `kind`
    names a recorded interest (`Entity.interests`) of the recipient, of the official or
    of another of the official's relatives, compared through the synonym table
    `SYNONYMS` (golf ~ golf_membership, travel ~ tour/trip/holiday, ...), or when it
    pays for the family: a gift to a relative of a `FAMILY_EXPENSES` kind (travel,
    tuition, job, education, wedding, medical, housing). Givers are grouped into sides
    (a businessman, his firms and relatives are one giver; queries/detection/case.py `side`).
    For each side with matched gifts, look for approvals by the official for that side
    that follow a matched gift within `window_days`. One finding per official and side.

Why it is a red flag
    The source document's third tactic: interest groups "find out the personal
    preferences or special hobbies of leading cadres in advance" and hunt accordingly
    (Yu Xipen and his wife liked to travel; the boss paid a family tour). A present that
    fits a recorded hobby shows the giver studied the official; followed by a decision
    for the giver's side, it is a targeted investment rather than courtesy.

Parameters
    window_days (1095): three years from a matched gift to the approval, long enough for
    a cultivated official to reach a decision, short enough to tie the two;
    threshold (0.5): the score from which a finding is flagged.

Score
    tailoring 0.4 when a gift matches a recorded interest (0.3 when it only pays a family
    expense); approval 0.3 when one follows in the window; proximity up to 0.15 for the
    matched gift closest before an approval; value up to 0.15 on a log scale of the
    matched gifts (0.15 at 1,000,000); times the weakest evidence status.

Exclusions
    Gifts of no matching kind are not candidates (cash, shopping cards and banquets fit
    no hobby: they are direct_transaction's). Gifts from the official, the official's
    relatives or the recipient's relatives (a family dinner) are left out. Matched gifts
    with no approval for the giver's side in the window give `not_flagged`, and the
    explanation names the nearest approval if any; gifts whose order against the
    approval cannot be told from coarse dates give `insufficient_data`.

Assumptions
    Interests are recorded facts about a person, not about when they held them. A gift
    precedes an approval only if its last possible day is before the approval's first.

Unknown dates (queries/detection/unknown.py)
    A tailored gift of unknown date cannot be placed before an approval: a side whose only
    tailored gifts are undated is `insufficient_data` when the official approved anything
    for it (on any date), else `not_flagged`; a finding its dated gifts do not flag is
    `insufficient_data` when the side also gave undated tailored gifts or the official
    approved something for it on an unknown date.

Worked example (the demo case, LS-04)
    Huang Wei pays a family tour for Lin Hui (she and her husband Yu Xiaopeng like travel)
    in 2017-07; his Weiye pays Yu's golf membership in 2017-10; Yu grants Weiye a road
    contract on 2018-05-16. Flagged, with both gifts and whose interest each matched.

>>> from encircle.graph.records import Entity, Relation
>>> index = CaseIndex([Entity("b", "Person", "Boss"), Entity("f", "Company", "Firm"),
...                    Entity("o", "Person", "Official", roles=("official",), interests=("golf",)),
...                    Entity("w", "Person", "Wife", roles=("relative",), interests=("travel",))],
...                   [Relation("own", "OWNS", "b", "f"), Relation("kin", "RELATIVE_OF", "w", "o"),
...                    Relation("g1", "GIFT", "b", "w", date="2017-07", amount=260000.0, kind="tour"),
...                    Relation("g2", "GIFT", "f", "o", date="2017-10", amount=180000.0, kind="golf_membership"),
...                    Relation("a1", "APPROVED", "o", "f", date="2018-05-16", kind="contract")])
>>> [(f.verdict, f.score, f.relations) for f in detect(index)]
[('flagged', 0.96, ('g1', 'g2', 'a1'))]
>>> matches(index, "o", index.gifts[0])
(Match(holder='w', interest='travel', reason='interest'), Match(holder='w', interest='travel', reason='family_expense'))
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from encircle.graph.records import Relation
from encircle.queries.detection.case import CaseIndex, days_between, order, side_groups, when
from encircle.queries.detection.findings import Chain, Finding, Verdict, flag, scored, settings
from encircle.queries.detection.unknown import fact_id, no_dates, pronoun, sentence, side_approvals, undecided

__all__ = ["FAMILY_EXPENSES", "SYNONYMS", "TACTIC", "WEIGHTS", "Match", "Parameters", "canonical", "detect", "matches"]

TACTIC = "private_customization"

# Relation types it judges nothing without (any one of each group): coverage.py.
NEEDS = (("GIFT",), ("APPROVED",))
# The most each feature contributes to the score (the Score section above explains each).
WEIGHTS = {"tailoring": 0.4, "approval": 0.3, "proximity": 0.15, "value": 0.15}

# A hobby tag and the gift kinds that serve it; interests and kinds both map to the tag.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "golf": ("golf_membership", "golf_club", "golf_trip", "golf_equipment"),
    "travel": ("tour", "trip", "holiday", "vacation", "air_tickets", "hotel", "cruise"),
    "calligraphy": ("painting", "art", "artwork", "ink_painting"),
    "tea": ("tea_set", "pu_erh"),
    "fishing": ("fishing_gear", "fishing_tackle"),
    "wine": ("liquor", "baijiu", "maotai"),
    "reading": ("book", "books", "rare_book"),
    "luxury": ("watch", "handbag", "jewelry", "jewellery"),
    "tuition": ("school_fees", "study_abroad"),
}
# Gifts to a relative that pay the family's life rather than flatter a taste.
FAMILY_EXPENSES = frozenset({"travel", "tuition", "job", "education", "wedding", "medical", "housing"})
CANONICAL = {kind: tag for tag, kinds in SYNONYMS.items() for kind in kinds}


@dataclass(frozen=True)
class Parameters:
    """private_customization's settings, each explained with its default under Parameters in
    the module docstring."""

    window_days: int = 1095
    threshold: float = 0.5


class Match(NamedTuple):
    """Why a gift is tailored: whose interest it serves (or whose family expense it pays),
    the canonical interest tag, and the reason, `interest` or `family_expense`."""

    holder: str  # whose interest (or whose family expense)
    interest: str  # the canonical tag
    reason: str  # "interest" or "family_expense"


def detect(index: CaseIndex, parameters: Parameters | None = None) -> list[Finding]:
    """One finding per official and giver side with tailored gifts (see the module
    docstring); flagged when an approval for the side follows a tailored gift within
    `window_days` and the score reaches `threshold`."""
    parameters = parameters or Parameters()
    undated = index.undated
    findings = []
    for official in index.officials:
        unknown = [g for g in undated.gifts_around(official) if matches(index, official, g)] if undated else []
        for gifts in index.gifts_by_side(official):
            matched = {g.id: m for g in gifts if (m := matches(index, official, g))}
            if matched:
                tailored = [g for g in gifts if g.id in matched]
                finding = _finding(index, official, tailored, matched, parameters)
                side = set().union(*(index.side_view(g.source_id) for g in tailored))
                extra = [g for g in unknown if g.source_id in side]
                unknown = [g for g in unknown if g.source_id not in side]
                findings.append(_undecided(index, finding, official, side, extra) if undated else finding)
        for givers in side_groups(index, (g.source_id for g in unknown)) if unknown else ():  # undated only
            gifts = [g for g in unknown if g.source_id in givers]
            findings.append(
                _unknown(index, official, gifts, {g.id: matches(index, official, g) for g in gifts}, parameters)
            )
    return findings


def _undecided(index: CaseIndex, finding: Finding, official: str, side: set[str], gifts: list[Relation]) -> Finding:
    """A finding its dated facts did not flag, undecided when the side gave more tailored
    gifts, or the official approved something for it, on unknown dates."""
    if finding.verdict == "flagged":
        return finding
    approvals = [a for a in index.undated.approvals_by(official) if a.target_id in side]
    reasons = []
    if gifts:
        reasons.append(f"{no_dates(index, gifts)}: cannot tell whether {pronoun(gifts)} came before an approval")
    if approvals:
        reasons.append(f"{no_dates(index, approvals)}: cannot tell whether {pronoun(approvals)} followed the gifts")
    return undecided(finding, "; ".join(reasons), [*gifts, *approvals]) if reasons else finding


def _unknown(
    index: CaseIndex, official: str, gifts: list[Relation], matched: dict[str, tuple[Match, ...]], p: Parameters
) -> Finding:
    """Tailored gifts of unknown date only: undecided when the official approved something
    for the side (on any date), else not flagged."""
    approvals, entities = side_approvals(index, official, gifts)
    chain = Chain.of(
        f"gifts fitted to {index.name(official)}'s family and the approvals for their side", [*gifts, *approvals]
    )
    givers = " and ".join(dict.fromkeys(index.name(g.source_id) for g in gifts))
    told = f"{givers} gave {'; '.join(_describe(index, g, matched[g.id]) for g in gifts)}"
    if not approvals:
        explanation = f"{told}; {index.name(official)} approved nothing for their side."
        return Finding(TACTIC, "not_flagged", 0.0, {}, entities, (chain,), explanation, settings(p))
    decisions = ", ".join(fact_id(a) for a in approvals)
    explanation = (
        f"{told}; {index.name(official)} approved {decisions} for their side. "
        f"{sentence(no_dates(index, gifts))}: cannot tell whether {pronoun(gifts)} came before an approval."
    )
    return Finding(TACTIC, "insufficient_data", 0.0, {}, entities, (chain,), explanation, settings(p))


def canonical(tag: str) -> str:
    """The tag a gift kind or interest stands for in SYNONYMS (`golf_trip` -> `golf`),
    trimmed and lower-cased; a term the table does not list is its own tag."""
    tag = tag.strip().lower()
    return CANONICAL.get(tag, tag)


def matches(index: CaseIndex, official: str, gift: Relation) -> tuple[Match, ...]:
    """Whose recorded interest the gift's kind serves (recipient, official, then the other
    relatives), and whether it pays a family expense of a relative."""
    if not gift.kind:
        return ()
    kind = canonical(gift.kind)
    holders = dict.fromkeys([gift.target_id, official, *sorted(index.family_view(official))])
    found = [
        Match(h, kind, "interest")
        for h in holders
        if h in index.entities and kind in _tags(tuple(index.entities[h].interests))
    ]
    if gift.target_id != official and kind in FAMILY_EXPENSES:
        found.append(Match(gift.target_id, kind, "family_expense"))
    return tuple(found)


@lru_cache(maxsize=1 << 12)
def _tags(interests: tuple[str, ...]) -> frozenset[str]:
    """The canonical tags of an entity's interests: worked out once per list of interests,
    not once per gift and holder (180,000 gifts matched at 100k stress)."""
    return frozenset(canonical(i) for i in interests)


def _finding(
    index: CaseIndex, official: str, gifts: list[Relation], matched: dict[str, tuple[Match, ...]], p: Parameters
) -> Finding:
    side = set().union(*(index.side_view(g.source_id) for g in gifts))
    candidates = sorted((a for a in index.out(official, "APPROVED") if a.target_id in side and a.date), key=when)
    lead = {(g.id, a.id): days_between(g.date or "", a.date or "") for g in gifts for a in candidates}
    paired = [
        (g, a) for g in gifts for a in candidates if order(g, a) == "before" and lead[g.id, a.id] <= p.window_days
    ]
    approvals = sorted({a.id: a for _, a in paired}.values(), key=when)
    shown = sorted({g.id: g for g, _ in paired}.values(), key=when) if paired else gifts
    entities = tuple(
        dict.fromkeys(
            [
                *(g.source_id for g in shown),
                *(g.target_id for g in shown),
                official,
                *(a.target_id for a in approvals),
                *(a.body_id for a in approvals if a.body_id),
            ]
        )
    )
    chain = Chain.of(
        f"gifts fitted to {index.name(official)}'s family and the approvals that followed", [*shown, *approvals]
    )
    givers = " and ".join(dict.fromkeys(index.name(g.source_id) for g in shown))
    told = f"{givers} gave {'; '.join(_describe(index, g, matched[g.id]) for g in shown)}"
    if not approvals:
        uncertain = any(order(g, a) == "open" for g in gifts for a in candidates)
        verdict: Verdict = "insufficient_data" if uncertain else "not_flagged"
        why = _no_approval(index, official, gifts, candidates, uncertain, p)
        return Finding(TACTIC, verdict, 0.0, {}, entities, (chain,), f"{told}; {why}.", settings(p))
    closest = min(lead[g.id, a.id] for g, a in paired)
    total = sum(g.amount or 0.0 for g in shown)
    reasons = {m.reason for g in shown for m in matched[g.id]}
    features = {
        "tailoring": WEIGHTS["tailoring"] if "interest" in reasons else 0.3,
        "approval": WEIGHTS["approval"],
        "proximity": WEIGHTS["proximity"] * (1 - closest / p.window_days),
        "value": min(WEIGHTS["value"], 0.025 * math.log10(total + 1)),
    }
    score, contributions = scored({k: round(v, 4) for k, v in features.items()}, [*shown, *approvals])
    decisions = "; ".join(f"the {a.kind or 'approval'} for {index.name(a.target_id)} on {a.date}" for a in approvals)
    return Finding(
        TACTIC,
        flag(score, p.threshold),
        score,
        contributions,
        entities,
        (chain,),
        f"{told}; then {index.name(official)} approved {decisions}.",
        settings(p),
    )


def _describe(index: CaseIndex, gift: Relation, found: tuple[Match, ...]) -> str:
    """'travel to Lin Hui on 2017-07 (Lin Hui's and Yu's interest travel; a family expense)'."""
    holders = [f"{index.name(m.holder)}'s" for m in found if m.reason == "interest"]
    why = [f"{' and '.join(holders)} interest {found[0].interest}"] if holders else []
    why += ["a family expense"] if any(m.reason == "family_expense" for m in found) else []
    when = f"on {gift.date}" if gift.date else "on an unknown date"
    return f"{gift.kind} to {index.name(gift.target_id)} {when} ({'; '.join(why)})"


def _no_approval(
    index: CaseIndex, official: str, gifts: list[Relation], candidates: list[Relation], uncertain: bool, p: Parameters
) -> str:
    name = index.name(official)
    if uncertain:
        return f"whether they came before {name}'s approval for their side cannot be told from the dates"
    later = [(lead, a) for a in candidates for g in gifts if (lead := days_between(g.date or "", a.date or "")) > 0]
    if not later:
        return f"{name} approved nothing for their side after them"
    lead, nearest = min(later, key=lambda pair: (pair[0], pair[1].id))
    return (
        f"{name}'s nearest approval for their side ({nearest.kind or 'approval'} for "
        f"{index.name(nearest.target_id)} on {nearest.date}) came {lead / 365.25:.1f} years after, "
        f"outside the {p.window_days}-day window"
    )
