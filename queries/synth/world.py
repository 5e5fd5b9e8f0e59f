"""The political-business world: bodies and their rotating leaderships, officials with
families, staff and friends, businesspeople with ownership chains, and supernodes.

Only id lists and small per-official facts stay in memory; every row is streamed to the
writer when it is made. Everything random comes from one `random.Random`, and nothing
iterates a set, so a seed gives the same bundle byte for byte.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from encircle.queries.synth.writer import BundleWriter, Value, iso, month

__all__ = ["HOBBY_GIFTS", "HORIZON", "Firm", "Leader", "Person", "World", "day", "festival"]

FIRST_YEAR, LAST_YEAR = 2005, 2023
HORIZON = dt.date(LAST_YEAR, 6, 30).toordinal()  # nothing happens later
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文斌海波辉玲鹏飞鑫宇浩凯"
PLACES = "岚山北海江城云岭青川南湖东平西陵临江安和永宁长丰"
TRADES = ("建设", "置业", "能源", "矿业", "医药", "物流", "科技", "贸易", "投资", "环保", "食品", "咨询")
BODY_KINDS = (
    "自然资源局",
    "交通运输局",
    "住房和城乡建设局",
    "招标采购管理局",
    "发展和改革委员会",
    "财政局",
    "卫生健康委员会",
)
INTERESTS = ("golf", "travel", "calligraphy", "tea", "fishing", "reading", "wine")
HOBBY_GIFTS = {
    "golf": ("golf_membership", "golf_trip"),
    "travel": ("tour", "trip", "holiday"),
    "calligraphy": ("painting", "artwork"),
    "tea": ("tea_set", "pu_erh"),
    "fishing": ("fishing_gear",),
    "reading": ("rare_book",),
    "wine": ("maotai", "baijiu"),
}
SEATS = ("party secretary", "director", "deputy director", "deputy director", "deputy director", "chief engineer")
# Spring Festival 2005-2023 (month-day), for festive gifts.
_SPRING_DAYS = (
    "02-09 01-29 02-18 02-07 01-26 02-14 02-03 01-23 02-10 01-31 02-19 02-08 01-28 02-16 02-05 01-25 02-12 02-01 01-22"
)
SPRING = dict(zip(range(2005, 2024), _SPRING_DAYS.split(), strict=True))


def day(year: int, mon: int = 1, dom: int = 1) -> int:
    """A calendar date as its ordinal day (`date.toordinal()`), the world's unit of time."""
    return dt.date(year, mon, dom).toordinal()


def festival(year: int, rng: random.Random) -> int:
    """A day in the week before Spring Festival, Mid-Autumn (~late September) or New Year."""
    which = rng.randrange(3)
    if which == 0:
        base = dt.date.fromisoformat(f"{year}-{SPRING[year]}").toordinal()
    elif which == 1:
        base = day(year, 9, 20)
    else:
        base = day(year, 12, 28)
    return base - rng.randint(0, 4)


@dataclass
class Leader:
    """One post: a person holding a seat of a body over [start, end] (ordinal days)."""

    person: str
    body: str
    post: str
    start: int
    end: int  # HORIZON when still in office
    role: str


@dataclass
class Person:
    """What planting needs to know about an official: family, staff, interests."""

    id: str
    relatives: list[tuple[str, str, str]] = field(default_factory=list)  # (id, kind, relation id)
    staff: list[tuple[str, str, str, int]] = field(default_factory=list)  # (id, job, relation id, start)


@dataclass
class Firm:
    """A businessperson's operating firm and the chain above it (holding -> subsidiary)."""

    owner: str
    firm: str
    chain: list[str]  # holding companies from the owner down to the firm, then the firm
    relatives: list[str]
    relations: list[str]


class World:
    """The world being generated: each entity and relation goes to `writer` as it is made,
    and only the ids and facts planting needs stay (bodies and their leaders, officials'
    circles, who is used). All randomness comes from `rng`."""

    def __init__(self, writer: BundleWriter, rng: random.Random) -> None:
        self.w, self.rng = writer, rng
        self.citizens: list[str] = []
        self.bodies: list[str] = []
        self.leaders: dict[str, list[Leader]] = {}  # body -> posts, in seat order
        self.people: dict[str, Person] = {}  # officials' circles
        self.contractors: list[str] = []  # firms that win clean tenders and loans
        self.socialites: list[str] = []  # businesspeople giving festival gifts that lead nowhere
        self.used: set[str] = set()  # officials and bodies taken by a planted case or decoy
        self.interests: dict[str, tuple[str, ...]] = {}
        self.moved: set[str] = set()  # membership tests only: iteration order never matters
        self.regular: list[str] = []  # bodies planted cases may use (not the supernodes)
        self.ministry_posts: list[Leader] = []
        self.bank_posts: list[Leader] = []

    # -- names and rows ------------------------------------------------------------------

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.choices(GIVEN, k=self.rng.randint(1, 2)))

    def person(self, *roles: str, interests: tuple[str, ...] = (), **fields: Value) -> str:
        born = f"{self.rng.randint(1950, 1995)}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"
        pid = self.w.entity(
            "Person", self.name(), roles=";".join(roles), interests=";".join(interests), birth_date=born, **fields
        )
        if interests:
            self.interests[pid] = interests
        return pid

    def company(self, trade: str | None = None, **fields: Value) -> str:
        trade = trade or self.rng.choice(TRADES)
        name = "".join(self.rng.choices(PLACES, k=2)) + "".join(self.rng.choices(GIVEN, k=2)) + trade + "有限公司"
        reg = f"91{self.rng.randrange(10**15, 10**16)}"
        return self.w.entity("Company", name, registration_number=reg, **fields)

    def gift(self, giver: str, taker: str, when: int, amount: float, kind: str, **fields: Value) -> str:
        return self.w.relation(
            "GIFT", giver, taker, date=iso(when), amount=round(amount), currency="CNY", kind=kind, **fields
        )

    def approve(self, official: str, firm: str, when: int, kind: str, amount: float, **fields: Value) -> str:
        return self.w.relation(
            "APPROVED", official, firm, date=iso(when), amount=round(amount, -3), currency="CNY", kind=kind, **fields
        )

    def relate(self, a: str, b: str, kind: str) -> str:
        return self.w.relation("RELATIVE_OF", a, b, kind=kind)

    def befriend(self, a: str, b: str, kind: str = "friend") -> str:
        return self.w.relation("ASSOCIATE_OF", a, b, kind=kind)

    # -- building blocks -----------------------------------------------------------------

    def body(self) -> str:
        name = "".join(self.rng.choices(PLACES, k=2)) + "市" + self.rng.choice(BODY_KINDS)
        body = self.w.entity("PublicBody", name)
        self.bodies.append(body)
        self.leaders[body] = []
        return body

    def leadership(self, body: str, seats: int) -> None:
        """Each seat filled by successive holders from 2005 on; some move in from another
        body when their post there ended (leaders rotate)."""
        for seat in range(seats):
            start = day(FIRST_YEAR, self.rng.randint(1, 12)) - self.rng.randint(0, 4 * 365)
            while start < HORIZON:
                end = start + self.rng.randint(3 * 365, 8 * 365)
                person = self._mover(start) or self.official()
                role = SEATS[min(seat, len(SEATS) - 1)]
                self.post(person, body, start, end, role)
                start = end + self.rng.randint(1, 120)

    def _mover(self, start: int) -> str | None:
        """A leader whose post elsewhere ended in the year before `start`, about one time in
        four; each official moves at most once."""
        if self.rng.random() > 0.25 or not self.bodies:
            return None
        body = self.rng.choice(self.bodies)
        done = [
            p.person for p in self.leaders[body] if 0 < start - p.end < 365 and p.person not in self.moved | self.used
        ]
        if not done:
            return None
        self.moved.add(done[-1])
        return done[-1]

    def post(self, person: str, body: str, start: int, end: int, role: str) -> Leader:
        end_date = month(end) if end < HORIZON else None
        rel = self.w.relation("HOLDS_POST", person, body, start_date=month(start), end_date=end_date, role=role)
        first = dt.date.fromordinal(start).replace(day=1).toordinal()  # the month stands for its first day
        leader = Leader(person, body, rel, first, min(end, HORIZON), role)
        self.leaders[body].append(leader)
        return leader

    def official(self, circle: bool = True) -> str:
        """An official with a spouse (often), sometimes a child, friends and staff."""
        rng = self.rng
        interests = tuple(rng.sample(INTERESTS, rng.randint(1, 2))) if rng.random() < 0.4 else ()
        pid = self.person("official", interests=interests)
        self.people[pid] = Person(pid)
        if circle:
            self.family(pid)
            for _ in range(rng.choice((0, 1, 1, 2))):
                if self.citizens:
                    self.befriend(pid, rng.choice(self.citizens), rng.choice(("friend", "classmate")))
        return pid

    def family(self, pid: str) -> list[tuple[str, str, str]]:
        """A spouse (usually; a third have a recorded hobby) and sometimes a child or sibling."""
        rng, made = self.rng, []
        if rng.random() < 0.85:
            spouse_interests = tuple(rng.sample(INTERESTS, 1)) if rng.random() < 0.3 else ()
            made.append((self.person("relative", interests=spouse_interests), "spouse"))
        if rng.random() < 0.5:
            made.append((self.person("relative"), rng.choice(("child", "sibling", "parent"))))
        found = [(relative, kind, self.relate(pid, relative, kind)) for relative, kind in made]
        if pid in self.people:
            self.people[pid].relatives += found
        return found

    def hire(self, official: str, job: str, start: int, end: int | None = None) -> tuple[str, str]:
        staff = self.person("staff")
        rel = self.w.relation(
            "EMPLOYED_BY", staff, official, start_date=month(start), end_date=month(end) if end else None, kind=job
        )
        self.people.setdefault(official, Person(official)).staff.append((staff, job, rel, start))
        return staff, rel

    def firm(self, depth: int | None = None, kind: str = "contractor") -> Firm:
        """A businessperson owning an operating firm through 0-2 holding companies, with a
        spouse (sometimes a co-owner) and the legal representative's directorship."""
        rng = self.rng
        owner = self.person("businessperson")
        depth = rng.choice((0, 0, 1, 1, 2)) if depth is None else depth
        chain = [self.company("投资" if i < depth else None) for i in range(depth + 1)]
        relations, above = [], owner
        for company in chain:
            share = rng.choice((1.0, 0.8, 0.6, 0.51))
            relations.append(
                self.w.relation("OWNS", above, company, share=share, start_date=f"{rng.randint(1998, 2012)}")
            )
            above = company
        relations.append(self.w.relation("DIRECTS", owner, chain[-1], role="legal_representative"))
        relatives = [r for r, _, _ in self.family(owner)]
        if relatives and rng.random() < 0.3:
            relations.append(self.w.relation("OWNS", relatives[0], chain[-1], share=0.2))
        return Firm(owner, chain[-1], chain, relatives, relations)

    # -- picking fresh actors for planted cases and decoys -------------------------------------

    def free_leader(self, years: float = 4.0, interested: bool = False) -> Leader:
        """A leader not used by another case, in office at least `years` after 2008 (with
        a recorded interest if `interested`)."""
        for _ in range(200):
            body = self.rng.choice(self.regular)
            posts = [
                p
                for p in self.leaders[body]
                if p.person not in self.used
                and self._span(p) >= years * 365
                and (not interested or p.person in self.interests)
            ]
            if posts and body not in self.used:
                leader = self.rng.choice(posts)
                self.used.add(leader.person)
                return leader
        body = self.body()  # the world ran out: a new body with one long post
        self.regular.append(body)
        start = day(2008, self.rng.randint(1, 12))
        official = self.official()
        if interested and official not in self.interests:
            official = self.person("official", interests=(self.rng.choice(INTERESTS),))
            self.people[official] = Person(official)
        leader = self.post(official, body, start, start + int((years + 3) * 365), "director")
        self.used.add(leader.person)
        return leader

    @staticmethod
    def _span(post: Leader) -> int:
        return min(post.end, HORIZON) - max(post.start, day(2008))

    def within(self, leader: Leader, low: float = 0.3, high: float = 1.0) -> int:
        """A day in the usable part of a post, between fractions `low` and `high` of it."""
        start, end = max(leader.start, day(2008)), min(leader.end, HORIZON)
        return start + int((end - start) * self.rng.uniform(low, high))

    def circle_member(self, official: str, kind: str) -> tuple[str, str]:
        """A relative (spouse/child) of the official, made if missing: (id, relation id)."""
        person = self.people.setdefault(official, Person(official))
        for relative, known, rel in person.relatives:
            if known == kind:
                return relative, rel
        relative = self.person("relative")
        rel = self.relate(official, relative, kind)
        person.relatives.append((relative, kind, rel))
        return relative, rel
