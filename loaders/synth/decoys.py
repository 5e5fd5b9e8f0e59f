"""Hard decoys: records that come close to a tactic's pattern but are not it, so a
detector that flags them is wrong. `neutral_for` names tactics for which a finding on the
decoy is legitimate (a gift before an open tender is not bid rigging, but it is a direct
transaction lead) and so not counted as a false positive."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from encircle.loaders.synth.capture import _claim, team
from encircle.loaders.synth.tactics import BRIBES
from encircle.loaders.synth.world import World, festival
from encircle.loaders.synth.writer import iso, month


@dataclass
class Decoy:
    near_tactic: str
    shape: str
    relations: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    neutral_for: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "near_tactic": self.near_tactic,
            "shape": self.shape,
            "relations": self.relations,
            "entities": self.entities,
            "neutral_for": self.neutral_for,
        }


def direct_transaction(world: World, i: int) -> Decoy:
    """A gift 3-4.5 years before the decision, or 13-30 months after it."""
    rng = world.rng
    leader, firm = world.free_leader(5), world.firm()
    when = world.within(leader, 0.6, 0.9)
    outside = i % 2 == 0
    gift_day = when - rng.randint(1095 + 40, 1600) if outside else when + rng.randint(400, 900)
    gift = world.gift(firm.owner, leader.person, gift_day, rng.uniform(2e4, 5e5), rng.choice(BRIBES))
    approval = world.approve(leader.person, firm.firm, when, "license", rng.uniform(1e6, 5e7), body_id=leader.body)
    shape = "gift before the window" if outside else "gift long after the approval"
    return Decoy("direct_transaction", shape, [gift, approval], [firm.owner, firm.firm, leader.person])


def friendship_investment(world: World, i: int) -> Decoy:
    """Rising festival gifts that lead nowhere, or whose side wins only 3+ years later."""
    rng = world.rng
    leader, firm = world.free_leader(5), world.firm()
    first = int(month(leader.start)[:4]) + 1
    days = sorted(dict.fromkeys(festival(min(2022, first + k), rng) for k in range(rng.randint(4, 7))))
    amount, relations = rng.uniform(2000, 8000), []
    for d in days:
        relations.append(world.gift(firm.owner, leader.person, d, amount, rng.choice(("mooncakes", "red_envelope"))))
        amount *= rng.uniform(1.2, 1.5)
    shape = "festival gifts, no approval"
    if i % 2 and days[-1] + 1200 < leader.end:
        shape = "festival gifts, approval 3+ years after the last"
        relations.append(
            world.approve(
                leader.person,
                firm.firm,
                days[-1] + rng.randint(1130, 1200),
                "contract",
                rng.uniform(1e6, 5e7),
                body_id=leader.body,
            )
        )
    return Decoy("friendship_investment", shape, relations, [firm.owner, leader.person])


def private_customization(world: World, i: int) -> Decoy:
    """A present fitting the official's hobby, but the decision for the giver's firm came
    well before it, or more than three years after."""
    rng = world.rng
    leader, firm = world.free_leader(6, interested=True), world.firm()
    hobby = rng.choice(world.interests[leader.person])
    from encircle.loaders.synth.world import HOBBY_GIFTS

    when = world.within(leader, 0.7, 0.95)
    before = i % 2 == 0
    gift_day = when + rng.randint(400, 800) if before else when - rng.randint(1130, 1400)
    gift = world.gift(firm.owner, leader.person, gift_day, rng.uniform(2e4, 3e5), rng.choice(HOBBY_GIFTS[hobby]))
    approval = world.approve(leader.person, firm.firm, when, "permit", rng.uniform(1e6, 5e7), body_id=leader.body)
    shape = "hobby gift after the approval" if before else "hobby gift 3+ years before the approval"
    return Decoy("private_customization", shape, [gift, approval], [firm.owner, leader.person])


def roundabout(world: World, i: int) -> Decoy:
    """The side pays a secretary before he was hired, or the spouse after the decision."""
    rng = world.rng
    leader, firm = world.free_leader(5), world.firm()
    when = world.within(leader, 0.6, 0.9)
    if i % 2 == 0:
        hired = when - rng.randint(100, 300)
        staff, tie = world.hire(leader.person, "secretary", hired)
        gift = world.gift(firm.owner, staff, hired - rng.randint(120, 400), rng.uniform(5e4, 5e5), "cash")
        shape = "gift to a secretary before his job began"
    else:
        staff, tie = world.circle_member(leader.person, "spouse")
        gift = world.gift(firm.owner, staff, when + rng.randint(30, 300), rng.uniform(5e4, 5e5), "cash")
        shape = "gift to the spouse after the approval"
    approval = world.approve(leader.person, firm.firm, when, "subsidy", rng.uniform(1e6, 5e7), body_id=leader.body)
    return Decoy("roundabout", shape, [gift, approval, tie], [firm.owner, staff, leader.person])


def bid_rigging(world: World, i: int) -> Decoy:
    """An open tender with many bids after a gift; a restricted tender with no tie; a
    switched tender with a gift but eight or more bids."""
    rng = world.rng
    leader, firm = world.free_leader(3), world.firm()
    when, shape = world.within(leader, 0.5, 0.95), ("open", "no_tie", "many_bids")[i % 3]
    relations, neutral = [], ["direct_transaction", "interest_group"]
    if shape != "no_tie":
        relations.append(
            world.gift(firm.owner, leader.person, when - rng.randint(60, 500), rng.uniform(5e4, 5e5), "cash")
        )
    procedure = {"open": ("open", "open"), "no_tie": ("invited", "open"), "many_bids": ("invited", "open")}[shape]
    bidders = rng.randint(6, 15) if shape != "no_tie" else rng.randint(1, 3)
    relations.append(
        world.approve(
            leader.person,
            firm.firm,
            when,
            "contract",
            rng.uniform(5e6, 1e8),
            body_id=leader.body,
            procedure=procedure[0],
            planned_procedure=procedure[1],
            bidders=bidders,
            excluded=rng.choice(world.contractors) if shape == "no_tie" else None,
        )
    )
    return Decoy("bid_rigging", shape, relations, [firm.owner, firm.firm, leader.person], neutral)


def collective_capture(world: World, i: int) -> Decoy:
    """Gifts to only one leader of a team; or to two who never held office together."""
    rng = world.rng
    firm = world.firm()
    body, t, at_t, _ = team(world, 2)
    _claim(world, body)
    posts = world.leaders[body]
    seq = [(a, b) for a, b in itertools.pairwise(posts) if b.start > a.end and a.end - a.start > 400]
    if i % 2 and seq:
        first, second = rng.choice(seq)
        days = [first.end - rng.randint(30, 300), second.start + rng.randint(30, 300)]
        takers, shape = [first.person, second.person], "two leaders never in office together"
    else:
        takers, days, shape = [at_t[0].person] * 2, [t + 10, t + 200], "one leader reached"
    relations = [world.gift(firm.owner, p, d, rng.uniform(5e4, 5e5), "cash") for p, d in zip(takers, days, strict=True)]
    return Decoy("collective_capture", shape, relations, [firm.owner, *takers, body])


def blacklist_evasion(world: World, i: int) -> Decoy:
    """A relative's firm winning 3-11 months, or 2+ years, before the blacklist period; the
    blacklisted firm winning after its period ended."""
    rng = world.rng
    leader = world.free_leader(3)
    when = world.within(leader, 0.3, 0.9)
    shape = ("relative before", "relative long before", "self after")[i % 3]
    if shape == "self after":
        start = when - rng.randint(4 * 365, 6 * 365)
        winner = world.company(blacklisted_from=iso(start), blacklisted_until=iso(when - rng.randint(60, 300)))
        relations, entities = [], [winner]
    else:
        gap = rng.randint(100, 330) if shape == "relative before" else rng.randint(800, 1500)
        briber = world.person("businessperson", blacklisted_from=iso(when + gap))
        relative, winner = world.person("relative"), world.company()
        relations = [
            world.relate(briber, relative, "sibling"),
            world.w.relation("OWNS", relative, winner, share=1.0, start_date=month(when - 900)),
        ]
        entities = [briber, relative, winner]
    relations.append(world.approve(leader.person, winner, when, "contract", rng.uniform(1e6, 3e7), body_id=leader.body))
    return Decoy("blacklist_evasion", shape, relations, [*entities, leader.person])


def interest_group(world: World, i: int) -> Decoy:
    """A businessman whose firm wins clean open tenders from two officials who never got
    anything: flows, but no gift reaching an official."""
    rng = world.rng
    firm, relations, officials = world.firm(), [], []
    for _ in range(2):
        leader = world.free_leader(3)
        officials.append(leader.person)
        relations.append(
            world.approve(
                leader.person,
                firm.firm,
                world.within(leader, 0.3, 0.95),
                "contract",
                rng.uniform(1e6, 5e7),
                body_id=leader.body,
                procedure="open",
                planned_procedure="open",
                bidders=rng.randint(5, 12),
            )
        )
    return Decoy("interest_group", "approvals without gifts", relations, [firm.owner, firm.firm, *officials])


DECOYS: dict[str, Callable[[World, int], Decoy]] = {
    "direct_transaction": direct_transaction,
    "friendship_investment": friendship_investment,
    "private_customization": private_customization,
    "roundabout": roundabout,
    "bid_rigging": bid_rigging,
    "collective_capture": collective_capture,
    "blacklist_evasion": blacklist_evasion,
    "interest_group": interest_group,
}
