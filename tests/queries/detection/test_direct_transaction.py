"""direct_transaction on hand-built graphs and on the demo case."""

from __future__ import annotations

from encircle.graph.records import Entity, Relation
from encircle.graph.stores import open_store
from encircle.loaders import load
from encircle.loaders.demo import demo_bundle
from encircle.queries.detection.case import CaseIndex
from encircle.queries.detection.direct_transaction.detector import Parameters, detect

PEOPLE = [
    Entity("boss", "Person", "Boss", roles=("businessperson",)),
    Entity("wife", "Person", "Boss's Wife", roles=("relative",)),
    Entity("firm", "Company", "Boss Holdings"),
    Entity("sub", "Company", "Boss Subsidiary"),
    Entity("off", "Person", "Official", roles=("official",)),
    Entity("other", "Person", "Unrelated Giver"),
]
OWNERSHIP = [
    Relation("own-firm", "OWNS", "boss", "firm", share=1.0),
    Relation("own-sub", "OWNS", "firm", "sub", share=0.6),
    Relation("kin", "RELATIVE_OF", "wife", "boss", kind="spouse"),
]


def run(*relations: Relation, confirmed_only: bool = False) -> list[tuple[str, float, tuple[str, ...]]]:
    index = CaseIndex(PEOPLE, [*OWNERSHIP, *relations], confirmed_only)
    return [(f.verdict, f.score, f.relations) for f in detect(index)]


def test_gift_before_an_approval_for_a_subsidiary_is_flagged() -> None:
    gift = Relation("g", "GIFT", "boss", "off", date="2016-05-01", amount=1_000_000.0, kind="cash", source="§3")
    approval = Relation("a", "APPROVED", "off", "sub", date="2016-11-01", kind="license", body_id=None)
    index = CaseIndex(PEOPLE, [*OWNERSHIP, gift, approval])
    [finding] = detect(index)
    assert (finding.verdict, finding.relations, finding.entities) == ("flagged", ("g", "a"), ("boss", "off", "sub"))
    assert finding.contributions == {"timing": 0.4, "value": 0.3, "proximity": 0.1664, "repetition": 0.0}
    assert finding.score == 0.8664
    assert finding.explanation == (
        "Boss gave Official 1 gift(s) worth 1,000,000 (1 before, 0 after) the license Official granted "
        "Boss Subsidiary on 2016-11-01."
    )
    step = finding.evidence[0].steps[0]
    assert (step.date, step.amount, step.kind, step.status, step.source) == (
        "2016-05-01",
        1e6,
        "cash",
        "confirmed",
        "§3",
    )
    assert finding.parameters == {"before_days": 1095, "after_days": 365, "threshold": 0.5}


def test_a_relative_of_the_owner_giving_counts_and_a_thank_you_after_counts() -> None:
    gift = Relation("g", "GIFT", "wife", "off", date="2017-03", amount=50_000.0)
    approval = Relation("a", "APPROVED", "off", "firm", date="2017-01-10")
    assert run(gift, approval) == [("flagged", 0.6758, ("a", "g"))]


def test_alleged_gifts_lower_the_score_and_confirmed_only_drops_them() -> None:
    gift = Relation("g", "GIFT", "boss", "off", date="2016-05-01", amount=1_000_000.0, status="alleged")
    approval = Relation("a", "APPROVED", "off", "sub", date="2016-11-01")
    [finding] = detect(CaseIndex(PEOPLE, [*OWNERSHIP, gift, approval]))
    assert finding.score == round(0.8664 * 0.7, 4)
    assert finding.contributions["evidence_status"] == round(0.8664 * 0.7 - 0.8664, 4)
    assert run(gift, approval, confirmed_only=True) == []


def test_a_gift_years_before_is_reported_but_not_flagged() -> None:
    gift = Relation("g", "GIFT", "boss", "off", date="2010-05", amount=20_000.0)
    approval = Relation("a", "APPROVED", "off", "firm", date="2017-06-03")
    [finding] = detect(CaseIndex(PEOPLE, [*OWNERSHIP, gift, approval]))
    assert (finding.verdict, finding.score, finding.relations) == ("not_flagged", 0.0, ("g", "a"))
    assert "7.1 years before" in finding.explanation


def test_gifts_from_outside_the_side_or_to_someone_else_are_not_candidates() -> None:
    unrelated = Relation("g1", "GIFT", "other", "off", date="2016-05-01", amount=1e6)
    to_wife = Relation("g2", "GIFT", "boss", "wife", date="2016-05-01", amount=1e6)
    approval = Relation("a", "APPROVED", "off", "firm", date="2016-11-01")
    assert run(unrelated, to_wife, approval) == []


def test_a_small_late_gift_scores_below_the_threshold() -> None:
    gift = Relation("g", "GIFT", "boss", "off", date="2017-12-20", amount=100.0, kind="banquet")
    approval = Relation("a", "APPROVED", "off", "firm", date="2017-01-02")
    assert run(gift, approval) == [("not_flagged", 0.4859, ("a", "g"))]
    lenient = CaseIndex(PEOPLE, [*OWNERSHIP, gift, approval])
    assert [f.verdict for f in detect(lenient, Parameters(threshold=0.3))] == ["flagged"]


def test_same_year_dates_leave_the_order_uncertain() -> None:
    gift = Relation("g", "GIFT", "boss", "off", date="2017", amount=10_000.0)
    approval = Relation("a", "APPROVED", "off", "firm", date="2017-01-05")
    [finding] = detect(CaseIndex(PEOPLE, [*OWNERSHIP, gift, approval]))
    assert (finding.verdict, finding.contributions["timing"]) == ("insufficient_data", 0.25)
    settled = Relation("g2", "GIFT", "boss", "off", date="2016-12-24", amount=10_000.0)
    assert [f.verdict for f in detect(CaseIndex(PEOPLE, [*OWNERSHIP, gift, settled, approval]))] == ["flagged"]


def test_demo_case() -> None:
    with open_store(":memory:") as store:
        load([demo_bundle()], store)
        findings = detect(CaseIndex.of(store))
    flagged = {next(r for r in f.relations if r.startswith("appr")) for f in findings if f.verdict == "flagged"}
    assert flagged == {
        "appr-wang-desheng",
        "appr-chen-hengda",
        "appr-xue-bank",
        "appr-song-bank",
        "appr-liu-bank",
        "appr-yu-weiye",
        "appr-aduo-shaowen",
    }
    [near_miss] = [f for f in findings if f.verdict != "flagged"]
    assert near_miss.relations == ("gift-zhao-guo", "appr-guo-desheng")
    wang = next(f for f in findings if "appr-wang-desheng" in f.relations)
    assert wang.relations == ("gift-zhao-wang-1", "appr-wang-desheng", "gift-zhao-wang-2")
    assert wang.entities == ("p-zhao", "co-desheng", "p-wang", "body-nrb")
