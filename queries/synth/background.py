"""The clean background: who the world is made of and the ordinary flows between them.

Ordinary life is built so that it contains no capture by construction: contractors win
clean tenders and loans but never give to officials; "socialites" give officials small
festival gifts but their firms never win anything from them; friends and family give
each other presents. Supernodes (a ministry with thousands of posts, state banks making
many loans) are there to stress the detectors' hub handling, not to hide cases.
"""

from __future__ import annotations

from encircle.queries.synth.world import HORIZON, Leader, World, day, festival

__all__ = ["flows", "pad", "populate", "top_up"]

# Shares of the requested entity count (the rest are ordinary citizens, padded at the end).
CITIZENS = 0.25
BODIES = 0.006  # regular bodies: each grows ~14 officials over 2005-2023
BUSINESSPEOPLE = 0.05
MINISTRY_POSTS = 0.02  # per ministry, one ministry per 200k entities
BANK_OFFICERS = 0.01
ORGANIZATIONS = 0.003
FAMILY_GIFT_KINDS = ("banquet", "red_envelope", "birthday", "cash")
FRIEND_GIFT_KINDS = ("banquet", "tea_set", "rare_book", "cash", "golf_trip", "painting", "wine")


def populate(world: World, n: int) -> None:
    """Citizens, bodies with leaderships and staff, supernodes, businesspeople."""
    rng = world.rng
    world.citizens = [world.person() for _ in range(int(n * CITIZENS))]
    for _ in range(max(6, int(n * BODIES))):
        world.leadership(world.body(), rng.randint(3, 6))
    for body in list(world.bodies):
        for post in world.leaders[body]:
            if rng.random() < 0.45:
                world.hire(post.person, "secretary", post.start, post.end if post.end < HORIZON else None)
            if rng.random() < 0.2:
                world.hire(post.person, "driver", post.start, post.end if post.end < HORIZON else None)
    world.regular = list(world.bodies)  # supernodes below are not picked for planted cases
    supernodes = max(1, n // 200_000)
    world.ministry_posts = []
    for _ in range(supernodes):
        ministry = world.w.entity("PublicBody", "国家" + world.rng.choice(("发展", "工业", "商务")) + "部")
        world.leaders[ministry] = []
        for _ in range(max(30, int(n * MINISTRY_POSTS))):
            start = day(rng.randint(2000, 2020), rng.randint(1, 12))
            world.ministry_posts.append(world.post(world.official(circle=False), ministry, start, HORIZON, "official"))
    world.bank_posts = []
    for _ in range(supernodes):
        bank = world.company("银行", roles=None)
        world.leaders[bank] = []
        for _ in range(max(20, int(n * BANK_OFFICERS))):
            start = day(rng.randint(2000, 2018), rng.randint(1, 12))
            world.bank_posts.append(world.post(world.official(circle=False), bank, start, HORIZON, "loan officer"))
    associations = [
        world.w.entity("Organization", rng.choice(PLACES_ORG) + "商会") for _ in range(max(2, int(n * ORGANIZATIONS)))
    ]
    for _ in range(max(20, int(n * BUSINESSPEOPLE))):
        firm = world.firm()
        if rng.random() < 0.3:
            world.socialites.append(firm.owner)
        else:
            world.contractors.append(firm.firm)
        if rng.random() < 0.2:
            world.w.relation("DIRECTS", firm.owner, rng.choice(associations), role="board")


PLACES_ORG = ("岚山", "北海", "江城", "云岭", "青川", "南湖")


def flows(world: World, n: int) -> None:
    """Clean tenders, loans and permits; family, friend and festival gifts."""
    rng = world.rng
    for _ in range(max(30, int(n * 0.03))):
        post = _post(world, world.regular)
        bidders = rng.randint(4, 20)
        world.approve(
            post.person,
            rng.choice(world.contractors),
            world.within(post, 0.0),
            "contract",
            rng.uniform(1e6, 8e7),
            body_id=post.body,
            procedure="open",
            planned_procedure="open",
            bidders=bidders,
        )
    for _ in range(max(3, int(n * 0.003))):  # restricted as planned, no tie: bid_rigging's non-flags
        post = _post(world, world.regular)
        procedure = rng.choice(("invited", "negotiated"))
        world.approve(
            post.person,
            rng.choice(world.contractors),
            world.within(post, 0.0),
            "contract",
            rng.uniform(5e5, 2e7),
            body_id=post.body,
            procedure=procedure,
            planned_procedure=procedure,
            bidders=rng.randint(2, 5),
        )
    for _ in range(max(20, int(n * 0.02))):
        post = rng.choice(world.bank_posts)
        # body_id names PublicBodies only: a state bank is a (state-owned) Company
        world.approve(
            post.person, rng.choice(world.contractors), world.within(post, 0.0), "loan", rng.uniform(1e5, 1e8)
        )
    for _ in range(max(10, int(n * 0.01))):
        post = rng.choice(world.ministry_posts)
        world.approve(
            post.person,
            rng.choice(world.contractors),
            world.within(post, 0.0),
            rng.choice(("permit", "license")),
            rng.uniform(0, 5e6),
            body_id=post.body,
        )
    _gifts(world, n)


def _post(world: World, bodies: list[str]) -> Leader:
    while True:
        posts = world.leaders[world.rng.choice(bodies)]
        if posts:
            return world.rng.choice(posts)


def _gifts(world: World, n: int) -> None:
    rng = world.rng
    officials = [p for p in world.people.values() if p.relatives]
    for _ in range(max(20, int(n * 0.02))):  # presents within the family
        person = rng.choice(officials)
        relative = rng.choice(person.relatives)[0]
        when = day(rng.randint(2008, 2022), rng.randint(1, 12), rng.randint(1, 28))
        giver, taker = (relative, person.id) if rng.random() < 0.7 else (person.id, relative)
        world.gift(giver, taker, when, rng.uniform(200, 8000), rng.choice(FAMILY_GIFT_KINDS))
    for _ in range(max(20, int(n * 0.02))):  # friends' presents to officials they know
        person = rng.choice(officials)
        friend = rng.choice(world.citizens)
        world.befriend(person.id, friend, rng.choice(("friend", "classmate")))
        for _ in range(rng.randint(1, 3)):
            when = day(rng.randint(2008, 2022), rng.randint(1, 12), rng.randint(1, 28))
            world.gift(friend, person.id, when, rng.uniform(100, 3000), rng.choice(FRIEND_GIFT_KINDS))
    posts = [p for body in world.regular for p in world.leaders[body]]
    for giver in world.socialites:  # festival gifts that lead nowhere: 1-3 a year to 1-2 officials
        for post in _distinct_bodies(world, posts, rng.randint(1, 2)):
            low = min(2022, max(2008, _year(post.start)))
            year = rng.randint(low, max(low, _year(min(post.end, HORIZON)) - 1))
            for offset in range(rng.randint(1, 3)):
                when = festival(min(2023, year + offset), rng)
                world.gift(
                    giver,
                    post.person,
                    when,
                    rng.uniform(500, 6000),
                    rng.choice(("mooncakes", "tea_set", "liquor", "red_envelope")),
                )


def _distinct_bodies(world: World, posts: list[Leader], k: int) -> list[Leader]:
    chosen: list[Leader] = []
    for _ in range(10 * k):
        post = world.rng.choice(posts)
        if len(chosen) < k and all(p.body != post.body for p in chosen):
            chosen.append(post)
    return chosen


def _year(ordinal: int) -> int:
    import datetime as dt

    return dt.date.fromordinal(ordinal).year


def pad(world: World, n: int) -> None:
    """Citizens until there are `n` entities."""
    while world.w.entities < n:
        world.citizens.append(world.person())


def top_up(world: World, n: int, relations_per_entity: float) -> None:
    """Friendships and presents among citizens until there are `relations_per_entity` x
    entities relations."""
    rng, w = world.rng, world.w
    target = int(relations_per_entity * max(n, w.entities))
    while w.relations < target:
        a, b = rng.choice(world.citizens), rng.choice(world.citizens)
        if a == b:
            continue
        if rng.random() < 0.55:
            world.befriend(a, b, rng.choice(("friend", "classmate", "neighbour")))
        else:
            when = day(rng.randint(2008, 2022), rng.randint(1, 12), rng.randint(1, 28))
            world.gift(a, b, when, rng.uniform(50, 2000), rng.choice(("banquet", "red_envelope", "fruit", "cash")))
