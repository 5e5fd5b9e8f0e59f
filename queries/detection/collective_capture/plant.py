"""Planted instances of collective_capture for the synthetic worlds, and its hard decoy (see
encircle.queries.synth)."""

from __future__ import annotations

import itertools
import math

from encircle.queries.synth.planting import BRIBES, Decoy, Planted, claim, maybe_alleged, team
from encircle.queries.synth.world import HORIZON, World

__all__ = ["decoy", "plant"]


def plant(world: World) -> Planted:
    """A businessman and his firm reach most of a leadership within a few months (some
    leaders through the spouse); most reached leaders then approve the firm."""
    rng = world.rng
    body, t, at_t, around = team(world)
    claim(world, body)
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
                    status=maybe_alleged(world, 0.15),
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


def decoy(world: World, i: int) -> Decoy:
    """Gifts to only one leader of a team; or to two who never held office together."""
    rng = world.rng
    firm = world.firm()
    body, t, at_t, _ = team(world, 2)
    claim(world, body)
    posts = world.leaders[body]
    seq = [(a, b) for a, b in itertools.pairwise(posts) if b.start > a.end and a.end - a.start > 400]
    if i % 2 and seq:
        first, second = rng.choice(seq)
        days = [first.end - rng.randint(30, 300), second.start + rng.randint(30, 300)]
        takers, shape = [first.person, second.person], "two leaders never in office together"
    else:
        takers, days, shape = [at_t[0].person] * 2, [t + 10, t + 200], "one leader reached"
    relations = [world.gift(firm.owner, p, d, rng.uniform(5e4, 5e5), "cash") for p, d in zip(takers, days, strict=True)]
    return Decoy("collective_capture", shape, relations, [firm.owner, *takers, body])
