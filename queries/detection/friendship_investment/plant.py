"""Planted instances of friendship_investment for the synthetic worlds, and its hard decoy (see
encircle.queries.synth)."""

from __future__ import annotations

from encircle.queries.synth.planting import Decoy, Planted, case
from encircle.queries.synth.world import World, festival
from encircle.queries.synth.writer import month

__all__ = ["decoy", "plant"]


def plant(world: World) -> Planted:
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
    return case(
        "friendship_investment",
        shape,
        leader.person,
        approval,
        [firm.owner, firm.firm, spouse, leader.person, leader.body],
        [leader.post, *firm.relations, *([kin] if kin else [])],
        gifts,
    )


def decoy(world: World, i: int) -> Decoy:
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
