"""bid_rigging on hand-built tenders and on the demo case."""

from __future__ import annotations

import random

from encircle.graph.records import Entity, Relation
from encircle.graph.stores import open_store
from encircle.loaders import load
from encircle.loaders.demo import demo_bundle
from encircle.queries.detection.bid_rigging.detector import TIES, Parameters, _Steps, _Walk, detect
from encircle.queries.detection.case import CaseIndex
from encircle.queries.detection.findings import Finding

ENTITIES = [
    Entity("off", "Person", "Official", roles=("official",)),
    Entity("boss", "Person", "Boss", roles=("businessperson",)),
    Entity("firm", "Company", "Boss Construction"),
    Entity("rival1", "Company", "Strong Rival One"),
    Entity("rival2", "Company", "Strong Rival Two"),
    Entity("wife", "Person", "Official's Wife", roles=("relative",)),
    Entity("sec", "Person", "Secretary", roles=("staff",)),
    Entity("cousin", "Person", "Boss's Cousin"),
    Entity("bureau", "PublicBody", "Bidding Bureau"),
]
BASE = [
    Relation("own", "OWNS", "boss", "firm", share=1.0),
    Relation("kin-wife", "RELATIVE_OF", "wife", "off", kind="spouse"),
]


def tender(procedure: str | None, planned: str | None, bidders: int | None, *excluded: str) -> Relation:
    return Relation(
        "a",
        "APPROVED",
        "off",
        "firm",
        date="2018-06-20",
        amount=5.6e7,
        currency="CNY",
        kind="contract",
        body_id="bureau",
        procedure=procedure,
        planned_procedure=planned,
        bidders=bidders,
        excluded=excluded,
    )


def gift(id: str, giver: str, taker: str, date: str, amount: float, status: str = "confirmed") -> Relation:
    return Relation(id, "GIFT", giver, taker, date=date, amount=amount, kind="cash", status=status)


def run(*relations: Relation, parameters: Parameters | None = None) -> list[Finding]:
    return detect(CaseIndex(ENTITIES, [*BASE, *relations]), parameters)


def chains(finding: Finding) -> list[tuple[str, ...]]:
    return [tuple(s.relation for s in c.steps) for c in finding.evidence]


def test_switched_tender_with_exclusions_and_gifts_to_the_official_is_flagged() -> None:
    g2 = gift("g2", "boss", "off", "2018-09-30", 80_000.0)
    [finding] = run(tender("invited", "open", 3, "rival1", "rival2"), g2, gift("g1", "boss", "off", "2018-01", 3e5))
    assert finding.verdict == "flagged"
    assert finding.score == 0.95
    assert finding.contributions == {
        "procedure_switched": 0.3,
        "non_open_procedure": 0.1,
        "few_bidders": 0.1,
        "exclusions": 0.2,
        "connection_gift_to_official": 0.25,
    }
    assert chains(finding) == [("a",), ("g1", "g2")]
    assert finding.entities == ("off", "firm", "bureau", "rival1", "rival2", "boss")
    assert finding.explanation == (
        "Official awarded Boss Construction the contract (56,000,000 CNY) on 2018-06-20 by invited procedure instead "
        "of the planned open one, excluding Strong Rival One and Strong Rival Two, with 3 bidder(s). "
        "Boss gave Official 2 gift(s) worth 380,000."
    )
    assert finding.parameters == {
        "max_bidders": 3,
        "max_hops": 3,
        "hub_degree": 100,
        "before_days": 1095,
        "after_days": 365,
        "threshold": 0.55,
    }


def test_a_gift_to_the_officials_wife_is_a_connection_through_the_circle() -> None:
    [finding] = run(tender("negotiated", "open", 1), gift("g", "boss", "wife", "2018-03", 2e5))
    assert (finding.verdict, finding.score, chains(finding)) == ("flagged", 0.75, [("a",), ("g",)])
    assert finding.contributions == {
        "procedure_switched": 0.3,
        "non_open_procedure": 0.1,
        "single_bidder": 0.15,
        "connection_gift_to_circle": 0.2,
    }
    assert finding.entities == ("off", "firm", "bureau", "boss", "wife")
    assert finding.explanation.endswith(
        "Boss gave Official's Wife (in the circle of Official) 1 gift(s) worth 200,000."
    )


def test_without_gifts_a_tie_path_connects_and_is_reported_from_the_side_to_the_official() -> None:
    ties = [
        Relation("emp-sec", "EMPLOYED_BY", "sec", "off", kind="secretary"),
        Relation("kin-cousin", "RELATIVE_OF", "cousin", "sec", kind="cousin"),
        Relation("assoc-boss", "ASSOCIATE_OF", "boss", "cousin", kind="friend"),
    ]
    [finding] = run(tender("invited", "open", 2), *ties)
    # boss -> cousin -> secretary -> official: 3 hops, 0.25 - 0.15
    assert (finding.verdict, finding.score, chains(finding)) == (
        "flagged",
        0.6,
        [("a",), ("assoc-boss", "kin-cousin", "emp-sec")],
    )
    assert finding.contributions["connection_path"] == 0.1
    assert finding.entities == ("off", "firm", "bureau", "boss", "cousin", "sec")
    # one hop fewer allowed: no connection at all
    [far] = run(tender("invited", "open", 2), *ties, parameters=Parameters(max_hops=2))
    assert (far.verdict, far.score, chains(far)) == ("not_flagged", 0.5, [("a",)])


def test_a_hub_on_the_path_is_not_walked_through() -> None:
    ties = [Relation("emp-sec", "EMPLOYED_BY", "sec", "off"), Relation("assoc", "ASSOCIATE_OF", "boss", "sec")]
    crowd = [Relation(f"x{i}", "ASSOCIATE_OF", "sec", "cousin") for i in range(3)]
    [finding] = run(tender("invited", "open", 2), *ties, *crowd, parameters=Parameters(hub_degree=4))
    assert (finding.verdict, chains(finding)) == ("not_flagged", [("a",)])
    [walked] = run(tender("invited", "open", 2), *ties, *crowd, parameters=Parameters(hub_degree=5))
    assert chains(walked) == [("a",), ("assoc", "emp-sec")]


def test_a_restricted_tender_without_any_connection_is_reported_not_flagged() -> None:
    [finding] = run(tender("invited", "open", 3, "rival1"))
    assert (finding.verdict, finding.score, chains(finding)) == ("not_flagged", 0.6, [("a",)])
    assert finding.contributions == {
        "procedure_switched": 0.3,
        "non_open_procedure": 0.1,
        "few_bidders": 0.1,
        "exclusions": 0.1,
    }
    assert finding.entities == ("off", "firm", "bureau", "rival1")
    assert finding.explanation.endswith(
        "No connection found between Boss Construction's side and Official "
        "(no gift in the window, no tie path of 3 hops or less)."
    )


def test_gifts_outside_the_window_are_no_connection() -> None:
    [finding] = run(tender("invited", "open", 3), gift("g", "boss", "off", "2012-01-01", 1e6))
    assert (finding.verdict, chains(finding)) == ("not_flagged", [("a",)])


def test_many_bidders_mean_the_restriction_did_not_bite() -> None:
    [finding] = run(tender("invited", "open", 6), gift("g", "boss", "off", "2018-01", 3e5))
    assert (finding.verdict, finding.score, chains(finding)) == ("not_flagged", 0.65, [("a",), ("g",)])
    assert finding.explanation.endswith("Boss gave Official 1 gift(s) worth 300,000; but 6 bids is real competition.")


def test_a_procedure_used_as_planned_with_one_bid_and_a_gift_falls_short() -> None:
    [finding] = run(tender("negotiated", "negotiated", 1), gift("g", "boss", "off", "2018-01", 3e5))
    assert (finding.verdict, finding.score) == ("not_flagged", 0.5)
    assert finding.contributions == {
        "non_open_procedure": 0.1,
        "single_bidder": 0.15,
        "connection_gift_to_official": 0.25,
    }
    assert finding.explanation.endswith("Score 0.5 is below the 0.55 threshold; the procedure was used as planned.")


def test_an_open_tender_with_exclusions_is_a_candidate() -> None:
    [finding] = run(tender("open", "open", 2, "rival1", "rival2"), gift("g", "boss", "off", "2018-01", 3e5))
    assert (finding.verdict, finding.score) == ("flagged", 0.55)
    assert finding.contributions == {"few_bidders": 0.1, "exclusions": 0.2, "connection_gift_to_official": 0.25}


def test_open_tenders_missing_procedures_and_uncompeted_permits_are_not_candidates() -> None:
    g = gift("g", "boss", "off", "2018-01", 3e5)
    assert run(tender("open", "open", 9), g) == []
    assert run(tender("open", "open", 1), g) == []  # one bid on an open call is not the official's restriction
    assert run(tender(None, None, None), g) == []
    assert run(tender("none", "none", None), g) == []
    assert run(tender("none", None, None), g) == []
    [cancelled] = run(tender("none", "open", None), g)  # a planned tender awarded without any competition
    assert (cancelled.verdict, cancelled.score) == ("flagged", 0.65)


def test_an_alleged_gift_discounts_the_score() -> None:
    alleged = gift("g", "boss", "off", "2018-01", 3e5, status="alleged")
    [finding] = run(tender("invited", "open", 3), alleged)
    assert (finding.verdict, finding.score, finding.contributions["evidence_status"]) == ("not_flagged", 0.525, -0.225)
    [excluding] = run(tender("invited", "open", 3, "rival1"), alleged)
    assert (excluding.verdict, excluding.score, excluding.contributions["evidence_status"]) == (
        "flagged",
        0.595,
        -0.255,
    )


def test_demo_case() -> None:
    store = open_store(":memory:")
    load([demo_bundle()], store)
    found = {f.evidence[0].steps[0].relation: f for f in detect(CaseIndex.of(store))}
    assert sorted(found) == ["appr-aduo-shaowen", "appr-chen-hengda", "appr-wang-desheng"]
    hengda, shaowen, desheng = found["appr-chen-hengda"], found["appr-aduo-shaowen"], found["appr-wang-desheng"]
    assert (hengda.verdict, hengda.score) == ("flagged", 0.95)
    assert chains(hengda) == [("appr-chen-hengda",), ("gift-sun-chen-1", "gift-sun-chen-2")]
    assert hengda.entities == ("p-chen", "co-hengda", "body-bid", "co-hongyuan", "co-huatai", "p-sun")
    assert (shaowen.verdict, shaowen.score) == ("flagged", 0.8)
    assert chains(shaowen) == [("appr-aduo-shaowen",), ("gift-ma-aduo-08", "gift-ma-aduo-09", "gift-ma-aduo-10")]
    assert shaowen.contributions == {
        "procedure_switched": 0.3,
        "non_open_procedure": 0.1,
        "single_bidder": 0.15,
        "connection_gift_to_official": 0.25,
    }
    # negotiated as planned, one bid, Zhao's gifts (one alleged): no sign the competition was rigged
    assert (desheng.verdict, desheng.score) == ("not_flagged", 0.35)
    assert chains(desheng) == [("appr-wang-desheng",), ("gift-zhao-wang-1", "gift-zhao-wang-2")]
    assert desheng.contributions == {
        "non_open_procedure": 0.1,
        "single_bidder": 0.15,
        "connection_gift_to_official": 0.25,
        "evidence_status": -0.15,
    }


def _plain_walk(index: CaseIndex, official: str, side: set[str], p: Parameters) -> list[Relation]:
    """The shortest tie path as a walk that stops at `side` finds it: level by level,
    relations in id order, hubs met but not walked past."""
    seen, frontier = {official}, [(official, list[Relation]())]
    for _ in range(p.max_hops):
        following = []
        for node, path in frontier:
            for other, relation in sorted(index.linked(node, *TIES), key=lambda pair: (pair[1].id, pair[0])):
                if other in seen:
                    continue
                seen.add(other)
                if other in side:
                    return [*path, relation]
                if index.degree(other) <= p.hub_degree:
                    following.append((other, [*path, relation]))
        frontier = following
    return []


def test_one_walk_per_official_finds_each_sides_path_as_a_walk_of_its_own() -> None:
    rng = random.Random(7)
    people = [f"n{i:02d}" for i in range(40)]
    ties = [
        Relation(f"t{i:03d}", rng.choice(TIES), *rng.sample(people, 2), start_date="2015", end_date="2020")
        for i in range(90)
    ]
    index = CaseIndex([Entity(n, "Person", n) for n in people], ties)
    p = Parameters(hub_degree=6)
    steps = _Steps(index, p)
    for official in people[:8]:
        walk = _Walk(steps, official, p)  # one walk asked for many sides, in any order
        for _ in range(12):
            side = set(rng.sample(people, rng.choice([1, 2, 5, 30])))
            assert walk.to(side) == _plain_walk(index, official, side, p)
