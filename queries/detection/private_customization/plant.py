"""Planted instances of private_customization for the synthetic worlds, and its hard decoy (see
encircle.queries.synth)."""

from __future__ import annotations

from encircle.queries.synth.planting import DECISIONS, Decoy, Planted, case, maybe_alleged
from encircle.queries.synth.world import HOBBY_GIFTS, World

__all__ = ["decoy", "plant"]


def plant(world: World) -> Planted:
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
        world.gift(
            giver, taker, when - rng.randint(60, 800), rng.uniform(5e4, 8e5), kind, status=maybe_alleged(world, 0.2)
        )
    ]
    approval = world.approve(
        official, firm.firm, when, rng.choice(DECISIONS), rng.uniform(1e6, 1e8), body_id=leader.body
    )
    return case(
        "private_customization",
        f"{shape} ({kind})",
        official,
        approval,
        [giver, firm.owner, firm.firm, taker, official, leader.body],
        ties,
        gifts,
    )


def decoy(world: World, i: int) -> Decoy:
    """A present fitting the official's hobby, but the decision for the giver's firm came
    well before it, or more than three years after."""
    rng = world.rng
    leader, firm = world.free_leader(6, interested=True), world.firm()
    hobby = rng.choice(world.interests[leader.person])
    from encircle.queries.synth.world import HOBBY_GIFTS

    when = world.within(leader, 0.7, 0.95)
    before = i % 2 == 0
    gift_day = when + rng.randint(400, 800) if before else when - rng.randint(1130, 1400)
    gift = world.gift(firm.owner, leader.person, gift_day, rng.uniform(2e4, 3e5), rng.choice(HOBBY_GIFTS[hobby]))
    approval = world.approve(leader.person, firm.firm, when, "permit", rng.uniform(1e6, 5e7), body_id=leader.body)
    shape = "hobby gift after the approval" if before else "hobby gift 3+ years before the approval"
    return Decoy("private_customization", shape, [gift, approval], [firm.owner, leader.person])
