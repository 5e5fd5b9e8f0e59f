"""Stress shapes: worlds whose *shape*, not only their size, tests how encircle scales.

`encircle synth --shape NAME` adds one or more of these to the ordinary world (the
default world is unchanged, byte for byte). Each grows with the requested entity count
`n`, so a step that is quadratic in a body's size, a hub's degree or the number of
candidates shows up as a growth exponent near 2 in benchmarks/scaling_benchmark.py:

- ``big_body``: a body of ``n / 200`` seats held in turn by about ``n / 55`` leaders
  (thousands at 100k), whose relatives and staff receive ordinary presents from ``n / 20``
  distinct citizens while the leader is in office; 250 of those citizens reach two
  leaders (collective_capture candidates that are not collective). A few planted cases
  (direct, roundabout, friendship, customization, bid rigging) sit among its leaders.
- ``hub``: one company with about ``n`` relations (employees, payments into it, permits
  and licences it is granted), and two planted direct transactions for which it is the
  beneficiary, so a finding's view has the hub in it.
- ``candidates``: about ``n / 6`` candidates per rule tactic that are *not* capture (a
  gift years before the approval, a gift to a relative long after it, festive series with
  no approval, a hobby present with no approval, restricted tenders as planned with no
  tie, a blacklisted firm winning just outside its period, one giver for two leaders who
  never served together); gifts fall outside the receiver's time in office, so they do not
  add up to a collective case.
- ``chains``: ``n / 2000`` ownership chains 10-40 companies deep; every fifth carries a
  planted direct transaction whose giver is two levels above the winning firm.
- ``clusters``: ``n / 4000`` cliques of 40 friends (780 relations each), each holding an
  official and a businessperson.
- ``flagged``: six times the ordinary number of planted instances and decoys per tactic
  (thousands of flagged findings at 100k).

``stress`` names them all. Shapes add entities of their own, so a stress world can have
more entities than asked (the citizens padding an ordinary world come first). Planted
cases are in truth.json as in an ordinary world, so quality is still measured.
"""

from __future__ import annotations

from encircle.queries.synth.planting import Planted, case
from encircle.queries.synth.world import HORIZON, Leader, World, day
from encircle.queries.synth.writer import month

SHAPES = ("big_body", "hub", "candidates", "chains", "clusters", "flagged")
FLAGGED_DENSITY = 6
TWO_LEADER_GIVERS = 250  # fixed: each one's explanation names every unreached leader
ORDINARY = ("mooncakes", "fruit", "red_envelope", "banquet")
# tactics whose planters take a free leader (world.free_leader): they can be planted in the big body
IN_BIG_BODY = ("direct_transaction", "roundabout", "friendship_investment", "private_customization", "bid_rigging")


def shapes_of(names: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The shapes `names` ask for, in canonical order ("stress" is all, "ordinary" none)."""
    asked = set()
    for name in names:
        if name == "stress":
            asked |= set(SHAPES)
        elif name in SHAPES:
            asked.add(name)
        elif name != "ordinary":
            raise ValueError(f"unknown shape {name!r}; expected one of ordinary, stress, {', '.join(SHAPES)}")
    return tuple(s for s in SHAPES if s in asked)


class Stress:
    """Adds the chosen shapes to a world, in three phases around the ordinary planting."""

    def __init__(self, world: World, n: int, shapes: tuple[str, ...]) -> None:
        self.world, self.n, self.shapes = world, n, shapes
        self.big: str | None = None
        self.hub: str | None = None
        self.chains: list[list[str]] = []
        self.counts: dict[str, int] = {}

    @property
    def density(self) -> int:
        """How many times the ordinary planted instances per tactic to plant."""
        return FLAGGED_DENSITY if "flagged" in self.shapes else 1

    def structure(self) -> None:
        """Before planting: the big body and its leaders, the hub, chains, clusters."""
        if "big_body" in self.shapes:
            self._big_body()
        if "hub" in self.shapes:
            self.hub = self.world.company("能源")
        if "chains" in self.shapes:
            self._chains()
        if "clusters" in self.shapes:
            self._clusters()

    def plant(self) -> list[Planted]:
        """After the ordinary planting: the shapes' own planted cases."""
        planted: list[Planted] = []
        if self.big:
            planted += self._plant_in_big_body()
        if self.hub:
            planted += [self._plant_direct(self.hub, []) for _ in range(2)]
        for i, chain in enumerate(self.chains):
            if i % 5 == 0:
                planted.append(self._plant_direct(chain[-1], chain[-3:-2]))
        return planted

    def flows(self) -> None:
        """After the world is padded with citizens: the mass of ordinary relations."""
        if self.big:
            self._big_body_gifts()
        if self.hub:
            self._hub_relations()
        if "candidates" in self.shapes:
            from encircle.queries.synth import candidates

            self.counts |= candidates.add(self.world, self.n)

    def to_dict(self) -> dict[str, object]:
        return {"names": list(self.shapes), "big_body": self.big, "hub": self.hub, "counts": self.counts}

    # -- big body ----------------------------------------------------------------------

    def _big_body(self) -> None:
        world, rng = self.world, self.world.rng
        self.big = world.w.entity("PublicBody", "岚山市人民代表大会")
        world.leaders[self.big] = []  # not in world.bodies: no leader moves in or out
        for _ in range(max(60, self.n // 200)):
            start = day(2003, rng.randint(1, 12))
            while start < HORIZON:
                end = start + rng.randint(4 * 365, 6 * 365)
                post = world.post(world.official(), self.big, start, end, "deputy")
                if rng.random() < 0.3:
                    world.hire(post.person, "secretary", post.start, post.end if post.end < HORIZON else None)
                start = end + rng.randint(1, 60)
        self.counts["big_body_leaders"] = len(world.leaders[self.big])

    def _plant_in_big_body(self) -> list[Planted]:
        from encircle.queries.detection.registry import TACTICS

        world = self.world
        regular, world.regular = world.regular, [self.big or ""]
        try:
            return [plant(world) for name in IN_BIG_BODY if (plant := TACTICS[name].plant) is not None]
        finally:
            world.regular = regular

    def _big_body_gifts(self) -> None:
        """Ordinary presents to the leaders' relatives and staff, in office, from distinct
        citizens; a fixed number of them reach two leaders."""
        world, rng = self.world, self.world.rng
        posts = [p for p in world.leaders[self.big or ""] if p.person not in world.used and _circle(world, p)]
        givers = rng.sample(world.citizens, min(len(world.citizens), self.n // 20))
        for i, giver in enumerate(givers):
            for post in rng.sample(posts, 2 if i < TWO_LEADER_GIVERS else 1):
                taker = rng.choice(_circle(world, post))
                for _ in range(rng.randint(1, 2)):
                    when = world.within(post, 0.05, 0.95)
                    world.gift(giver, taker, when, rng.uniform(100, 3000), rng.choice(ORDINARY))
        self.counts["big_body_givers"] = len(givers)

    # -- hub -------------------------------------------------------------------------------

    def _hub_relations(self) -> None:
        """About n relations: employees, payments into the company, permits it is granted."""
        world, rng, hub = self.world, self.world.rng, self.hub or ""
        for citizen in rng.choices(world.citizens, k=int(0.6 * self.n)):
            start = day(rng.randint(2000, 2020), rng.randint(1, 12))
            world.w.relation("EMPLOYED_BY", citizen, hub, start_date=month(start), kind="staff")
        for citizen in rng.choices(world.citizens, k=int(0.3 * self.n)):
            when = day(rng.randint(2008, 2022), rng.randint(1, 12), rng.randint(1, 28))
            world.gift(citizen, hub, when, rng.uniform(50, 500), "fee")
        posts = [p for body in world.regular for p in world.leaders[body]]
        for _ in range(int(0.1 * self.n)):
            post = rng.choice(posts)
            when = world.within(post, 0.0)
            world.approve(post.person, hub, when, rng.choice(("permit", "license")), rng.uniform(1e4, 1e6))
        self.counts["hub_degree"] = int(0.6 * self.n) + int(0.3 * self.n) + int(0.1 * self.n)

    # -- chains and clusters ----------------------------------------------------------------

    def _chains(self) -> None:
        world, rng = self.world, self.world.rng
        for _ in range(max(5, self.n // 2000)):
            owner = world.person("businessperson")
            chain = [world.company("投资") for _ in range(rng.randint(10, 40))]
            above = owner
            for company in chain:
                world.w.relation("OWNS", above, company, share=1.0, start_date=f"{rng.randint(1998, 2006)}")
                above = company
            self.chains.append(chain)
        self.counts["chains"] = len(self.chains)

    def _clusters(self) -> None:
        world, rng = self.world, self.world.rng
        posts = [p for body in world.regular for p in world.leaders[body]]
        for _ in range(max(3, self.n // 4000)):
            members = [*rng.sample(world.citizens, 38), rng.choice(posts).person, world.firm().owner]
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    world.befriend(a, b, rng.choice(("friend", "classmate")))
        self.counts["clusters"] = max(3, self.n // 4000)

    def _plant_direct(self, firm: str, givers: list[str]) -> Planted:
        """A direct transaction for `firm`: a businessperson who owns part of it (or one of
        `givers`, a company above it) pays a fresh leader, who then approves the firm."""
        world, rng = self.world, self.world.rng
        leader = world.free_leader(3)
        ties = []
        if not givers:
            owner = world.person("businessperson")
            ties.append(world.w.relation("OWNS", owner, firm, share=0.3, start_date="2005"))
            givers = [owner]
        when = world.within(leader, 0.5, 0.95)
        approval = world.approve(leader.person, firm, when, rng.choice(("license", "land")), rng.uniform(2e6, 2e8))
        gift = world.gift(givers[0], leader.person, when - rng.randint(30, 600), rng.uniform(2e5, 3e6), "cash")
        entities = [*givers, firm, leader.person, leader.body]
        return case(
            "direct_transaction",
            "stress: beneficiary is a hub or chain",
            leader.person,
            approval,
            entities,
            [leader.post, *ties],
            [gift],
        )


def _circle(world: World, post: Leader) -> list[str]:
    person = world.people.get(post.person)
    return [r for r, _, _ in person.relatives] + [s for s, *_ in person.staff] if person else []


__all__ = ["SHAPES", "Stress", "shapes_of"]
