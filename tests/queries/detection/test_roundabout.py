"""roundabout on hand-built graphs and on the demo case.

boss ─OWNS→ firm ←APPROVED(2017-08-30)─ off
boss ─GIFT(2017-02)→ sec ─EMPLOYED_BY(2016-01..)→ off
firm ─GIFT(2017-04-10, alleged)→ sonco ←OWNS(2016-11..)─ son ─RELATIVE_OF→ off
sis ─GIFT(family dinner)→ wife ─RELATIVE_OF→ off;  sis ─RELATIVE_OF→ wife
"""

from __future__ import annotations

import pytest

from encircle.graph.records import Entity, Relation
from encircle.graph.stores import open_store
from encircle.loaders import load
from encircle.loaders.demo import demo_bundle
from encircle.queries.detection.case import CaseIndex
from encircle.queries.detection.findings import Finding
from encircle.queries.detection.roundabout.detector import Parameters, detect

ENTITIES = [
    Entity("boss", "Person", "Boss", roles=("businessperson",)),
    Entity("firm", "Company", "Boss Firm"),
    Entity("off", "Person", "Official", roles=("official",)),
    Entity("sec", "Person", "Secretary", roles=("staff",)),
    Entity("son", "Person", "Son", roles=("relative",)),
    Entity("sonco", "Company", "Son Consulting"),
    Entity("wife", "Person", "Wife", roles=("relative",)),
    Entity("sis", "Person", "Wife's Sister"),
    Entity("friend", "Person", "Friend"),
    Entity("other-a", "Person", "Other A"),
    Entity("other-b", "Person", "Other B"),
    Entity("body", "PublicBody", "Bureau"),
]
EMPLOYMENT = Relation("emp-sec", "EMPLOYED_BY", "sec", "off", start_date="2016-01", kind="secretary")
BASE = [
    Relation("own-boss", "OWNS", "boss", "firm", share=1.0),
    Relation("kin-son", "RELATIVE_OF", "son", "off", kind="child"),
    Relation("own-son", "OWNS", "son", "sonco", start_date="2016-11", share=1.0),
    Relation("kin-wife", "RELATIVE_OF", "wife", "off", kind="spouse"),
    Relation("kin-sis", "RELATIVE_OF", "sis", "wife", kind="sibling"),
    Relation("gift-sis", "GIFT", "sis", "wife", date="2018-02-16", amount=3000.0, kind="banquet"),
    Relation("appr", "APPROVED", "off", "firm", date="2017-08-30", amount=4.5e7, kind="subsidy", body_id="body"),
]
GIFT_SEC = Relation("gift-sec", "GIFT", "boss", "sec", date="2017-02", amount=200_000.0, kind="cash")
GIFT_SONCO = Relation("gift-sonco", "GIFT", "firm", "sonco", date="2017-04-10", amount=3e6, status="alleged")
WHAT = "the subsidy Official granted Boss Firm on 2017-08-30"


def run(*relations: Relation, employment: Relation | None = EMPLOYMENT, **parameters: int) -> list[Finding]:
    ties = [employment] if employment else []
    return detect(CaseIndex(ENTITIES, [*BASE, *ties, *relations]), Parameters(**parameters))


def labels(finding: Finding) -> list[str]:
    return [chain.label for chain in finding.evidence]


def test_secretary_and_sons_firm_are_flagged_with_one_chain_each_in_time_order() -> None:
    [finding] = run(GIFT_SEC, GIFT_SONCO)
    assert finding.verdict == "flagged"
    assert [[s.relation for s in c.steps] for c in finding.evidence] == [
        ["gift-sec", "emp-sec", "appr"],
        ["gift-sonco", "own-son", "kin-son", "appr"],
    ]
    assert finding.relations == ("gift-sec", "emp-sec", "appr", "gift-sonco", "own-son", "kin-son")
    assert finding.entities == ("boss", "firm", "sec", "son", "sonco", "off", "body")
    assert labels(finding) == [
        "staff Secretary (secretary): paid by 1 side, 2 relations",
        "proxy_firm Son Consulting (firm of Son, child): paid by 1 side, 2 relations",
    ]
    # the alleged consulting fee discounts the whole finding to 0.7
    assert finding.contributions == {
        "channel": 0.3,
        "breadth": 0.1,
        "value": 0.2,
        "exclusivity": 0.2,
        "timing": 0.1741,
        "evidence_status": -0.2922,
    }
    assert finding.score == 0.6819
    assert finding.explanation == (
        "Boss, Boss Firm reached Official through Secretary (staff) and Son Consulting (proxy_firm): "
        f"2 gift(s) worth 3,200,000 before {WHAT}; no direct gift."
    )
    assert finding.parameters == {"window_days": 1095, "negligible_share": 0.1, "hub_degree": 20, "threshold": 0.5}


def test_confirmed_only_drops_the_alleged_consulting_fee() -> None:
    index = CaseIndex(ENTITIES, [*BASE, EMPLOYMENT, GIFT_SEC, GIFT_SONCO], confirmed_only=True)
    assert [(f.verdict, f.score, f.relations) for f in detect(index)] == [
        ("flagged", 0.8383, ("gift-sec", "emp-sec", "appr"))
    ]


def test_a_negligible_direct_gift_still_leaves_a_roundabout_with_the_direct_chain_shown() -> None:
    direct = Relation("gift-direct", "GIFT", "boss", "off", date="2017-03", amount=10_000.0)
    [finding] = run(GIFT_SEC, direct)
    assert (finding.verdict, finding.score) == ("flagged", 0.8383)
    assert finding.contributions == {
        "channel": 0.3,
        "breadth": 0.0,
        "value": 0.1767,
        "exclusivity": 0.2,
        "timing": 0.1616,
    }
    assert labels(finding) == ["staff Secretary (secretary): paid by 1 side, 2 relations", "direct gifts to Official"]
    assert finding.relations == ("gift-sec", "emp-sec", "appr", "gift-direct")
    assert finding.entities == ("boss", "sec", "off", "firm", "body")
    assert finding.explanation == (
        f"Boss reached Official through Secretary (staff): 1 gift(s) worth 200,000 before {WHAT}; "
        "direct gifts of 10,000 are negligible."
    )


@pytest.mark.parametrize(("amount", "shown"), [(20_000.0, "20,000"), (None, "0")])
def test_a_direct_gift_that_is_not_negligible_makes_it_a_direct_transaction(amount: float | None, shown: str) -> None:
    direct = Relation("gift-direct", "GIFT", "boss", "off", date="2017-03", amount=amount)
    [finding] = run(GIFT_SEC, direct)  # 20,000 is not below 10% of 200,000; an unknown amount never is
    assert (finding.verdict, finding.score, finding.contributions) == ("not_flagged", 0.0, {})
    assert finding.relations == ("gift-sec", "emp-sec", "appr", "gift-direct")
    assert finding.explanation == (
        f"Boss gave 200,000 to Secretary (staff) but also {shown} to Official directly around {WHAT}: "
        "a direct transaction, not a roundabout one."
    )


def test_a_gift_to_the_intermediary_after_the_approval_does_not_count() -> None:
    late = Relation("gift-late", "GIFT", "boss", "sec", date="2017-09", amount=200_000.0)
    [finding] = run(late)
    assert (finding.verdict, finding.score, finding.relations) == ("not_flagged", 0.0, ("gift-late", "emp-sec", "appr"))
    assert labels(finding) == ["gifts to Official's circle that do not count"]
    assert finding.entities == ("boss", "sec", "off", "firm", "body")
    assert finding.explanation == (
        f"No gift to Official's circle counts for {WHAT}: gift-late came after the approval."
    )


def test_a_gift_more_than_the_window_before_does_not_count() -> None:
    early = Relation("gift-early", "GIFT", "boss", "sec", date="2014-03", amount=200_000.0)
    [finding] = run(early, employment=Relation("emp-sec", "EMPLOYED_BY", "sec", "off", start_date="2010"))
    assert finding.verdict == "not_flagged"
    assert finding.explanation == (
        f"No gift to Official's circle counts for {WHAT}: gift-early came more than 1095 days before it."
    )


def test_a_gift_after_the_employment_ended_does_not_count() -> None:
    ended = Relation("emp-sec", "EMPLOYED_BY", "sec", "off", start_date="2010", end_date="2015-12", kind="secretary")
    [finding] = run(GIFT_SEC, employment=ended)
    assert (finding.verdict, finding.score, finding.relations) == ("not_flagged", 0.0, ("gift-sec", "emp-sec", "appr"))
    assert finding.explanation == (
        f"No gift to Official's circle counts for {WHAT}: "
        "gift-sec was made when Secretary's tie to Official did not hold."
    )


def test_a_fee_into_the_sons_firm_before_he_owned_it_does_not_count() -> None:
    fee = Relation("gift-sonco", "GIFT", "firm", "sonco", date="2016-06", amount=3e6)
    [finding] = run(fee, employment=None)
    assert (finding.verdict, finding.relations) == ("not_flagged", ("gift-sonco", "own-son", "kin-son", "appr"))
    assert finding.explanation.endswith("gift-sonco was made when Son Consulting's tie to Official did not hold.")


def test_an_intermediary_paid_by_many_sides_scores_lower_and_a_hub_lower_still() -> None:
    others = [
        Relation("gift-a", "GIFT", "other-a", "sec", date="2017-01", amount=5000.0),
        Relation("gift-b", "GIFT", "other-b", "sec", date="2017-01", amount=5000.0),
    ]
    [exclusive] = run(GIFT_SEC)
    [shared] = run(GIFT_SEC, *others)
    [hub] = run(GIFT_SEC, *others, hub_degree=3)
    assert labels(shared) == ["staff Secretary (secretary): paid by 3 sides, 4 relations"]
    assert labels(hub) == ["staff Secretary (secretary): paid by 3 sides, 4 relations (hub)"]
    assert [f.contributions["exclusivity"] for f in (exclusive, shared, hub)] == [0.2, 0.0667, 0.0333]
    assert [f.score for f in (exclusive, shared, hub)] == [0.8383, 0.705, 0.6716]
    assert shared.relations == hub.relations == ("gift-sec", "emp-sec", "appr")  # other sides' gifts are not evidence


@pytest.mark.parametrize(
    ("receiver", "tie", "label", "channel"),
    [
        ("wife", None, "relative Wife (spouse): paid by 1 side, 4 relations", 0.25),
        ("friend", "assoc", "associate Friend (classmate): paid by 1 side, 2 relations", 0.2),
    ],
)
def test_intermediaries_are_classified_and_family_givers_are_not_another_side(
    receiver: str, tie: str | None, label: str, channel: float
) -> None:
    gift = Relation("gift", "GIFT", "boss", receiver, date="2017-02", amount=200_000.0)
    friendship = [Relation("assoc", "ASSOCIATE_OF", "friend", "off", kind="classmate")] if tie else []
    [finding] = run(gift, *friendship, employment=None)
    assert labels(finding) == [label]  # the wife's sister's dinner does not make her shared
    assert finding.contributions["channel"] == channel
    assert finding.relations == ("gift", "kin-wife" if receiver == "wife" else "assoc", "appr")


def test_a_family_dinner_from_the_relatives_sibling_is_not_flagged() -> None:
    assert run(employment=None) == []  # gift-sis: the sister's side gets nothing from the approval
    assert all("gift-sis" not in f.relations for f in run(GIFT_SEC, GIFT_SONCO))


def test_a_relative_on_the_beneficiarys_side_is_not_an_intermediary() -> None:
    co_owner = Relation("own-son-firm", "OWNS", "son", "firm", share=0.2)
    assert run(GIFT_SONCO, co_owner, employment=None) == []


def test_coarse_dates_that_may_follow_the_approval_give_insufficient_data() -> None:
    gift = Relation("gift-sec", "GIFT", "boss", "sec", date="2017", amount=200_000.0)
    [finding] = run(gift)
    assert (finding.verdict, finding.score, finding.contributions["timing"]) == ("insufficient_data", 0.8327, 0.156)


def test_demo_case_flags_qian_lei_reaching_zhou_ping_through_his_secretary_and_sons_firm() -> None:
    store = open_store(":memory:")
    load([demo_bundle()], store)
    findings = detect(CaseIndex.of(store))
    flagged = [f for f in findings if f.verdict == "flagged"]
    assert [(f.score, f.relations, f.entities) for f in flagged] == [
        (
            0.6819,
            (
                "gift-qian-xu-1",
                "gift-qian-xu-2",
                "emp-xu",
                "appr-zhou-leixin",
                "gift-leixin-longteng",
                "dir-zhou-son",
                "own-zhou-son",
                "kin-zhou-son",
            ),
            ("p-qian", "co-leixin", "p-xu", "p-zhou-son", "co-longteng", "p-zhou", "body-ndrc"),
        )
    ]
    assert [label.split(" ")[0] for label in labels(flagged[0])] == ["staff", "proxy_firm"]
    # Huang Wei paid Yu's wife 260,000 but Yu himself 270,000: direct, not roundabout
    [huang] = [f for f in findings if f.verdict != "flagged"]
    assert (huang.verdict, huang.relations) == (
        "not_flagged",
        ("gift-huang-lin", "kin-lin-yu", "appr-yu-weiye", "gift-weiye-yu", "gift-huang-yu"),
    )
    assert "270,000" in huang.explanation
    assert all("gift-fang-lin" not in f.relations for f in findings)
