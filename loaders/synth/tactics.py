"""Planted instances of every capture tactic, in varied shapes.

Each planter takes fresh actors (a new businessperson and firm chain, a leader no other
case or decoy uses) so instances never interfere, and returns a `Planted` record for
truth.json: `key` is what a finding must hit to count (see truth.py), `flows` the gifts
and approvals the case rests on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from encircle.loaders.synth.world import HOBBY_GIFTS, HORIZON, World, festival
from encircle.loaders.synth.writer import month

BRIBES = ("cash", "equity", "property", "shopping_card")
DECISIONS = ("license", "land", "permit", "subsidy", "contract")


@dataclass
class Planted:
    tactic: str
    shape: str
    key: dict[str, Any]
    entities: list[str] = field(default_factory=list)
    relations: list[str] = field(default_factory=list)
    flows: list[str] = field(default_factory=list)  # the case's GIFT and APPROVED relations

    def to_dict(self) -> dict[str, Any]:
        return {
            "tactic": self.tactic,
            "shape": self.shape,
            "key": self.key,
            "entities": self.entities,
            "relations": self.relations,
            "flows": self.flows,
        }


def _status(world: World, share: float) -> str | None:
    return "alleged" if world.rng.random() < share else None


def _case(
    tactic: str, shape: str, official: str, approval: str, entities: list[str], ties: list[str], gifts: list[str]
) -> Planted:
    flows = [*gifts, approval]
    key = {"approval": approval, "official": official}
    return Planted(tactic, shape, key, list(dict.fromkeys(entities)), [*flows, *ties], flows)


def direct_transaction(world: World) -> Planted:
    """1-3 bribes from the beneficiary's side (owner, holding, firm or the owner's spouse),
    up to ~2 years before the decision; sometimes a thank-you after it."""
    rng = world.rng
    leader, firm = world.free_leader(3), world.firm()
    when = world.within(leader, 0.5, 0.95)
    approval = world.approve(
        leader.person, firm.firm, when, rng.choice(DECISIONS), rng.uniform(2e6, 2e8), body_id=leader.body
    )
    givers = [firm.owner, *firm.chain, *firm.relatives[:1]]
    count = rng.randint(1, 3)
    gifts = []
    for i in range(count):
        lead = -rng.randint(20, 300) if i == 2 and rng.random() < 0.5 else rng.randint(15, 700)
        gifts.append(
            world.gift(
                rng.choice(givers),
                leader.person,
                when - lead,
                rng.uniform(2e5, 3e6),
                rng.choice(BRIBES),
                status=_status(world, 0.3) if i else None,
            )
        )
    shape = f"{count} gift(s), chain depth {len(firm.chain) - 1}"
    return _case(
        "direct_transaction",
        shape,
        leader.person,
        approval,
        [*givers, leader.person, leader.body],
        [leader.post, *firm.relations],
        gifts,
    )


def friendship_investment(world: World) -> Planted:
    """5-10 festival gifts (one or two a year, so 2.5-10 years), rising 30-80 % per gift,
    to the official or the spouse; then a large decision for the giver's firm 40-600 days
    after the last (inside the detector's two years)."""
    rng = world.rng
    leader, firm = world.free_leader(5), world.firm()
    last = world.within(leader, 0.6, 0.9)
    year = int(month(last)[:4])
    candidates = sorted(
        festival(y, rng) for y in range(max(2005, year - 10), year + 1) for _ in range(rng.choice((1, 1, 2)))
    )
    before = [d for d in dict.fromkeys(candidates) if d <= last]
    days = before[-rng.randint(5, 10) :]
    while days[-1] - days[0] < 2.5 * 365 and len(days) < len(before):  # slow by definition: 2.5+ years
        days = before[-len(days) - 1 :]
    when = min(days[-1] + rng.randint(40, 600), leader.end - 1)
    years = [int(month(days[0])[:4])]
    spouse, kin = world.circle_member(leader.person, "spouse") if rng.random() < 0.4 else (leader.person, "")
    amount, growth, gifts = rng.uniform(3000, 20000), rng.uniform(1.3, 1.8), []
    for d in days:
        taker = spouse if rng.random() < 0.3 else leader.person
        giver = firm.firm if rng.random() < 0.2 else firm.owner
        gifts.append(
            world.gift(
                giver, taker, d, amount * rng.uniform(0.85, 1.15), rng.choice(("cash", "red_envelope", "shopping_card"))
            )
        )
        amount *= growth
    approval = world.approve(
        leader.person,
        firm.firm,
        when,
        rng.choice(("contract", "land", "license")),
        rng.uniform(2e7, 5e8),
        body_id=leader.body,
    )
    shape = f"{len(days)} festival gifts from {years[0]}" + (" (spouse too)" if kin else "")
    return _case(
        "friendship_investment",
        shape,
        leader.person,
        approval,
        [firm.owner, firm.firm, spouse, leader.person, leader.body],
        [leader.post, *firm.relations, *([kin] if kin else [])],
        gifts,
    )


def private_customization(world: World) -> Planted:
    """A present fitted to a recorded hobby (the official's or a new relative's) or a
    family expense (a child's tuition), then a decision for the giver's firm."""
    rng = world.rng
    shape = rng.choice(("own_hobby", "relative_hobby", "tuition"))
    leader, firm = world.free_leader(3, interested=shape == "own_hobby"), world.firm()
    official, ties = leader.person, [leader.post, *firm.relations]
    if shape == "own_hobby":
        taker, hobby = official, rng.choice(world.interests[official])
        kind = rng.choice(HOBBY_GIFTS[hobby])
    else:
        hobby = rng.choice(tuple(HOBBY_GIFTS))
        interests = (hobby,) if shape == "relative_hobby" else ()
        taker = world.person("relative", interests=interests)
        ties.append(world.relate(official, taker, "child" if shape == "tuition" else "sibling"))
        kind = rng.choice(HOBBY_GIFTS[hobby]) if shape == "relative_hobby" else rng.choice(("tuition", "school_fees"))
    when = world.within(leader, 0.5, 0.95)
    giver = rng.choice((firm.owner, firm.firm))
    gifts = [
        world.gift(giver, taker, when - rng.randint(60, 800), rng.uniform(5e4, 8e5), kind, status=_status(world, 0.2))
    ]
    approval = world.approve(
        official, firm.firm, when, rng.choice(DECISIONS), rng.uniform(1e6, 1e8), body_id=leader.body
    )
    return _case(
        "private_customization",
        f"{shape} ({kind})",
        official,
        approval,
        [giver, firm.owner, firm.firm, taker, official, leader.body],
        ties,
        gifts,
    )


def roundabout(world: World) -> Planted:
    """The side pays 1-2 people around the official (secretary or driver, spouse or
    child, a sworn "brother", a child's consulting firm) and never the official."""
    rng = world.rng
    leader, firm = world.free_leader(4), world.firm()
    official = leader.person
    when = world.within(leader, 0.6, 0.95)
    kinds = rng.sample(("staff", "relative", "associate", "proxy_firm"), rng.choice((1, 1, 2)))
    entities, ties, gifts = [firm.owner, firm.firm, official, leader.body], [leader.post, *firm.relations], []
    for kind in kinds:
        gift_day = max(when - rng.randint(30, 700), leader.start + 40)
        if kind == "staff":
            taker, tie = world.hire(
                official,
                rng.choice(("secretary", "driver")),
                leader.start,
                leader.end if leader.end < HORIZON else None,
            )
            ties.append(tie)
        elif kind == "relative":
            taker, tie = world.circle_member(official, rng.choice(("spouse", "child")))
            ties.append(tie)
        elif kind == "associate":
            taker = world.person("intermediary")
            ties.append(world.befriend(official, taker, "brother"))
        else:
            child, tie = world.circle_member(official, "child")
            taker = world.company("咨询")
            own = world.w.relation("OWNS", child, taker, share=1.0, start_date=month(gift_day - rng.randint(90, 700)))
            ties += [tie, own]
            entities.append(child)
        entities.append(taker)
        status = _status(world, 0.25) if kind in ("staff", "proxy_firm") else None
        for _ in range(rng.randint(1, 2)):
            giver = rng.choice((firm.owner, firm.firm))
            gifts.append(
                world.gift(
                    giver,
                    taker,
                    gift_day,
                    rng.uniform(1.5e5, 3e6),
                    rng.choice(("cash", "consulting_fee", "equity")),
                    status=status,
                )
            )
            gift_day = min(gift_day + rng.randint(20, 200), when - 10)
    approval = world.approve(
        official, firm.firm, when, rng.choice(DECISIONS), rng.uniform(1e6, 1e8), body_id=leader.body
    )
    return _case("roundabout", "+".join(kinds), official, approval, entities, ties, gifts)


def bid_rigging(world: World) -> Planted:
    """An open tender switched to invited / negotiated / single source, 1-2 strong firms
    excluded, 1-3 bids, for a firm tied to the official by a gift (to him or his spouse)
    or by a standing tie (classmate of the owner or of the owner's relative)."""
    rng = world.rng
    leader, firm = world.free_leader(3), world.firm()
    official = leader.person
    when = world.within(leader, 0.4, 0.95)
    shape = rng.choice(("gift_to_official", "gift_to_circle", "path"))
    gifts, ties, entities = [], [leader.post, *firm.relations], [firm.owner, firm.firm, official, leader.body]
    if shape == "path":
        other = rng.choice([firm.owner, *firm.relatives])
        ties.append(world.befriend(official, other, rng.choice(("classmate", "friend"))))
        entities.append(other)
    else:
        taker, tie = (official, "") if shape == "gift_to_official" else world.circle_member(official, "spouse")
        ties += [tie] if tie else []
        gifts.append(
            world.gift(
                firm.owner,
                taker,
                when - rng.randint(30, 700),
                rng.uniform(1e5, 2e6),
                rng.choice(BRIBES),
                status=_status(world, 0.2),
            )
        )
        entities.append(taker)
    excluded = rng.sample(world.contractors, rng.randint(1, 2))
    approval = world.approve(
        official,
        firm.firm,
        when,
        "contract",
        rng.uniform(5e6, 3e8),
        body_id=leader.body,
        procedure=rng.choice(("invited", "negotiated", "single_source")),
        planned_procedure="open",
        bidders=rng.randint(1, 3),
        excluded=";".join(excluded),
    )
    return _case("bid_rigging", shape, official, approval, entities, ties, gifts)


PLANTERS: dict[str, Callable[[World], Planted]] = {
    "direct_transaction": direct_transaction,
    "friendship_investment": friendship_investment,
    "private_customization": private_customization,
    "roundabout": roundabout,
    "bid_rigging": bid_rigging,
}
