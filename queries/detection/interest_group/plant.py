"""Planted instances of interest_group for the synthetic worlds, and its hard decoy (see
encircle.queries.synth)."""

from __future__ import annotations

from encircle.queries.synth.planting import BRIBES, Decoy, Planted
from encircle.queries.synth.world import HORIZON, World

__all__ = ["decoy", "plant"]


def plant(world: World) -> Planted:
    """A boss, his firms and a go-between bound to 2-3 officials of different bodies:
    gifts in (from the boss, his firm or the go-between), approvals out."""
    rng = world.rng
    firm, second = world.firm(), world.company()
    fixer = world.person("intermediary")
    ties = [
        *firm.relations,
        world.w.relation("OWNS", firm.owner, second, share=0.7),
        world.befriend(firm.owner, fixer, "brother"),
    ]
    members, flows = [firm.owner, firm.firm, second, fixer, *firm.chain[:-1]], []
    for _ in range(rng.randint(2, 3)):
        leader = world.free_leader(4)
        members.append(leader.person)
        ties.append(leader.post)
        when = world.within(leader, 0.5, 0.95)
        for _ in range(rng.randint(2, 3)):
            giver = rng.choice((firm.owner, fixer, firm.firm))
            flows.append(
                world.gift(giver, leader.person, when - rng.randint(30, 900), rng.uniform(2e5, 3e6), rng.choice(BRIBES))
            )
        for target in rng.sample((firm.firm, second), rng.randint(1, 2)):
            flows.append(
                world.approve(
                    leader.person,
                    target,
                    when,
                    rng.choice(("contract", "land", "loan")),
                    rng.uniform(1e7, 3e8),
                    body_id=leader.body,
                )
            )
            when = min(when + rng.randint(30, 300), HORIZON)
    key = {"members": sorted(dict.fromkeys(members))}
    shape = f"{len(members) - 4 - len(firm.chain) + 1} officials"
    return Planted("interest_group", shape, key, list(dict.fromkeys(members)), [*flows, *ties], flows)


def decoy(world: World, i: int) -> Decoy:
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
