"""Planted instances of direct_transaction for the synthetic worlds, and its hard decoy (see
encircle.queries.synth)."""

from __future__ import annotations

from encircle.queries.synth.planting import BRIBES, DECISIONS, Decoy, Planted, case, maybe_alleged
from encircle.queries.synth.world import World

__all__ = ["decoy", "plant"]


def plant(world: World) -> Planted:
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
                status=maybe_alleged(world, 0.3) if i else None,
            )
        )
    shape = f"{count} gift(s), chain depth {len(firm.chain) - 1}"
    return case(
        "direct_transaction",
        shape,
        leader.person,
        approval,
        [*givers, leader.person, leader.body],
        [leader.post, *firm.relations],
        gifts,
    )


def decoy(world: World, i: int) -> Decoy:
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
