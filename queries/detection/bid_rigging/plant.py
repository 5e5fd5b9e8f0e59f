"""Planted instances of bid_rigging for the synthetic worlds, and its hard decoy (see
encircle.queries.synth)."""

from __future__ import annotations

from encircle.queries.synth.planting import BRIBES, Decoy, Planted, case, maybe_alleged
from encircle.queries.synth.world import World

__all__ = ["decoy", "plant"]


def plant(world: World) -> Planted:
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
                status=maybe_alleged(world, 0.2),
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
    return case("bid_rigging", shape, official, approval, entities, ties, gifts)


def decoy(world: World, i: int) -> Decoy:
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
