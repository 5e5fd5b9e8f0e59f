"""What every tactic's planter and decoy share: the `Planted` and `Decoy` records that
truth.json lists, and the helpers that pick fresh actors.

Planted instances: each planter takes fresh actors (a new businessperson and firm chain,
a leader no other case or decoy uses) so instances never interfere, and returns a
`Planted` record for truth.json: `key` is what a finding must hit to count (see
truth.py), `flows` the gifts and approvals the case rests on.

Decoys: records that come close to a tactic's pattern but are not it, so a
detector that flags them is wrong. `neutral_for` names tactics for which a finding on the
decoy is legitimate (a gift before an open tender is not bid rigging, but it is a direct
transaction lead) and so not counted as a false positive.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from encircle.queries.synth.world import Leader, World, day

__all__ = ["BRIBES", "DECISIONS", "Decoy", "Planted", "case", "claim", "maybe_alleged", "team"]

BRIBES = ("cash", "equity", "property", "shopping_card")
DECISIONS = ("license", "land", "permit", "subsidy", "contract")


@dataclass
class Planted:
    """A planted instance as truth.json lists it: its tactic and shape, the `key` a finding
    must hit to count (see truth.py), and the entities, relations and flows it consists of."""

    tactic: str
    shape: str
    key: dict[str, Any]
    entities: list[str] = field(default_factory=list)
    relations: list[str] = field(default_factory=list)
    flows: list[str] = field(default_factory=list)  # the case's GIFT and APPROVED relations

    def to_dict(self) -> dict[str, Any]:
        return {
            "tactic": self.tactic,
            "shape": self.shape,
            "key": self.key,
            "entities": self.entities,
            "relations": self.relations,
            "flows": self.flows,
        }


def maybe_alleged(world: World, share: float) -> str | None:
    """The status 'alleged' with probability `share` (drawn from the world's generator),
    else None."""
    return "alleged" if world.rng.random() < share else None


def case(
    tactic: str, shape: str, official: str, approval: str, entities: list[str], ties: list[str], gifts: list[str]
) -> Planted:
    """The :class:`Planted` record of an instance resting on one approval: keyed by the
    approval and the official, with the gifts and the approval as its flows."""
    flows = [*gifts, approval]
    key = {"approval": approval, "official": official}
    return Planted(tactic, shape, key, list(dict.fromkeys(entities)), [*flows, *ties], flows)


@dataclass
class Decoy:
    """A near miss as truth.json lists it: the tactic it comes close to, its shape,
    relations and entities, and the tactics for which a finding on it is legitimate
    (`neutral_for`)."""

    near_tactic: str
    shape: str
    relations: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    neutral_for: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "near_tactic": self.near_tactic,
            "shape": self.shape,
            "relations": self.relations,
            "entities": self.entities,
            "neutral_for": self.neutral_for,
        }


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


def claim(world: World, body: str) -> None:
    """Mark `body` and everyone who holds a post there as used, so that no other instance or
    decoy takes them."""
    world.used.add(body)
    for post in world.leaders[body]:
        world.used.add(post.person)
