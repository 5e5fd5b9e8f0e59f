"""blacklist_evasion: a blacklisted briber keeps winning through a firm around it.

Methodology
    For every entity with a blacklist period (`blacklisted_from` to `blacklisted_until`;
    no end means still blacklisted), collect its *affiliates* and how each is tied:

    - ``self``: the blacklisted entity itself;
    - ``controlled``: a firm it owns or directs (down an ownership chain);
    - ``successor``: a firm sharing an owner or director (the legal representative) with
      the blacklisted firm;
    - ``relative_successor``: a firm a relative of the blacklisted person (or of the
      blacklisted firm's owners and directors) set up on or after the day the
      blacklisting began; ``relative_firm`` if the relative held it before;
    - ``shared_director``: a firm sharing a director with one of its firms.

    Every approval an affiliate wins is placed against the period. One finding per
    approval, resting on its strongest affiliation (inside the period first, then the
    kind in the order above, then the fewest relations).

Why it is a red flag
    The source document: provinces keep a "blacklist" of bribers and "restrict bidding
    activities" for them as joint punishment. A blacklisted briber who goes on winning
    through a relative's new firm or a firm with the same legal representative has turned
    the punishment into a change of letterhead, and someone approved it.

Parameters
    near_days (365): an affiliate's approval at most this many days before or after the
        period gives a `not_flagged` finding to show the near miss; farther, nothing;
    threshold (0.5): the score from which a win inside the period is flagged.

Score
    inside_period 0.5 plus affiliation_<kind>: self 0.5, controlled 0.45, successor 0.4,
    relative_successor 0.4, shared_director 0.3, relative_firm 0.3 (the looser the tie,
    the likelier an innocent firm); times the weakest evidence status.

Exclusions
    Entities with only an end date (no start) have no period and are skipped. A tie that
    did not yet (or no longer) hold on the approval day, by its start and end dates, is
    not an affiliation for that approval.

Assumptions
    A firm is "set up" when its relative owner's or director's tie to it starts. An
    approval whose fuzzy date straddles the start or end of the period (a month, a year)
    gives `insufficient_data`.

Unknown dates (queries/detection/unknown.py)
    An affiliate's approval of unknown date cannot be placed against the period: it is
    `insufficient_data` (scored on the affiliation alone), naming the missing date; a tie
    counts if it held on some known day.

Worked example (the demo case, LS-07)
    Deng Hui and his Huiyuan are blacklisted from 2019-01-15 to 2022-12-31. Deng's
    brother-in-law Feng Gang sets up Xinyuan in 2019-03; Chen Ming awards it a 23 m contract
    on 2020-07-08, 540 days into the period. Flagged. Huiyuan's own permit of 2017-05-20
    is 605 days before the period, outside near_days: no finding.

>>> from encircle.graph.records import Entity, Relation
>>> index = CaseIndex([Entity("b", "Person", "Briber", blacklisted_from="2019-01-15"),
...                    Entity("r", "Person", "Relative"), Entity("f", "Company", "New Firm"),
...                    Entity("o", "Person", "Official", roles=("official",))],
...                   [Relation("kin", "RELATIVE_OF", "r", "b", kind="in_law"),
...                    Relation("own", "OWNS", "r", "f", start_date="2019-03"),
...                    Relation("a1", "APPROVED", "o", "f", date="2020-07-08", kind="contract")])
>>> [(f.verdict, f.score, f.relations) for f in detect(index)]
[('flagged', 0.9, ('kin', 'own', 'a1'))]
"""

from __future__ import annotations

from dataclasses import dataclass

from encircle.graph.records import Entity, Relation
from encircle.queries.detection.case import CONTROL, MAX_CHAIN, CaseIndex, days_between, period
from encircle.queries.detection.findings import Chain, Finding, Verdict, flag, scored, settings
from encircle.queries.detection.unknown import no_date
from encircle.queries.timeline import LATEST, date_bounds

__all__ = ["TACTIC", "WEIGHTS", "Affiliation", "Parameters", "detect"]

TACTIC = "blacklist_evasion"
KINDS = {
    "self": 0.5,
    "controlled": 0.45,
    "successor": 0.4,
    "relative_successor": 0.4,
    "shared_director": 0.3,
    "relative_firm": 0.3,
}
PLACES = {"inside": 0, "uncertain": 1, "unknown": 1, "near": 2}

# Relation types it judges nothing without (any one of each group): coverage.py.
NEEDS = (("APPROVED",),)
# The most each feature contributes to the score (the Score section above explains each).
WEIGHTS = {"inside_period": 0.5, **{f"affiliation_{kind}": weight for kind, weight in KINDS.items()}}


@dataclass(frozen=True)
class Parameters:
    """blacklist_evasion's settings, each explained with its default under Parameters in the
    module docstring."""

    near_days: int = 365
    threshold: float = 0.5


@dataclass(frozen=True)
class Affiliation:
    """A firm tied to a blacklisted entity: the kind of tie (see the module docstring), how
    the explanation words it, and the relations from the blacklisted entity out to the firm."""

    blacklisted: str
    firm: str
    kind: str
    how: str  # for the explanation: "set up 2019-03 by Feng Gang, a relative of Deng Hui"
    via: tuple[Relation, ...]  # from the blacklisted entity out to the firm


def detect(index: CaseIndex, parameters: Parameters | None = None) -> list[Finding]:
    """One finding per approval won by an affiliate of a blacklisted entity inside its
    blacklist period, straddling it, or within `near_days` of it, resting on the strongest
    affiliation."""
    parameters = parameters or Parameters()
    undated = index.undated
    best: dict[str, tuple[tuple[int, int, int, str], Affiliation, Relation, str]] = {}
    for entity in sorted(index.entities.values(), key=lambda e: e.id):
        if not entity.blacklisted_from:
            continue
        for affiliation in _affiliations(index, entity):
            won = index.into(affiliation.firm, "APPROVED")
            for approval in [*won, *undated.decisions_for(affiliation.firm)] if undated else won:
                place = _place(entity, approval, parameters)
                if place is None or not _holds(affiliation.via, approval):
                    continue
                rank = (PLACES[place], list(KINDS).index(affiliation.kind), len(affiliation.via), entity.id)
                if approval.id not in best or rank < best[approval.id][0]:
                    best[approval.id] = (rank, affiliation, approval, place)
    return [_finding(index, a, approval, place, parameters) for _, a, approval, place in best.values()]


# -- affiliates --------------------------------------------------------------------------


def _affiliations(index: CaseIndex, entity: Entity) -> list[Affiliation]:
    b = entity.id
    found = [Affiliation(b, b, "self", "the blacklisted entity itself", ())]
    mine = index.controlled(b)
    found += [
        Affiliation(b, f, "controlled", f"owned or directed by {index.name(b)}", _chain(index, b, f))
        for f in sorted(mine)
    ]
    controllers = sorted(index.controllers(b))
    for c in controllers:  # a firm's owners and directors: their other firms carry on its business
        for f in sorted(index.controlled(c) - mine - {b}):
            how = f"sharing {index.name(c)} as owner or director with {index.name(b)}"
            found.append(Affiliation(b, f, "successor", how, (*_chain(index, c, b), *_chain(index, c, f))))
    for person in [b, *controllers]:
        found += _relatives_firms(index, entity, person)
    return found + _shared_directors(index, b, mine)


def _shared_directors(index: CaseIndex, b: str, mine: set[str]) -> list[Affiliation]:
    """Firms directed by someone (not `b`) who also directs one of b's firms."""
    found = []
    for g in sorted(mine):
        for tie in sorted(index.into(g, "DIRECTS"), key=lambda r: r.id):
            if tie.source_id == b:
                continue
            for other in sorted(index.out(tie.source_id, "DIRECTS"), key=lambda r: r.id):
                if other.target_id not in mine | {b}:
                    how = (
                        f"sharing director {index.name(tie.source_id)} with {index.name(g)}, a firm of {index.name(b)}"
                    )
                    via = (*_chain(index, b, g), tie, other)
                    found.append(Affiliation(b, other.target_id, "shared_director", how, via))
    return found


def _relatives_firms(index: CaseIndex, entity: Entity, person: str) -> list[Affiliation]:
    b, start = entity.id, date_bounds(entity.blacklisted_from or "")[0]
    found = []
    lead = _chain(index, person, b) if person != b else ()
    for relative, kin in sorted(index.linked(person, "RELATIVE_OF"), key=lambda pair: pair[1].id):
        for f in sorted(index.controlled(relative) - {b}):
            chain = _chain(index, relative, f)
            starts = sorted(
                (date_bounds(r.start_date)[0], r.start_date) for r in chain if r.target_id == f and r.start_date
            )
            later = bool(starts) and starts[0][0] >= start  # set up once the blacklisting had begun
            who = f"{index.name(relative)}, a relative of {index.name(person)}"
            how = f"set up {starts[0][1]} by {who}" if later else f"controlled by {who}"
            found.append(
                Affiliation(b, f, "relative_successor" if later else "relative_firm", how, (*lead, kin, *chain))
            )
    return found


def _chain(index: CaseIndex, top: str, bottom: str) -> tuple[Relation, ...]:
    """The control relations from `top` down to `bottom` (all of them at each hop)."""
    parents = {top: top}
    frontier = [top]
    for _ in range(MAX_CHAIN):  # breadth first, so the shortest chain
        following = []
        for node in frontier:
            for relation in sorted(index.out(node, *CONTROL), key=_control_order):
                if relation.target_id not in parents:
                    parents[relation.target_id] = node
                    following.append(relation.target_id)
        frontier = following
    relations: list[Relation] = []
    node = bottom
    while node != top and node in parents:
        up = parents[node]
        relations[:0] = [r for r in sorted(index.out(up, *CONTROL), key=_control_order) if r.target_id == node]
        node = up
    return tuple(relations)


def _control_order(relation: Relation) -> tuple[int, str]:
    return (CONTROL.index(relation.type), relation.id)


# -- time --------------------------------------------------------------------------------


def _bounds(entity: Entity) -> tuple[str, str]:
    end = date_bounds(entity.blacklisted_until)[1] if entity.blacklisted_until else LATEST
    return date_bounds(entity.blacklisted_from or "")[0], end


def _place(entity: Entity, approval: Relation, p: Parameters) -> str | None:
    """Where the approval falls: inside the period, straddling it, near it, or nowhere;
    `unknown` when it has no date."""
    if not approval.date:
        return "unknown"
    start, end = _bounds(entity)
    low, high = date_bounds(approval.date or "")
    if start <= low and high <= end:
        return "inside"
    if low <= end and high >= start:
        return "uncertain"
    gap = days_between(high, start) if high < start else days_between(end, low)
    return "near" if gap <= p.near_days else None


def _holds(via: tuple[Relation, ...], approval: Relation) -> bool:
    """Every tie could hold on the approval day (timeless ties always do; on an unknown
    day, any tie that ever held could)."""
    if not approval.date:
        return all(period(r)[0] <= period(r)[1] for r in via)
    low, high = date_bounds(approval.date or "")
    return all(period(r)[0] <= high and period(r)[1] >= low for r in via)


# -- findings ----------------------------------------------------------------------------


def _finding(index: CaseIndex, a: Affiliation, approval: Relation, place: str, p: Parameters) -> Finding:
    entity = index.entities[a.blacklisted]
    start, end = entity.blacklisted_from or "", entity.blacklisted_until or "open end"
    official = approval.source_id
    nodes = [n for r in a.via for n in (r.source_id, r.target_id)]
    body = [approval.body_id] if approval.body_id else []
    entities = tuple(dict.fromkeys([a.blacklisted, *nodes, a.firm, official, *body]))
    chain = Chain.of(f"{index.name(a.firm)} ({a.kind.replace('_', ' ')}) and its award", [*a.via, approval])
    won = (
        f"{index.name(a.firm)} ({a.how}) won the {approval.kind or 'award'} {index.name(official)} "
        f"granted on {approval.date or 'an unknown date'}"
    )
    blacklist = f"the blacklist period of {index.name(a.blacklisted)} ({start} to {end})"
    if place == "near":
        low, high = date_bounds(approval.date or "")
        before = high < _bounds(entity)[0]
        days = days_between(approval.date or "", start) if before else days_between(_bounds(entity)[1], low)
        explanation = f"{won}, {days} days {'before' if before else 'after'} {blacklist}: a near miss."
        return Finding(TACTIC, "not_flagged", 0.0, {}, entities, (chain,), explanation, settings(p))
    features = {f"affiliation_{a.kind}": KINDS[a.kind]}
    if place == "inside":
        features = {"inside_period": WEIGHTS["inside_period"], **features}
    score, contributions = scored(features, [*a.via, approval])
    verdict: Verdict = "insufficient_data" if place in ("uncertain", "unknown") else "flagged"
    if place == "inside":
        explanation = f"{won}, {days_between(start, approval.date or '')} days into {blacklist}."
        verdict = flag(score, p.threshold)
    elif place == "unknown":
        explanation = f"{won}; {no_date(index, approval)}: cannot tell whether it falls inside {blacklist}."
    else:
        explanation = f"{won}; the date is too coarse to tell whether it falls inside {blacklist}."
    return Finding(TACTIC, verdict, score, contributions, entities, (chain,), explanation, settings(p))
