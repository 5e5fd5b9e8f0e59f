"""The ``candidates`` stress shape: many near misses per rule tactic, none of them capture.

Each kind below is a candidate for one tactic that its rules leave `not_flagged` (see each
detector's Exclusions), built from entities the world already has. Gifts fall outside the
receiver's time in office (before the post began or after it ended), so a giver who turns
up in two kinds never adds up to a collective capture, and no gift comes within a year
after an approval for the giver's side, so none closes an interest_group loop.
"""

from __future__ import annotations

import itertools

from encircle.queries.synth.world import HORIZON, Leader, World, day
from encircle.queries.synth.writer import iso

KINDS = (
    "direct_transaction",
    "roundabout",
    "friendship_investment",
    "private_customization",
    "bid_rigging",
    "blacklist_evasion",
    "collective_capture",
)
EARLY = day(2006)  # posts starting later leave room for a gift before them


def add(world: World, n: int) -> dict[str, int]:
    """About n / 6 candidates of each kind; returns how many of each were written."""
    per_kind = max(10, n // 6)
    posts = [p for p in _posts(world) if p.person not in world.used]
    spans: dict[str, tuple[int, int]] = {}  # a person's first day and last day in any office
    for held in world.leaders.values():
        for post in held:
            first, last = spans.get(post.person, (post.start, post.end))
            spans[post.person] = (min(first, post.start), max(last, post.end))
    made = {
        "direct_transaction": _direct(world, posts, spans, per_kind),
        "roundabout": _roundabout(world, posts, spans, per_kind),
        "friendship_investment": _series(world, posts, spans, per_kind),
        "private_customization": _hobby(world, posts, spans, per_kind),
        "bid_rigging": _tenders(world, posts, per_kind),
        "blacklist_evasion": _blacklisted(world, posts, per_kind),
        "collective_capture": _successors(world, per_kind),
    }
    return {f"candidates_{kind}": count for kind, count in made.items()}


def _posts(world: World) -> list[Leader]:
    """Regular bodies' posts with at least a year in office after 2008 (world.within's range)."""
    return [p for body in world.regular for p in world.leaders[body] if World._span(p) >= 365]


Spans = dict[str, tuple[int, int]]


def _number(entity_id: str) -> int:
    return int(entity_id[1:])


def _pair(world: World, posts: list[Leader], seen: set[tuple[str, str]]) -> tuple[Leader, str]:
    """A post and a contractor, preferably a pair not drawn before (a firm's repeated
    gifts to one official would add up to a series)."""
    for _ in range(20):
        post, firm = world.rng.choice(posts), world.rng.choice(world.contractors)
        if (post.person, firm) not in seen:
            break
    seen.add((post.person, firm))
    return post, firm


def _before(world: World, span: tuple[int, int], low: int = 30, high: int = 900) -> int:
    """A day `low` to `high` days before someone first took office."""
    return span[0] - world.rng.randint(low, high)


def _direct(world: World, posts: list[Leader], spans: Spans, count: int) -> int:
    """A gift from the winner more than before_days (1095) before the official took office,
    so before every approval of his there."""
    rng, seen = world.rng, set[tuple[str, str]]()
    even = [p for p in posts if _number(p.person) % 2 == 0]  # not an official of _roundabout's
    for _ in range(count):
        post, firm = _pair(world, even, seen)
        when = world.within(post, 0.3)
        world.gift(firm, post.person, _before(world, spans[post.person], 1100, 1500), rng.uniform(500, 5000), "banquet")
        world.approve(
            post.person,
            firm,
            when,
            "contract",
            rng.uniform(1e6, 5e7),
            body_id=post.body,
            procedure="open",
            planned_procedure="open",
            bidders=rng.randint(6, 20),
        )
    return count


def _roundabout(world: World, posts: list[Leader], spans: Spans, count: int) -> int:
    """A gift to the official's relative more than a year after the official left his last
    office, so more than a year after every approval of his."""
    rng = world.rng
    ended = [
        p
        for p in posts
        if _number(p.person) % 2 == 1  # not an official of _direct's: one firm's gifts would add up to a series
        and spans[p.person][1] < HORIZON - 800
        and world.people.get(p.person, None)
        and world.people[p.person].relatives
    ]
    seen: set[tuple[str, str]] = set()
    for _ in range(count):
        post, firm = _pair(world, ended, seen)
        when = world.within(post, 0.5)
        world.approve(post.person, firm, when, "permit", rng.uniform(1e5, 5e6), body_id=post.body)
        relative = rng.choice(world.people[post.person].relatives)[0]
        gift_day = min(HORIZON, spans[post.person][1] + 400 + rng.randint(0, 200))
        world.gift(firm, relative, gift_day, rng.uniform(500, 5000), "red_envelope")
    return count


def _series(world: World, posts: list[Leader], spans: Spans, count: int) -> int:
    """Four or five festive presents from a citizen over three years before the official
    first took office."""
    rng = world.rng
    early = [p for p in posts if spans[p.person][0] > EARLY + 4 * 365]
    for _ in range(count):
        post, giver = rng.choice(early), rng.choice(world.citizens)
        first = spans[post.person][0] - rng.randint(3 * 365, 4 * 365)
        for k in range(rng.randint(4, 5)):
            world.gift(giver, post.person, first + k * 250, rng.uniform(200, 3000), "mooncakes")
    return count


def _hobby(world: World, posts: list[Leader], spans: Spans, count: int) -> int:
    """A present fitting the official's hobby before he first took office, and no approval."""
    rng = world.rng
    keen = [p for p in posts if p.person in world.interests]
    for _ in range(count):
        post = rng.choice(keen)
        hobby = rng.choice(world.interests[post.person])
        kind = {"golf": "golf_trip", "travel": "tour", "calligraphy": "painting", "tea": "tea_set"}.get(hobby, hobby)
        world.gift(
            rng.choice(world.citizens), post.person, _before(world, spans[post.person]), rng.uniform(500, 8000), kind
        )
    return count


def _tenders(world: World, posts: list[Leader], count: int) -> int:
    """An invited or negotiated tender run as planned, with several bids and no tie."""
    rng = world.rng
    for _ in range(count):
        post = rng.choice(posts)
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
            bidders=rng.randint(4, 8),
        )
    return count


def _blacklisted(world: World, posts: list[Leader], count: int) -> int:
    """Blacklisted firms winning permits up to a year before their period began."""
    rng = world.rng
    made = 0
    while made < count:
        start = day(rng.randint(2012, 2021), rng.randint(1, 12))
        firm = world.company(blacklisted_from=iso(start), blacklisted_until=iso(start + 2 * 365))
        for _ in range(6):
            post = rng.choice(posts)
            world.approve(post.person, firm, start - rng.randint(10, 350), "permit", rng.uniform(1e4, 1e6))
            made += 1
    return made


def _successors(world: World, count: int) -> int:
    """A citizen's present to each of two leaders of a body who never served together."""
    rng = world.rng
    pairs = [
        (a, b)
        for body in world.regular
        for a, b in itertools.permutations(world.leaders[body], 2)
        if b.start > a.end + 30
        and min(World._span(a), World._span(b)) >= 365
        and a.person not in world.used
        and b.person not in world.used
    ]
    for giver in rng.sample(world.citizens, min(count, len(world.citizens))):
        first, second = rng.choice(pairs)
        world.gift(giver, first.person, world.within(first, 0.2, 0.9), rng.uniform(200, 2000), "fruit")
        world.gift(giver, second.person, world.within(second, 0.2, 0.9), rng.uniform(200, 2000), "fruit")
    return min(count, len(world.citizens))


__all__ = ["KINDS", "add"]
