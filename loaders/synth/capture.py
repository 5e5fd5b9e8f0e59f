"""Planted instances of the tactics that span several officials or a period: collective
capture of a leadership, blacklist evasion through affiliates, and interest groups."""

from __future__ import annotations

import math

from encircle.loaders.synth.tactics import BRIBES, Planted, _case, _status
from encircle.loaders.synth.world import HORIZON, Leader, World, day
from encircle.loaders.synth.writer import iso, month


def _team(
    world: World, min_leaders: int = 3, body: str | None = None
) -> tuple[str, int, list[Leader], list[Leader]] | None:
    """A body nobody used (or `body`), a day T, the leaders in office at T and in
    [T-120, T+300]."""
    for _ in range(300):
        chosen = body or world.rng.choice(world.regular)
        posts = world.leaders[chosen]
        if chosen in world.used or any(p.person in world.used for p in posts) or not posts:
            continue
        t = day(world.rng.randint(2009, 2021), world.rng.randint(1, 12))
        at_t = [p for p in posts if p.start <= t and p.end >= t + 400]
        around = [p for p in posts if p.start <= t + 300 and p.end >= t - 120]
        # 60 % of everyone in office around T must be reachable among those in office at T
        if len(at_t) >= max(min_leaders, math.ceil(0.6 * len(around))):
            return chosen, t, at_t, around
    return None


def team(world: World, min_leaders: int = 3) -> tuple[str, int, list[Leader], list[Leader]]:
    """`_team`, or a fresh body with a new leadership when the world has none left (small
    worlds use every team up)."""
    found = _team(world, min_leaders)
    while found is None:
        body = world.body()
        world.regular.append(body)
        world.leadership(body, 5)
        found = _team(world, min_leaders, body)
    return found


def _claim(world: World, body: str) -> None:
    world.used.add(body)
    for post in world.leaders[body]:
        world.used.add(post.person)


def collective_capture(world: World) -> Planted:
    """A businessman and his firm reach most of a leadership within a few months (some
    leaders through the spouse); most reached leaders then approve the firm."""
    rng = world.rng
    body, t, at_t, around = team(world)
    _claim(world, body)
    count = min(len(at_t), max(2, math.ceil(0.6 * len(around)), len(at_t) - rng.randint(0, 1)))
    reached = rng.sample(at_t, count)
    firm = world.firm()
    entities, ties, gifts, approvals = [firm.owner, firm.firm, body], [*firm.relations], [], []
    for n, post in enumerate(reached):
        taker, tie = post.person, ""
        if rng.random() < 0.25:
            taker, tie = world.circle_member(post.person, "spouse")
        ties += [post.post, *([tie] if tie else [])]
        entities += [post.person, taker]
        gift_day = t + rng.randint(0, 150)
        for _ in range(rng.randint(1, 2)):
            gifts.append(
                world.gift(
                    rng.choice((firm.owner, firm.firm)),
                    taker,
                    gift_day,
                    rng.uniform(1e5, 2e6),
                    rng.choice(BRIBES),
                    status=_status(world, 0.15),
                )
            )
            gift_day += rng.randint(5, 40)
        if n == 0 or rng.random() < 0.7:  # at least one reached leader pays back
            when = min(gift_day + rng.randint(60, 500), min(post.end, HORIZON) - 1)
            approvals.append(
                world.approve(
                    post.person,
                    firm.firm,
                    when,
                    rng.choice(("branch", "license", "loan")),
                    rng.uniform(1e7, 5e8),
                    body_id=body,
                )
            )
    key = {"body": body, "givers": [firm.owner, firm.firm], "leaders": [p.person for p in reached]}
    shape = f"{len(reached)} of {len(around)} leaders, {len(approvals)} approving"
    flows = [*gifts, *approvals]
    return Planted("collective_capture", shape, key, list(dict.fromkeys(entities)), [*flows, *ties], flows)


def blacklist_evasion(world: World) -> Planted:
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
        status=_status(world, 0.15),
    )
    return _case(
        "blacklist_evasion",
        shape,
        leader.person,
        approval,
        [*entities, winner, leader.person, leader.body],
        [leader.post, *ties],
        [],
    )


def interest_group(world: World) -> Planted:
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
