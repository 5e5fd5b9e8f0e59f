"""A hand-built case shared by the store tests: every entity type and role, every relation
type, Chinese names, odd extra keys, dates of each precision, amounts, shares, bidders."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from encircle.graph.records import Entity, Relation
from encircle.graph.stores import Store

ENTITIES = (
    Entity(
        "p1",
        "Person",
        "李明",
        aliases=("小李", "Li Ming"),
        roles=("official",),
        interests=("land", "mining"),
        birth_date="1961",
        country="CN",
        source="indictment.pdf p.3",
        extra={"备注": "县长", "notes 2": "see file"},
    ),
    Entity("p2", "Person", "王芳", roles=("businessperson", "relative"), birth_date="1965-03"),
    Entity("p3", "Person", "张伟", roles=("staff",), birth_date="1970-05-06"),
    Entity("p4", "Person", "赵强", aliases=("强哥",), roles=("intermediary",)),
    Entity(
        "c1",
        "Company",
        "华信建设有限公司",
        registration_number="91330100MA27",
        country="CN",
        blacklisted_from="2018-01",
        blacklisted_until="2020",
    ),
    Entity("c2", "Company", "Acme Ltd."),
    Entity("b1", "PublicBody", "某县国土资源局"),
    Entity("o1", "Organization", "县商会", extra={"Chamber ID": "007"}),
)

RELATIONS = (
    Relation("g1", "GIFT", "c1", "p1", date="2016-03-05", amount=12000.5, currency="CNY", kind="cash"),
    Relation("g2", "GIFT", "p4", "p2", date="2015", amount=300000.0, kind="watch", status="alleged"),
    Relation(
        "a1",
        "APPROVED",
        "p1",
        "c1",
        date="2016-04",
        amount=3000000.0,
        kind="land",
        body_id="b1",
        procedure="negotiated",
        planned_procedure="open",
        bidders=1,
        excluded=("c2",),
    ),
    Relation("h1", "HOLDS_POST", "p1", "b1", role="director", start_date="2010", end_date="2018-06-30"),
    Relation("e1", "EMPLOYED_BY", "p3", "p1", kind="secretary", start_date="2012-09"),
    Relation("k1", "RELATIVE_OF", "p2", "p1", kind="spouse"),
    Relation("s1", "ASSOCIATE_OF", "p4", "p1", kind="classmate", status="inferred", source="witness 2"),
    Relation("o1-c1", "OWNS", "p2", "c1", share=0.6),
    Relation("o2", "OWNS", "o1", "c2", share=1.0, extra={"备注": "全资"}),
    Relation("d1", "DIRECTS", "p2", "c1", role="legal_representative", extra={"notes 2": "since 2014"}),
)


@pytest.fixture
def entities() -> list[Entity]:
    return list(ENTITIES)


@pytest.fixture
def relations() -> list[Relation]:
    return list(RELATIONS)


Contents = tuple[list[Entity], list[Relation], dict[str, object]]


def contents(store: Store) -> Contents:
    """Everything a store holds, for exact before/after comparisons."""
    return list(store.entities()), list(store.relations()), store.stats().to_dict()


@pytest.fixture
def snapshot() -> Callable[[Store], Contents]:
    return contents
