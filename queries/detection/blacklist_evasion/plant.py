"""Planted instances of blacklist_evasion for the synthetic worlds, and its hard decoy (see
encircle.queries.synth)."""

from __future__ import annotations

from encircle.queries.synth.planting import Decoy, Planted, case, maybe_alleged
from encircle.queries.synth.world import World
from encircle.queries.synth.writer import iso, month

__all__ = ["decoy", "plant"]


def plant(world: World) -> Planted:
    """A blacklisted briber (person or firm) wins inside the period through itself, its
    firm, a sister firm, a relative's new firm or a firm sharing a director."""
    rng = world.rng
    leader = world.free_leader(3)
    when = world.within(leader, 0.4, 0.95)
    start = when - rng.randint(60, 900)
    until = iso(start + rng.randint(3 * 365, 5 * 365)) if rng.random() < 0.7 else None
    if until and until <= iso(when):
        until = iso(when + 200)
    founded = int(iso(when)[:4]) - 1
    shape = rng.choice(("self", "controlled", "successor", "relative_successor", "shared_director"))
    person_listed = shape in ("controlled", "relative_successor")  # else the firm is blacklisted
    owner = world.person(
        "businessperson",
        blacklisted_from=iso(start) if person_listed else None,
        blacklisted_until=until if person_listed else None,
    )
    firm = world.company(
        blacklisted_from=None if person_listed else iso(start), blacklisted_until=None if person_listed else until
    )
    ties = [
        # the firms existed before the win: a tie that starts later does not hold on its day
        world.w.relation("OWNS", owner, firm, share=1.0, start_date=f"{rng.randint(2000, founded)}"),
        world.w.relation("DIRECTS", owner, firm, role="legal_representative"),
    ]
    winner, entities = firm, [owner, firm]
    if shape == "successor":
        winner = world.company()
        ties.append(world.w.relation("OWNS", owner, winner, share=0.9, start_date=f"{rng.randint(2002, founded)}"))
    elif shape == "relative_successor":
        relative = world.person("relative")
        winner = world.company()
        ties += [
            world.relate(owner, relative, rng.choice(("in_law", "sibling", "spouse"))),
            world.w.relation("OWNS", relative, winner, share=1.0, start_date=month(start + rng.randint(10, 50))),
        ]
        entities.append(relative)
    elif shape == "shared_director":
        director, winner = world.person("businessperson"), world.company()
        ties += [
            world.w.relation("DIRECTS", director, firm, role="board"),
            world.w.relation("DIRECTS", director, winner, role="board"),
        ]
        entities.append(director)
    approval = world.approve(
        leader.person,
        winner,
        when,
        rng.choice(("contract", "license", "subsidy")),
        rng.uniform(1e6, 5e7),
        body_id=leader.body,
        status=maybe_alleged(world, 0.15),
    )
    return case(
        "blacklist_evasion",
        shape,
        leader.person,
        approval,
        [*entities, winner, leader.person, leader.body],
        [leader.post, *ties],
        [],
    )


def decoy(world: World, i: int) -> Decoy:
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
