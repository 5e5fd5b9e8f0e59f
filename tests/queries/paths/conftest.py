"""A hand-built case for the query tests, written to each store backend in turn.

biz ─OWNS→ firm ←APPROVED(2017-08)─ off
biz ─GIFT(2017-02)→ sec ─EMPLOYED_BY(2016-01..)→ off
firm ─GIFT(2017-04, alleged)→ sonco ←OWNS─ son ─RELATIVE_OF─ off
biz, off and 12 members ─HOLDS_POST→ ministry   (a hub: 14 relations > hub degree 10)
early ─GIFT(2019-05)→ clerk ─EMPLOYED_BY(2010..2012)→ boss ─APPROVED(2018-03)→ firm2
"Li Wei" names two people (li1, li2); loner has no relations.
"""

from __future__ import annotations

import pytest

from encircle.graph.records import Entity, Relation
from encircle.graph.stores import Store
from encircle.queries.paths.model import Filters

HUB_DEGREE = 10


def person(id: str, name: str, *roles: str, aliases: tuple[str, ...] = ()) -> Entity:
    return Entity(id, "Person", name, aliases=aliases, roles=roles)


ENTITIES = [
    person("biz", "Qian Lei", "businessperson", aliases=("钱磊",)),
    person("sec", "Xu Tao", "staff"),
    person("off", "Zhou Ping", "official", aliases=("周平",)),
    person("son", "Zhou Xiaolong", "relative"),
    Entity("firm", "Company", "Leixin New Energy"),
    Entity("sonco", "Company", "Longteng Consulting"),
    Entity("ministry", "PublicBody", "Ministry of Everything"),
    person("early", "Early Giver", "businessperson"),
    person("clerk", "Former Clerk", "staff"),
    person("boss", "Old Boss", "official"),
    Entity("firm2", "Company", "Second Firm"),
    person("li1", "Li Wei", "official"),
    person("li2", "Li Wei", "businessperson", aliases=("Lee Wei",)),
    person("loner", "Lonely Person"),
    *(person(f"member{i:02d}", f"Member {i}", "official") for i in range(12)),
]

RELATIONS = [
    Relation("own-biz", "OWNS", "biz", "firm", share=0.7),
    Relation("gift-biz-sec", "GIFT", "biz", "sec", date="2017-02", amount=200000.0, kind="cash", source="case §7"),
    Relation("emp-sec", "EMPLOYED_BY", "sec", "off", start_date="2016-01", kind="secretary"),
    Relation("appr-off-firm", "APPROVED", "off", "firm", date="2017-08-30", amount=4.5e7, kind="subsidy"),
    Relation("gift-firm-sonco", "GIFT", "firm", "sonco", date="2017-04-10", amount=3e6, status="alleged"),
    Relation("own-son", "OWNS", "son", "sonco", share=1.0),
    Relation("kin-son", "RELATIVE_OF", "son", "off", kind="child"),
    Relation("post-off", "HOLDS_POST", "off", "ministry", start_date="2015-06", role="director"),
    Relation("post-biz", "HOLDS_POST", "biz", "ministry", start_date="2014", role="adviser"),
    *(Relation(f"post-m{i:02d}", "HOLDS_POST", f"member{i:02d}", "ministry", role="clerk") for i in range(12)),
    Relation("gift-early", "GIFT", "early", "clerk", date="2019-05", amount=1000.0),
    Relation("emp-clerk", "EMPLOYED_BY", "clerk", "boss", start_date="2010", end_date="2012", kind="secretary"),
    Relation("appr-boss", "APPROVED", "boss", "firm2", date="2018-03-01", kind="contract"),
]


@pytest.fixture
def case(store: Store) -> Store:
    """The case above in each store backend."""
    store.write(ENTITIES, RELATIONS)
    return store


@pytest.fixture
def filters() -> Filters:
    return Filters(hub_degree=HUB_DEGREE)
