"""Planted instances of roundabout for the synthetic worlds, and its hard decoy (see
encircle.queries.synth)."""

from __future__ import annotations

from encircle.queries.synth.planting import DECISIONS, Decoy, Planted, case, maybe_alleged
from encircle.queries.synth.world import HORIZON, World
from encircle.queries.synth.writer import month

__all__ = ["decoy", "plant"]


def plant(world: World) -> Planted:
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
        status = maybe_alleged(world, 0.25) if kind in ("staff", "proxy_firm") else None
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
    return case("roundabout", "+".join(kinds), official, approval, entities, ties, gifts)


def decoy(world: World, i: int) -> Decoy:
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
