"""private_customization on hand-built graphs and on the demo case."""

from __future__ import annotations

from encircle.graph.records import Entity, Relation
from encircle.graph.stores import open_store
from encircle.loaders import load
from encircle.loaders.demo import demo_bundle
from encircle.queries.detection.case import CaseIndex
from encircle.queries.detection.findings import Finding
from encircle.queries.detection.private_customization.detector import Match, Parameters, detect, matches

PEOPLE = [
    Entity("boss", "Person", "Boss", roles=("businessperson",)),
    Entity("firm", "Company", "Boss Holdings"),
    Entity("off", "Person", "Official", roles=("official",), interests=("golf", "calligraphy")),
    Entity("wife", "Person", "Wife", roles=("relative",), interests=("travel",)),
    Entity("son", "Person", "Son", roles=("relative",)),
    Entity("sister", "Person", "Sister", roles=("relative",), interests=("travel",)),
    Entity("other", "Person", "Other Giver"),
    Entity("bureau", "PublicBody", "Bureau"),
]
TIES = [
    Relation("own-firm", "OWNS", "boss", "firm", share=1.0),
    Relation("kin-wife", "RELATIVE_OF", "wife", "off", kind="spouse"),
    Relation("kin-son", "RELATIVE_OF", "son", "off", kind="child"),
    Relation("kin-sister", "RELATIVE_OF", "sister", "wife", kind="sibling"),
]
TOUR = Relation("g-tour", "GIFT", "boss", "wife", date="2017-07", amount=260_000.0, kind="tour", source="§8")
GOLF = Relation("g-golf", "GIFT", "firm", "off", date="2017-10", amount=180_000.0, kind="golf_membership")
CASH = Relation("g-cash", "GIFT", "boss", "off", date="2017-11", amount=500_000.0, kind="cash")
APPROVAL = Relation("a", "APPROVED", "off", "firm", date="2018-05-16", kind="contract", body_id="bureau")


def run(*relations: Relation, confirmed_only: bool = False) -> list[Finding]:
    return detect(CaseIndex(PEOPLE, [*TIES, *relations], confirmed_only))


def test_gifts_fitted_to_the_family_before_an_approval_are_flagged() -> None:
    [finding] = run(TOUR, GOLF, CASH, APPROVAL)
    assert (finding.tactic, finding.verdict, finding.score) == ("private_customization", "flagged", 0.96)
    assert finding.relations == ("g-tour", "g-golf", "a")  # the cash fits no hobby
    assert finding.entities == ("boss", "firm", "wife", "off", "bureau")
    assert finding.contributions == {"tailoring": 0.4, "approval": 0.3, "proximity": 0.1189, "value": 0.1411}
    assert finding.explanation == (
        "Boss and Boss Holdings gave tour to Wife on 2017-07 (Wife's interest travel; a family expense); "
        "golf_membership to Official on 2017-10 (Official's interest golf); "
        "then Official approved the contract for Boss Holdings on 2018-05-16."
    )
    assert finding.parameters == {"window_days": 1095, "threshold": 0.5}
    step = finding.evidence[0].steps[0]
    assert (step.relation, step.kind, step.date, step.source) == ("g-tour", "tour", "2017-07", "§8")


def test_matches_name_whose_interest_a_gift_serves() -> None:
    index = CaseIndex(PEOPLE, TIES)
    to_official = Relation("x", "GIFT", "boss", "off", date="2017-01-01", kind="Holiday")
    to_son = Relation("y", "GIFT", "boss", "son", date="2017-01-01", kind="painting")
    tuition = Relation("z", "GIFT", "boss", "son", date="2017-01-01", kind="school_fees")
    assert matches(index, "off", to_official) == (Match("wife", "travel", "interest"),)
    assert matches(index, "off", to_son) == (Match("off", "calligraphy", "interest"),)
    assert matches(index, "off", tuition) == (Match("son", "tuition", "family_expense"),)
    assert matches(index, "off", CASH) == ()


def test_a_family_expense_alone_is_weaker_tailoring() -> None:
    tuition = Relation("t", "GIFT", "boss", "son", date="2016-09-01", amount=100_000.0, kind="tuition")
    [finding] = run(tuition, APPROVAL)
    assert (finding.verdict, finding.relations) == ("flagged", ("t", "a"))
    assert finding.contributions["tailoring"] == 0.3
    assert "tuition to Son on 2016-09-01 (a family expense)" in finding.explanation


def test_a_matching_gift_from_a_side_that_gets_no_approval_is_not_flagged() -> None:
    from_other = Relation("o", "GIFT", "other", "off", date="2017-03-01", amount=50_000.0, kind="golf")
    [finding] = run(from_other, APPROVAL)
    assert (finding.verdict, finding.score, finding.contributions) == ("not_flagged", 0.0, {})
    assert (finding.relations, finding.entities) == (("o",), ("other", "off"))
    assert finding.explanation == (
        "Other Giver gave golf to Official on 2017-03-01 (Official's interest golf); "
        "Official approved nothing for their side after them."
    )


def test_an_approval_outside_the_window_or_before_the_gift_is_not_flagged() -> None:
    early = Relation("g", "GIFT", "boss", "off", date="2014-03-01", amount=50_000.0, kind="golf")
    before = Relation("b", "APPROVED", "off", "firm", date="2013-05-01", kind="permit")
    [finding] = run(early, before, APPROVAL)
    assert (finding.verdict, finding.relations) == ("not_flagged", ("g",))
    assert finding.explanation.endswith(
        "Official's nearest approval for their side (contract for Boss Holdings on 2018-05-16) came 4.2 years "
        "after, outside the 1095-day window."
    )
    [finding] = detect(CaseIndex(PEOPLE, [*TIES, early, APPROVAL]), Parameters(window_days=1600))
    assert (finding.verdict, finding.relations) == ("flagged", ("g", "a"))


def test_gifts_that_fit_no_interest_give_no_finding() -> None:
    banquet = Relation("d", "GIFT", "boss", "off", date="2017-05-01", amount=3000.0, kind="banquet")
    tea = Relation("t", "GIFT", "boss", "wife", date="2017-05-01", amount=3000.0, kind="tea")
    assert run(CASH, banquet, tea, APPROVAL) == []


def test_a_family_present_between_sisters_is_left_out() -> None:
    # The sister shares the wife's taste for travel and even owns a firm the official favours:
    # a present within the family is not an interest group's hunt.
    trip = Relation("s", "GIFT", "sister", "wife", date="2017-07-01", amount=3000.0, kind="travel")
    sister_firm = Relation("own-sister", "OWNS", "sister", "firm", share=0.1)
    assert run(trip, sister_firm, APPROVAL) == []


def test_alleged_gifts_lower_the_score_and_confirmed_only_drops_them() -> None:
    alleged = Relation("g-golf", "GIFT", "firm", "off", date="2017-10", amount=180_000.0, kind="golf", status="alleged")
    [finding] = run(TOUR, alleged, APPROVAL)
    assert (finding.verdict, finding.score, finding.contributions["evidence_status"]) == ("flagged", 0.672, -0.288)
    [finding] = run(TOUR, alleged, APPROVAL, confirmed_only=True)
    assert (finding.verdict, finding.relations) == ("flagged", ("g-tour", "a"))
    assert run(alleged, APPROVAL, confirmed_only=True) == []


def test_a_gift_in_the_month_of_the_approval_is_insufficient_data() -> None:
    same_month = Relation("m", "GIFT", "boss", "off", date="2018-05", amount=10_000.0, kind="golf")
    [finding] = run(same_month, APPROVAL)
    assert (finding.verdict, finding.score, finding.relations) == ("insufficient_data", 0.0, ("m",))
    assert finding.explanation.endswith(
        "whether they came before Official's approval for their side cannot be told from the dates."
    )


def test_demo_case_flags_huang_wei_to_yu_xiaopeng_and_li_zhenhai_to_xue_jinhai() -> None:
    store = open_store(":memory:")
    load([demo_bundle()], store)
    findings = {f.relations: f for f in detect(CaseIndex.of(store))}
    assert {r: (f.verdict, f.score) for r, f in findings.items()} == {
        # LS-04: the family tour (Lin Hui's and Yu's travel), Yu's golf membership, and the
        # luxury goods for Yu that fit Lin Hui's recorded taste (alleged: lowers the score).
        ("gift-huang-lin", "gift-weiye-yu", "gift-huang-yu", "appr-yu-weiye"): ("flagged", 0.6852),
        # LS-03: Xue Jinhai collects calligraphy and Li Zhenhai gave him calligraphy before
        # approving Baoshan Bank's branch: private customization too, besides collective capture.
        ("gift-li-xue-1", "appr-xue-bank"): ("flagged", 0.9152),
        # LS-05: Ma Shaowen's tea fits A Duo's taste, but the contract came 5.7 years later.
        ("gift-ma-aduo-01", "gift-ma-aduo-02"): ("not_flagged", 0.0),
    }
    yu = findings["gift-huang-lin", "gift-weiye-yu", "gift-huang-yu", "appr-yu-weiye"]
    assert yu.entities == ("p-huang", "co-weiye", "p-lin", "p-yu", "body-transport")
    assert yu.explanation == (
        "黄伟 and 伟业路桥工程有限公司 gave travel to 林慧 on 2017-07 (林慧's and 余小鹏's interest travel; a family "
        "expense); golf to 余小鹏 on 2017-10 (余小鹏's interest golf); luxury to 余小鹏 on 2018-02 (林慧's interest "
        "luxury); then 余小鹏 approved the contract for 伟业路桥工程有限公司 on 2018-05-16."
    )
    decoys = {"gift-fang-lin", "gift-he-guo", "gift-tang-guo"}
    assert not decoys & {r for f in findings.values() for r in f.relations}
