"""blacklist_evasion on hand-built affiliations and on the demo case."""

from __future__ import annotations

from encircle.graph.records import Entity, Relation
from encircle.graph.stores import open_store
from encircle.loaders import load
from encircle.loaders.demo import demo_bundle
from encircle.queries.detection.blacklist_evasion.detector import Parameters, detect
from encircle.queries.detection.case import CaseIndex
from encircle.queries.detection.findings import Finding

PERIOD = {"blacklisted_from": "2019-01-15", "blacklisted_until": "2022-12-31"}
ENTITIES = [
    Entity("briber", "Person", "Briber", roles=("businessperson",), **PERIOD),
    Entity("oldco", "Company", "Old Firm", **PERIOD),
    Entity("inlaw", "Person", "In-law", roles=("relative",)),
    Entity("manager", "Person", "Manager"),
    Entity("newco", "Company", "New Firm"),
    Entity("sister", "Company", "Sister Firm"),
    Entity("off", "Person", "Official", roles=("official",)),
    Entity("bureau", "PublicBody", "Bureau"),
]
OWN_OLD = Relation("own-old", "OWNS", "briber", "oldco", start_date="2007", share=0.9)
DIR_OLD = Relation("dir-old", "DIRECTS", "briber", "oldco", start_date="2007", kind="legal_representative")
KIN = Relation("kin", "RELATIVE_OF", "inlaw", "briber", kind="in_law")


def award(target: str, date: str, id: str = "a") -> Relation:
    return Relation(id, "APPROVED", "off", target, date=date, kind="contract", body_id="bureau")


def run(*relations: Relation, parameters: Parameters | None = None) -> list[Finding]:
    return detect(CaseIndex(ENTITIES, [OWN_OLD, DIR_OLD, *relations]), parameters)


def summary(finding: Finding) -> tuple[str, float, tuple[str, ...]]:
    return (finding.verdict, finding.score, finding.relations)


def test_a_firm_a_relative_set_up_after_the_blacklisting_began_is_a_successor() -> None:
    own_new = Relation("own-new", "OWNS", "inlaw", "newco", start_date="2019-03", share=1.0)
    dir_new = Relation("dir-new", "DIRECTS", "inlaw", "newco", start_date="2019-03")
    [finding] = run(KIN, dir_new, own_new, award("newco", "2020-07-08"))
    assert summary(finding) == ("flagged", 0.9, ("kin", "own-new", "dir-new", "a"))
    assert finding.contributions == {"inside_period": 0.5, "affiliation_relative_successor": 0.4}
    assert finding.entities == ("briber", "inlaw", "newco", "off", "bureau")
    assert finding.explanation == (
        "New Firm (set up 2019-03 by In-law, a relative of Briber) won the contract Official granted on 2020-07-08, "
        "540 days into the blacklist period of Briber (2019-01-15 to 2022-12-31)."
    )
    assert finding.parameters == {"near_days": 365, "threshold": 0.5}


def test_a_relatives_older_firm_is_a_looser_affiliation() -> None:
    own_new = Relation("own-new", "OWNS", "inlaw", "newco", start_date="2015")
    [finding] = run(KIN, own_new, award("newco", "2020-07-08"))
    assert summary(finding) == ("flagged", 0.8, ("kin", "own-new", "a"))
    assert finding.contributions == {"inside_period": 0.5, "affiliation_relative_firm": 0.3}


def test_the_blacklisted_firm_itself_winning_inside_the_period() -> None:
    [finding] = run(award("oldco", "2020-01-15"))
    assert summary(finding) == ("flagged", 1.0, ("a",))
    assert finding.entities == ("oldco", "off", "bureau")
    assert finding.explanation.startswith("Old Firm (the blacklisted entity itself) won the contract")


def test_a_firm_the_blacklisted_person_controls_beats_the_same_firm_seen_as_self() -> None:
    # oldco is blacklisted itself and controlled by briber: one finding, the self affiliation
    [finding] = run(award("oldco", "2020-01-15"))
    assert finding.contributions == {"inside_period": 0.5, "affiliation_self": 0.5}
    # a firm only the person is blacklisted for: controlled, both control relations, owns first
    own = Relation("own-sister", "OWNS", "briber", "sister", start_date="2010")
    direct = Relation("dir-sister", "DIRECTS", "briber", "sister", start_date="2010")
    [controlled] = run(direct, own, award("sister", "2021-05-01"))
    assert summary(controlled) == ("flagged", 0.95, ("own-sister", "dir-sister", "a"))
    assert controlled.entities == ("briber", "sister", "off", "bureau")


def test_a_firm_sharing_the_blacklisted_firms_legal_representative_is_a_successor() -> None:
    entities = [*ENTITIES[1:], Entity("briber", "Person", "Briber")]  # only the firm is blacklisted
    dir_old = Relation("dir-old", "DIRECTS", "manager", "oldco", kind="legal_representative")
    dir_new = Relation("dir-new", "DIRECTS", "manager", "newco", kind="legal_representative")
    [finding] = detect(CaseIndex(entities, [dir_old, dir_new, award("newco", "2019-06-01")]))
    assert summary(finding) == ("flagged", 0.9, ("dir-old", "dir-new", "a"))
    assert finding.contributions == {"inside_period": 0.5, "affiliation_successor": 0.4}
    assert finding.entities == ("oldco", "manager", "newco", "off", "bureau")


def test_a_firm_sharing_a_director_with_one_of_the_blacklisted_persons_firms() -> None:
    dir_manager = Relation("dir-manager", "DIRECTS", "manager", "oldco")
    dir_sister = Relation("dir-sister", "DIRECTS", "manager", "sister")
    entities = [e for e in ENTITIES if e.id != "oldco"] + [Entity("oldco", "Company", "Old Firm")]
    index = CaseIndex(entities, [OWN_OLD, DIR_OLD, dir_manager, dir_sister, award("sister", "2019-06-01")])
    [finding] = detect(index)
    assert summary(finding) == ("flagged", 0.8, ("own-old", "dir-old", "dir-manager", "dir-sister", "a"))
    assert finding.contributions == {"inside_period": 0.5, "affiliation_shared_director": 0.3}


def test_an_alleged_tie_discounts_the_score() -> None:
    kin = Relation("kin", "RELATIVE_OF", "inlaw", "briber", status="alleged")
    [finding] = run(kin, Relation("own-new", "OWNS", "inlaw", "newco", start_date="2019-03"), award("newco", "2020-07"))
    assert summary(finding) == ("flagged", 0.63, ("kin", "own-new", "a"))
    assert finding.contributions["evidence_status"] == -0.27


def test_near_misses_before_and_after_the_period_are_reported_not_flagged() -> None:
    own_new = Relation("own-new", "OWNS", "inlaw", "newco", start_date="2010")
    [before] = run(KIN, own_new, award("newco", "2018-10-07"))
    assert (summary(before), before.contributions) == (("not_flagged", 0.0, ("kin", "own-new", "a")), {})
    assert before.explanation == (
        "New Firm (controlled by In-law, a relative of Briber) won the contract Official granted on 2018-10-07, "
        "100 days before the blacklist period of Briber (2019-01-15 to 2022-12-31): a near miss."
    )
    [after] = run(KIN, own_new, award("newco", "2023-01-30"))
    assert after.verdict == "not_flagged"
    assert after.explanation.endswith(
        "30 days after the blacklist period of Briber (2019-01-15 to 2022-12-31): a near miss."
    )


def test_approvals_far_outside_the_period_give_nothing() -> None:
    own_new = Relation("own-new", "OWNS", "inlaw", "newco", start_date="2010")
    assert run(KIN, own_new, award("newco", "2017-05-20")) == []
    assert run(award("oldco", "2017-05-20")) == []
    assert run(KIN, own_new, award("newco", "2017-05-20"), parameters=Parameters(near_days=700)) != []


def test_an_open_ended_blacklist_still_holds() -> None:
    entities = [*ENTITIES[1:], Entity("briber", "Person", "Briber", blacklisted_from="2019-01-15")]
    own = Relation("own-sister", "OWNS", "briber", "sister")
    [finding] = detect(CaseIndex(entities, [own, award("sister", "2031-01-01")]))
    assert finding.verdict == "flagged"
    assert finding.explanation.endswith("4369 days into the blacklist period of Briber (2019-01-15 to open end).")


def test_a_coarse_date_straddling_the_start_is_insufficient_data() -> None:
    [finding] = run(award("oldco", "2019-01"))
    assert (finding.verdict, finding.score, finding.relations) == ("insufficient_data", 0.5, ("a",))
    assert finding.contributions == {"affiliation_self": 0.5}


def test_a_tie_that_did_not_yet_hold_on_the_award_day_is_no_affiliation() -> None:
    own_new = Relation("own-new", "OWNS", "inlaw", "newco", start_date="2021-03")
    assert run(KIN, own_new, award("newco", "2020-07-08")) == []


def test_unrelated_firms_and_unlisted_entities_are_ignored() -> None:
    assert run(award("newco", "2020-07-08"), award("sister", "2020-07-08", id="b")) == []


def test_demo_case() -> None:
    store = open_store(":memory:")
    load([demo_bundle()], store)
    [finding] = detect(CaseIndex.of(store))
    assert summary(finding) == ("flagged", 0.9, ("kin-feng-deng", "own-feng", "dir-feng", "appr-chen-xinyuan"))
    assert finding.contributions == {"inside_period": 0.5, "affiliation_relative_successor": 0.4}
    assert finding.entities == ("p-deng", "p-feng", "co-xinyuan", "p-chen", "body-bid")
    assert finding.explanation == (
        "鑫源工程有限公司 (set up 2019-03 by 冯刚, a relative of 邓辉) won the contract 陈明 granted on 2020-07-08, "
        "540 days into the blacklist period of 邓辉 (2019-01-15 to 2022-12-31)."
    )
