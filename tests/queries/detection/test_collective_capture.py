"""collective_capture on hand-built graphs and on the demo case.

chair ─DIRECTS→ bank;  leaders a, b, c, d ─HOLDS_POST→ body (all in office in 2016)
chair ─GIFT(2015-02)→ a;  bank ─GIFT(2016-08)→ a;  chair ─GIFT(2015-09)→ b
bank ─GIFT(2016-05, alleged)→ cwife ─RELATIVE_OF→ c;  d is never reached
a ─APPROVED(2016-10-12)→ bank;  b ─APPROVED(2017-03-03)→ bank
"""

from __future__ import annotations

from encircle.graph.records import Entity, Relation
from encircle.graph.stores import open_store
from encircle.loaders import load
from encircle.loaders.demo import demo_bundle
from encircle.queries.detection.case import CaseIndex
from encircle.queries.detection.collective_capture.detector import Parameters, detect
from encircle.queries.detection.findings import Finding

ENTITIES = [
    Entity("chair", "Person", "Chairman", roles=("businessperson",)),
    Entity("bank", "Company", "Bank"),
    Entity("rival", "Person", "Rival"),
    Entity("body", "PublicBody", "Bureau"),
    Entity("chamber", "Organization", "Chamber"),
    *(Entity(x, "Person", f"Leader {x.upper()}", roles=("official",)) for x in "abcdexy"),
    Entity("cwife", "Person", "C's Wife", roles=("relative",)),
    Entity("sis", "Person", "C's Wife's Sister"),
    Entity("csec", "Person", "C's Secretary", roles=("staff",)),
]
POSTS = [
    Relation("post-a", "HOLDS_POST", "a", "body", start_date="2013-05", end_date="2019-05", role="director"),
    Relation("post-b", "HOLDS_POST", "b", "body", start_date="2014-01", end_date="2019-03", role="deputy director"),
    Relation("post-c", "HOLDS_POST", "c", "body", start_date="2015-07", role="deputy director"),
    Relation("post-d", "HOLDS_POST", "d", "body", start_date="2016-01", role="inspector"),
]
BASE = [
    Relation("dir-chair", "DIRECTS", "chair", "bank", role="chairman"),
    Relation("kin-cwife", "RELATIVE_OF", "cwife", "c", kind="spouse"),
    Relation("kin-sis", "RELATIVE_OF", "sis", "cwife", kind="sibling"),
]
G_A1 = Relation("g-a1", "GIFT", "chair", "a", date="2015-02", amount=1.2e6)
G_A2 = Relation("g-a2", "GIFT", "bank", "a", date="2016-08", amount=1.5e7)
G_B = Relation("g-b", "GIFT", "chair", "b", date="2015-09", amount=2e6)
G_CWIFE = Relation("g-cwife", "GIFT", "bank", "cwife", date="2016-05", amount=6e6, status="alleged")
AP_A = Relation("ap-a", "APPROVED", "a", "bank", date="2016-10-12", kind="branch", body_id="body")
AP_B = Relation("ap-b", "APPROVED", "b", "bank", date="2017-03-03", kind="branch", body_id="body")


def run(*relations: Relation, posts: list[Relation] = POSTS, entities: list[Entity] = ENTITIES) -> list[Finding]:
    return detect(CaseIndex(entities, [*BASE, *posts, *relations]), Parameters())


def test_a_side_reaching_three_of_four_leaders_directly_and_through_a_wife_is_flagged() -> None:
    [finding] = run(G_A1, G_A2, G_B, G_CWIFE, AP_A, AP_B)
    assert finding.verdict == "flagged"
    assert [[s.relation for s in c.steps] for c in finding.evidence] == [
        ["g-a1", "g-a2", "post-a", "ap-a"],
        ["g-b", "post-b", "ap-b"],
        ["g-cwife", "kin-cwife", "post-c"],
    ]
    assert [c.label for c in finding.evidence] == [
        "Leader A (director): 2 gift(s), 1 approval(s)",
        "Leader B (deputy director): 1 gift(s), 1 approval(s)",
        "Leader C (deputy director): 1 gift(s), 1 intermediary(ies), 0 approval(s)",
    ]
    assert finding.entities == ("chair", "bank", "cwife", "a", "b", "c", "body")  # not the unreached d
    # coverage 3/4; 2 of 3 reached leaders approved; the alleged gift to the wife discounts to 0.7
    assert finding.contributions == {
        "reach": 0.3,
        "coverage": 0.225,
        "value": 0.2,
        "approvals": 0.1333,
        "evidence_status": -0.2575,
    }
    assert finding.score == 0.6008
    assert finding.explanation == (
        "Chairman, Bank reached 3 of the 4 leaders of Bureau in office 2015-02 to 2016-08 (coverage 0.75): "
        "Leader A, Leader B, Leader C; unreached: Leader D. 2 of them approved 2 decision(s) for the side."
    )
    assert finding.parameters == {
        "min_reached": 2,
        "min_coverage": 0.5,
        "window_days": 1095,
        "substantial_value": 100000,
        "threshold": 0.5,
    }


def test_only_one_leader_reached_is_not_collective() -> None:
    early = Relation("g-c", "GIFT", "chair", "c", date="2014", amount=1e6)  # before c took office
    assert run(G_A1, G_A2, early, AP_A) == []


def test_separate_sides_reaching_one_leader_each_are_not_one_group() -> None:
    rival = Relation("g-rival", "GIFT", "rival", "b", date="2015-09", amount=2e6)
    assert run(G_A1, rival) == []


def test_family_gifts_fellow_leaders_and_ended_ties_do_not_reach() -> None:
    ended = Relation("emp-csec", "EMPLOYED_BY", "csec", "c", start_date="2015-07", end_date="2015-12")
    assert (
        run(
            G_A1,
            Relation("g-sis", "GIFT", "sis", "cwife", date="2016-02", amount=3000.0),  # a sister's dinner
            Relation("g-ab", "GIFT", "a", "b", date="2016-02", amount=3000.0),  # a colleague's
            Relation("g-csec", "GIFT", "bank", "csec", date="2016-06", amount=1e6),  # after the job ended
            ended,
        )
        == []
    )


def test_leaders_who_never_served_together_are_not_flagged() -> None:
    posts = [
        Relation("post-x", "HOLDS_POST", "x", "body", start_date="2008", end_date="2011"),
        Relation("post-y", "HOLDS_POST", "y", "body", start_date="2013", end_date="2016"),
    ]
    gifts = [
        Relation("g-x", "GIFT", "chair", "x", date="2010", amount=1e6),
        Relation("g-y", "GIFT", "bank", "y", date="2014", amount=1e6),
    ]
    [finding] = run(*gifts, posts=posts)
    assert (finding.verdict, finding.score, finding.contributions) == ("not_flagged", 0.0, {})
    assert finding.relations == ("g-x", "post-x", "g-y", "post-y")
    assert finding.explanation == (
        "Chairman, Bank reached 2 of the 2 leaders of Bureau in office 2010 to 2014 (coverage 1.00): "
        "Leader X, Leader Y; unreached: none. Not collective: at most 1 of them held office at the same time."
    )


def test_low_coverage_of_the_leadership_is_not_flagged() -> None:
    more = [Relation(f"post-{x}", "HOLDS_POST", x, "body", start_date="2010") for x in "ex"]
    [finding] = run(G_A1, G_B, AP_A, AP_B, posts=[*POSTS, *more])
    assert (finding.verdict, finding.score) == ("not_flagged", 0.0)
    # d took office in 2016, after the capture period (2015-02..2015-09): not counted
    assert finding.explanation == (
        "Chairman reached 2 of the 5 leaders of Bureau in office 2015-02 to 2015-09 (coverage 0.40): "
        "Leader A, Leader B; unreached: Leader C, Leader E, Leader X. Not collective: coverage is below 0.5."
    )


def test_half_the_leadership_with_small_gifts_and_no_approvals_stays_below_the_threshold() -> None:
    small = [
        Relation("g-a", "GIFT", "chair", "a", date="2016-03", amount=1000.0),
        Relation("g-b", "GIFT", "chair", "b", date="2016-04", amount=1000.0),
    ]
    [finding] = run(*small)
    assert (finding.verdict, finding.score) == ("not_flagged", 0.46)
    assert finding.contributions == {"reach": 0.2, "coverage": 0.15, "value": 0.11, "approvals": 0.0}
    assert "coverage 0.50" in finding.explanation


def test_small_presents_to_most_leaders_with_no_decision_are_not_capture() -> None:
    """Reach and coverage alone cross the threshold, but nothing was decided for the side
    and the presents total 2,729: not substantial (the independent world's false positive)."""
    small = [
        Relation("g-a", "GIFT", "chair", "a", date="2016-03-01", amount=989.0),
        Relation("g-b", "GIFT", "chair", "b", date="2016-03-02", amount=1740.0),
        Relation("g-c", "GIFT", "chair", "c", date="2016-03-03"),
    ]
    [finding] = run(*small[:2], posts=POSTS[:3])
    assert (finding.verdict, finding.score) == ("not_flagged", 0.5145)
    assert finding.explanation.endswith("No decision for the side, and the gifts total 2,729: not substantial.")
    [finding] = run(*small, posts=POSTS[:3])
    assert finding.verdict == "insufficient_data"
    assert finding.explanation.endswith("No decision for the side, and some gifts' value is unknown (2,729 known).")
    [finding] = run(*small[:2], AP_A, posts=POSTS[:3])
    assert finding.verdict == "flagged"


def test_organizations_are_not_bodies_with_public_power() -> None:
    posts = [Relation(r.id, "HOLDS_POST", r.source_id, "chamber", start_date=r.start_date) for r in POSTS]
    assert run(G_A1, G_B, G_CWIFE, posts=posts) == []


def test_demo_case_flags_baoshan_bank_reaching_three_of_four_regulators() -> None:
    store = open_store(":memory:")
    load([demo_bundle()], store)
    [finding] = detect(CaseIndex.of(store))
    assert (finding.verdict, finding.score) == ("flagged", 0.6475)
    assert finding.relations == (
        "gift-li-xue-1",
        "gift-bank-xue-2",
        "post-xue",
        "appr-xue-bank",
        "gift-li-song",
        "post-song",
        "appr-song-bank",
        "gift-bank-liu",
        "post-liu",
        "appr-liu-bank",
    )
    assert finding.entities == ("p-li", "co-bank", "p-xue", "p-song", "p-liu", "body-brb")
    assert finding.contributions == {
        "reach": 0.3,
        "coverage": 0.225,
        "value": 0.2,
        "approvals": 0.2,
        "evidence_status": -0.2775,
    }
    assert "reached 3 of the 4 leaders" in finding.explanation
    assert "(coverage 0.75)" in finding.explanation
    assert "unreached: 胡静." in finding.explanation  # Hu Jing
