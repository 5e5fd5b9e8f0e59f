"""friendship_investment on hand-built graphs and on the demo case."""

from __future__ import annotations

from encircle.graph.records import Entity, Relation
from encircle.graph.stores import open_store
from encircle.loaders import load
from encircle.loaders.demo import demo_bundle
from encircle.queries.detection.case import CaseIndex
from encircle.queries.detection.findings import Finding
from encircle.queries.detection.friendship_investment.detector import Figures, Parameters, detect, figures, tau_b

PEOPLE = [
    Entity("boss", "Person", "Boss", roles=("businessperson",)),
    Entity("brother", "Person", "Boss's Brother"),
    Entity("firm", "Company", "Boss Holdings"),
    Entity("off", "Person", "Official", roles=("official",)),
    Entity("wife", "Person", "Official's Wife", roles=("relative",)),
    Entity("sister", "Person", "Wife's Sister", roles=("relative",)),
    Entity("other", "Person", "Unrelated Giver"),
    Entity("bureau", "PublicBody", "Bureau"),
]
TIES = [
    Relation("own-firm", "OWNS", "boss", "firm", share=1.0),
    Relation("kin-brother", "RELATIVE_OF", "brother", "boss", kind="sibling"),
    Relation("kin-wife", "RELATIVE_OF", "wife", "off", kind="spouse"),
    Relation("kin-sister", "RELATIVE_OF", "sister", "wife", kind="sibling"),
]
# Boss, his firm and his brother give to the official and his wife for three and a half
# years, on Spring Festival, Mid-Autumn and Christmas, ever more; g6 is the only plain day.
SERIES = [
    Relation("g1", "GIFT", "boss", "off", date="2014-01-25", amount=10_000.0, kind="tea", source="§1"),
    Relation("g2", "GIFT", "firm", "off", date="2014-09-05", amount=15_000.0, kind="cash"),
    Relation("g3", "GIFT", "brother", "wife", date="2015-02-15", amount=30_000.0, kind="cash"),
    Relation("g4", "GIFT", "boss", "off", date="2016-02-05", amount=50_000.0, kind="cash"),
    Relation("g5", "GIFT", "boss", "wife", date="2016-12-24", amount=80_000.0, kind="luxury"),
    Relation("g6", "GIFT", "firm", "off", date="2017-06-15", amount=150_000.0, kind="cash"),
]
APPROVAL = Relation("a", "APPROVED", "off", "firm", date="2018-03-01", amount=2e7, kind="land", body_id="bureau")
DEFAULTS = {"min_gifts": 4, "min_span_years": 2.0, "min_tau": 0.3, "approval_days": 730, "threshold": 0.5}


def run(*relations: Relation, confirmed_only: bool = False) -> list[Finding]:
    return detect(CaseIndex(PEOPLE, [*TIES, *relations], confirmed_only))


def test_a_rising_festive_series_from_one_side_then_an_approval_is_flagged() -> None:
    [finding] = run(*SERIES, APPROVAL)
    assert (finding.tactic, finding.verdict, finding.score) == ("friendship_investment", "flagged", 0.8973)
    assert finding.relations == ("g1", "g2", "g3", "g4", "g5", "g6", "a")
    assert finding.entities == ("boss", "firm", "brother", "off", "wife", "bureau")
    assert finding.contributions == {
        "series": 0.15,
        "span": 0.1271,
        "trend": 0.25,
        "festivals": 0.0833,
        "approval": 0.2869,
    }
    assert finding.explanation == (
        "Boss and Boss Holdings and Boss's Brother gave Official and relatives 6 gifts over 3.4 years "
        "(2014-01-25 to 2017-06-15), amounts rising (Kendall tau 1.00, about +113% a year), 83% around festivals; "
        "Official approved the land for Boss Holdings on 2018-03-01 worth 20,000,000."
    )
    assert finding.parameters == DEFAULTS
    assert len(finding.evidence) == 1
    first = finding.evidence[0].steps[0]
    assert (first.date, first.amount, first.kind, first.status, first.source) == (
        "2014-01-25",
        10_000.0,
        "tea",
        "confirmed",
        "§1",
    )


def test_the_figures_of_the_series() -> None:
    assert figures(SERIES) == Figures(
        count=6, amounts=6, span_years=3.39, tau=1.0, growth=1.131, frequency_tau=-0.4082, festive_share=0.8333
    )


def test_an_approval_during_the_series_counts_and_follows_the_gifts_in_the_chain() -> None:
    during = Relation("a", "APPROVED", "off", "firm", date="2016-06-01", amount=2e7, kind="land")
    [finding] = run(*SERIES, during)
    assert (finding.verdict, finding.relations) == ("flagged", ("g1", "g2", "g3", "g4", "g5", "g6", "a"))


def test_no_approval_after_the_series_is_not_flagged() -> None:
    too_late = Relation("late", "APPROVED", "off", "firm", date="2019-07-01", amount=2e7)  # 746 days after g6
    too_early = Relation("early", "APPROVED", "off", "firm", date="2013-12-01", amount=2e7)  # before g1
    for_someone_else = Relation("else", "APPROVED", "off", "other", date="2017-08-01", amount=2e7)
    [finding] = run(*SERIES, too_late, too_early, for_someone_else)
    assert (finding.verdict, finding.score, finding.contributions) == ("not_flagged", 0.0, {})
    assert finding.relations == ("g1", "g2", "g3", "g4", "g5", "g6")
    assert finding.entities == ("boss", "firm", "brother", "off", "wife")
    assert finding.explanation == (
        "Boss and Boss Holdings and Boss's Brother gave Official and relatives 6 gifts over 3.4 years "
        "(2014-01-25 to 2017-06-15), but Official approved nothing for their side from the first gift to "
        "730 days after the last."
    )


def test_falling_amounts_are_not_flagged() -> None:
    amounts = [150_000.0, 80_000.0, 50_000.0, 30_000.0, 15_000.0, 10_000.0]
    falling = [
        Relation(g.id, "GIFT", g.source_id, g.target_id, date=g.date, amount=x)
        for g, x in zip(SERIES, amounts, strict=True)
    ]
    [finding] = run(*falling, APPROVAL)
    assert (finding.verdict, finding.score, finding.relations) == (
        "not_flagged",
        0.0,
        ("g1", "g2", "g3", "g4", "g5", "g6", "a"),
    )
    assert finding.explanation.endswith("neither amounts (tau -1.00) nor frequency (tau -0.41) rising to 0.3.")


def test_rising_frequency_with_flat_amounts_is_a_trend_too() -> None:
    dates = ["2014-03-01", "2015-04-01", "2015-09-01", "2016-03-01", "2016-06-01", "2016-09-01"]
    gifts = [Relation(f"f{i}", "GIFT", "boss", "off", date=d, amount=5_000.0) for i, d in enumerate(dates)]
    [finding] = run(*gifts, APPROVAL)
    assert (finding.verdict, finding.score) == ("flagged", 0.781)
    assert finding.contributions["trend"] == 0.25
    assert "gifts ever more frequent (Kendall tau 1.00 of gifts a year), 0% around festivals" in finding.explanation


def test_too_few_gifts_give_no_finding() -> None:
    assert run(*SERIES[:3], APPROVAL) == []


def test_gifts_spread_over_less_than_the_minimum_span_are_not_flagged() -> None:
    soon = Relation("a", "APPROVED", "off", "firm", date="2017-01-01", amount=2e7)
    [finding] = run(*SERIES[:4], soon)  # 2014-01-25 to 2016-02-05: 2.03 years
    assert (finding.verdict, finding.score) == ("flagged", 0.813)
    [finding] = detect(CaseIndex(PEOPLE, [*TIES, *SERIES[:4], soon]), Parameters(min_span_years=2.5))
    assert (finding.verdict, finding.score) == ("not_flagged", 0.0)
    assert finding.explanation == (
        "Boss and Boss Holdings and Boss's Brother gave Official and relatives 4 gifts over 2.0 years "
        "(2014-01-25 to 2016-02-05), less than the 2.5 years a slow build-up takes."
    )


def test_alleged_gifts_lower_the_score_and_confirmed_only_drops_them() -> None:
    alleged = Relation("g4", "GIFT", "boss", "off", date="2016-02-05", amount=50_000.0, status="alleged")
    gifts = [*SERIES[:3], alleged, *SERIES[4:]]
    [finding] = run(*gifts, APPROVAL)
    assert (finding.verdict, finding.score, finding.contributions["evidence_status"]) == ("flagged", 0.6281, -0.2692)
    [finding] = run(*gifts, APPROVAL, confirmed_only=True)
    assert finding.relations == ("g1", "g2", "g3", "g5", "g6", "a")
    assert run(*gifts[:4], APPROVAL, confirmed_only=True) == []  # three confirmed gifts are no series


def test_a_series_without_amounts_is_insufficient_data() -> None:
    unpriced = [Relation(g.id, "GIFT", g.source_id, g.target_id, date=g.date, kind="tea") for g in SERIES]
    [finding] = run(*unpriced, APPROVAL)
    assert (finding.verdict, finding.score) == ("insufficient_data", 0.0)
    assert finding.explanation.endswith("but only 0 carry an amount, too few to tell a trend.")


def test_each_giver_side_is_its_own_series_and_family_gifts_are_left_out() -> None:
    dates = ["2014-05-01", "2015-05-01", "2016-05-01", "2017-05-01"]
    other = [Relation(f"o{i}", "GIFT", "other", "off", date=d, amount=1000.0 * 2**i) for i, d in enumerate(dates)]
    family = [Relation(f"s{i}", "GIFT", "sister", "wife", date=d, amount=1000.0 * 2**i) for i, d in enumerate(dates)]
    findings = run(*SERIES, APPROVAL, *other, *family)
    assert [(f.verdict, f.relations[0], f.entities[0]) for f in findings] == [
        ("flagged", "g1", "boss"),
        ("not_flagged", "o0", "other"),
    ]


def test_tau_b_with_ties_matches_the_textbook_value() -> None:
    assert tau_b([12, 2, 1, 12, 2], [1, 4, 7, 1, 0]) == -0.4714  # scipy.stats.kendalltau's example
    assert tau_b([1, 2, 3], [5, 5, 5]) == 0.0


def test_festivals_within_ten_days_and_only_for_exact_dates() -> None:
    def share(*dates: str) -> float:
        return figures([Relation(d, "GIFT", "boss", "off", date=d) for d in dates]).festive_share

    assert share("2020-01-15") == 1.0  # Spring Festival 2020-01-25
    assert share("2020-02-04") == 1.0
    assert share("2020-02-05") == 0.0
    assert share("2013-09-29") == 1.0  # Mid-Autumn 2013-09-19
    assert share("2019-12-15", "2020-01-11") == 1.0  # Christmas, New Year
    assert share("2019-12-14", "2019-01-12") == 0.0
    assert share("2020-01", "2020") == 0.0  # the day is unknown


def test_demo_case_flags_only_ma_shaowen_and_a_duo() -> None:
    store = open_store(":memory:")
    load([demo_bundle()], store)
    findings = detect(CaseIndex.of(store))
    assert [(f.verdict, f.score, f.relations) for f in findings] == [
        ("flagged", 1.0, (*(f"gift-ma-aduo-{i:02d}" for i in range(1, 11)), "appr-aduo-shaowen")),
    ]
    [finding] = findings
    assert finding.entities == ("p-ma", "p-aduo", "co-shaowen")
    assert finding.explanation == (
        "马少文 gave 阿多 10 gifts over 6.1 years (2012-01-20 to 2018-02-14), amounts rising (Kendall tau 1.00, "
        "about +165% a year), 100% around festivals; 阿多 approved the contract for 少文矿业有限公司 on 2018-06-28 "
        "worth 350,000,000."
    )
