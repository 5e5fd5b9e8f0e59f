"""Decisions made by bodies: an APPROVED from a PublicBody counts as each leader's who held
a post there on its date, with the post as an inferred evidence step; on both stores
(Neo4j falls back to the whole-case index when a case has body decisions)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from encircle.graph.records import Entity, Relation
from encircle.graph.stores import Store
from encircle.queries.detection import detect
from encircle.queries.detection.case import CaseIndex

BUREAU = Entity("bureau", "PublicBody", "Land Bureau")
LEE = Entity("lee", "Person", "Lee", roles=("official",))
ENTITIES = [
    BUREAU,
    LEE,
    Entity("ann", "Person", "Ann Lee"),
    Entity("boss", "Person", "Boss"),
    Entity("firm", "Company", "Firm"),
]
POST = Relation("post-lee", "HOLDS_POST", "lee", "bureau", start_date="2015", end_date="2020", role="director")
OWNS = Relation("own", "OWNS", "boss", "firm", share=1.0)
DECISION = Relation("dec", "APPROVED", "bureau", "firm", date="2017-09-15", kind="contract")
GIFT = Relation("g-lee", "GIFT", "boss", "lee", date="2017-02-10", amount=500000.0, kind="cash")


def _found(store: Store, relations: list[Relation], tactic: str, entities: list[Entity] = ENTITIES) -> list[tuple]:
    store.write(entities, relations)
    return [(f.verdict, f.score, f.relations, f.entities) for f in detect(store, [tactic])]


def test_a_body_decision_is_each_leaders_approval_that_day() -> None:
    former = Relation("post-ma", "HOLDS_POST", "ma", "bureau", start_date="2010", end_date="2014")
    index = CaseIndex([*ENTITIES, Entity("ma", "Person", "Ma")], [POST, former, DECISION])
    [attributed] = index.approvals
    assert (attributed.id, attributed.source_id, attributed.target_id, attributed.body_id) == (
        "dec@lee",
        "lee",
        "firm",
        "bureau",
    )
    assert index.out("lee", "APPROVED") == [attributed] and index.out("ma", "APPROVED") == []
    assert index.into("firm", "APPROVED") == [DECISION]  # the beneficiary sees the decision once
    assert index.degree("lee") == 1 and "lee" in index.officials and "bureau" not in index.officials


def test_direct_transaction_through_a_body_decision(store: Store) -> None:
    assert _found(store, [POST, OWNS, DECISION, GIFT], "direct_transaction") == [
        ("flagged", 0.6763, ("g-lee", "post-lee", "dec"), ("boss", "lee", "firm", "bureau"))
    ]


def test_no_attribution_to_a_leader_who_had_left(store: Store) -> None:
    left = replace(POST, end_date="2016-12")
    assert _found(store, [left, OWNS, DECISION, GIFT], "direct_transaction") == []


def test_the_post_is_an_inferred_step_and_lowers_the_score(store: Store) -> None:
    store.write(ENTITIES, [POST, OWNS, DECISION, GIFT])
    [finding] = detect(store, ["direct_transaction"])
    steps = [(s.relation, s.status) for chain in finding.evidence for s in chain.steps]
    assert steps == [("g-lee", "confirmed"), ("post-lee", "inferred"), ("dec", "confirmed")]
    assert finding.contributions["evidence_status"] == -0.1691  # x 0.8: attributed, not signed


def test_roundabout_through_a_body_decision(store: Store) -> None:
    wife = Relation("wife", "RELATIVE_OF", "ann", "lee", kind="spouse")
    to_wife = Relation("g-ann", "GIFT", "boss", "ann", date="2017-03-01", amount=300000.0, kind="cash")
    found = _found(store, [POST, OWNS, DECISION, wife, to_wife], "roundabout")
    assert [(v, r, e) for v, _, r, e in found] == [
        ("flagged", ("g-ann", "wife", "post-lee", "dec"), ("boss", "ann", "lee", "firm", "bureau"))
    ]


def test_bid_rigging_through_a_body_decision(store: Store) -> None:
    switched = replace(DECISION, procedure="negotiated", planned_procedure="open", bidders=1)
    open_tender = replace(DECISION, procedure="open", planned_procedure="open", bidders=9)
    assert _found(store, [POST, OWNS, switched, GIFT], "bid_rigging") == [
        ("flagged", 0.64, ("post-lee", "dec", "g-lee"), ("lee", "firm", "bureau", "boss"))
    ]
    store.clear()
    assert [v for v, *_ in _found(store, [POST, OWNS, open_tender, GIFT], "bid_rigging")] == []


def test_collective_capture_counts_a_body_decision_for_each_reached_leader(store: Store) -> None:
    ma = Entity("ma", "Person", "Ma", roles=("official",))
    post_ma = Relation("post-ma", "HOLDS_POST", "ma", "bureau", start_date="2010", end_date="2020")
    to_ma = Relation("g-ma", "GIFT", "firm", "ma", date="2017-04-01", amount=200000.0, kind="cash")
    found = _found(store, [POST, post_ma, OWNS, DECISION, GIFT, to_ma], "collective_capture", [*ENTITIES, ma])
    assert found == [
        (
            "flagged",
            0.7158,  # (reach 0.2 + coverage 0.3 + value 0.1948 + approvals 0.2) x 0.8
            ("g-lee", "post-lee", "dec", "g-ma", "post-ma"),
            ("boss", "firm", "lee", "ma", "bureau"),
        )
    ]


@pytest.mark.parametrize(("until", "verdict"), [("2019-12-31", "flagged"), ("2016-12-31", "not_flagged")])
def test_blacklist_evasion_on_a_body_decision(store: Store, until: str, verdict: str) -> None:
    blacklisted = replace(ENTITIES[3], blacklisted_from="2016-01-01", blacklisted_until=until)
    found = _found(store, [POST, OWNS, DECISION], "blacklist_evasion", [*ENTITIES[:3], blacklisted, ENTITIES[4]])
    assert [(v, r) for v, _, r, _ in found] == [(verdict, ("own", "dec"))]
