"""interest_group on hand-built cases and on the demo case: benefit loops, merged."""

from __future__ import annotations

from encircle.graph.records import Entity, Relation
from encircle.graph.stores import open_store
from encircle.loaders import load
from encircle.loaders.demo import demo_bundle
from encircle.queries.detection.case import CaseIndex
from encircle.queries.detection.findings import Finding
from encircle.queries.detection.interest_group.detector import Parameters, detect


def person(id: str, name: str, *roles: str) -> Entity:
    return Entity(id, "Person", name, roles=roles)


ENTITIES = [
    person("li", "Li", "businessperson"),
    Entity("bank", "Company", "Bank"),
    person("xue", "Xue", "official"),
    person("song", "Song", "official"),
    person("zhao", "Zhao", "businessperson"),
    Entity("desheng", "Company", "Desheng"),
    person("wang", "Wang", "official"),
    person("hu", "Hu", "official"),
    Entity("bureau", "PublicBody", "Bureau"),
]
RELATIONS = [
    Relation("dir-li", "DIRECTS", "li", "bank"),
    Relation("g1", "GIFT", "li", "xue", date="2015-02", amount=1.2e6),
    Relation("g2", "GIFT", "li", "song", date="2015-09", amount=2e6),
    Relation("a1", "APPROVED", "xue", "bank", date="2016-10-12"),
    Relation("a2", "APPROVED", "song", "bank", date="2017-03-03"),
    Relation("own-zhao", "OWNS", "zhao", "desheng"),
    Relation("g3", "GIFT", "zhao", "wang", date="2017-02-10", amount=5e5),
    Relation("a3", "APPROVED", "wang", "desheng", date="2017-09-15", amount=1.2e8),
    *(Relation(f"post-{p}", "HOLDS_POST", p, "bureau") for p in ("xue", "song", "wang", "hu")),
]


def chains(finding: Finding) -> list[tuple[str, ...]]:
    return [tuple(s.relation for s in c.steps) for c in finding.evidence]


def test_one_boss_binding_two_officials_is_a_group_and_a_single_bribe_is_not() -> None:
    first, second = detect(CaseIndex(ENTITIES, RELATIONS))
    assert (first.verdict, first.score, first.entities, chains(first)) == (
        "flagged",
        0.7626,
        ("bank", "li", "song", "xue"),
        [("g1", "a1"), ("g2", "a2"), ("dir-li",)],
    )
    assert first.contributions == {"officials": 0.4, "sides": 0.2, "intermediaries": 0.0, "value": 0.1626}
    assert [c.label for c in first.evidence] == [
        "gifts reaching Xue and their approvals for the givers' side",
        "gifts reaching Song and their approvals for the givers' side",
        "ties binding the givers to the beneficiaries",
    ]
    assert first.explanation == (
        "Group 1 of 2: 2 official(s) (Xue, Song) approved something for the side of a giver whose gift reached "
        "them or their circle; 1 beneficiary side(s) (Bank); 2 gift(s) and 2 approval(s) worth 3,200,000."
    )
    # Zhao's one bribe for one decision is a direct transaction, not a group
    assert (second.verdict, second.score, second.entities, chains(second)) == (
        "not_flagged",
        0.6,
        ("desheng", "wang", "zhao"),
        [("g3", "a3"), ("own-zhao",)],
    )
    assert second.explanation.endswith("Below 2 officials and 2 sides: a single transaction, not a group.")
    # Hu only holds a post at the bureau: no loop, no member; the bureau is no member either
    assert not any({"hu", "bureau"} & set(f.entities) for f in (first, second))
    assert first.parameters == {
        "before_days": 1095,
        "after_days": 365,
        "min_officials": 2,
        "min_sides": 2,
        "threshold": 0.5,
    }


def test_the_same_case_gives_the_same_groups_every_run_and_in_any_input_order() -> None:
    once = [f.to_dict() for f in detect(CaseIndex(ENTITIES, RELATIONS))]
    again = [f.to_dict() for f in detect(CaseIndex(ENTITIES, RELATIONS))]
    reversed_input = [f.to_dict() for f in detect(CaseIndex(ENTITIES[::-1], RELATIONS[::-1]))]
    assert once == again == reversed_input


def test_min_officials_is_a_parameter() -> None:
    findings = detect(CaseIndex(ENTITIES, RELATIONS), Parameters(min_officials=3))
    assert [f.verdict for f in findings] == ["not_flagged", "not_flagged"]


# a roundabout ring: Qian pays Zhou's secretary and (through his firm) Zhou's son's firm
RING_ENTITIES = [
    person("qian", "Qian", "businessperson"),
    person("xu", "Xu", "staff"),
    person("zhou", "Zhou", "official"),
    person("son", "Son", "relative"),
    person("wife", "Wife", "relative"),
    Entity("leixin", "Company", "Leixin"),
    Entity("longteng", "Company", "Longteng"),
]
RING = [
    Relation("own-qian", "OWNS", "qian", "leixin"),
    Relation("gx1", "GIFT", "qian", "xu", date="2016-09", amount=2e5),
    Relation("gx2", "GIFT", "qian", "xu", date="2017-02", amount=5e4),
    Relation("emp-xu", "EMPLOYED_BY", "xu", "zhou", kind="secretary"),
    Relation("kin-son", "RELATIVE_OF", "son", "zhou", kind="child"),
    Relation("own-son", "OWNS", "son", "longteng"),
    Relation("dir-son", "DIRECTS", "son", "longteng"),
    Relation("fee", "GIFT", "leixin", "longteng", date="2017-04-10", amount=3e6, status="alleged"),
    Relation("az", "APPROVED", "zhou", "leixin", date="2017-08-30", amount=4.5e7),
    Relation("kin-wife", "RELATIVE_OF", "wife", "zhou", kind="spouse"),
    Relation("pocket", "GIFT", "zhou", "son", date="2017-05", amount=1e5),  # within a family: no flow
    Relation("loan", "GIFT", "leixin", "qian", date="2017-09", amount=1e6),  # into no official or circle
]


def test_a_roundabout_ring_alone_is_one_loop_cited_with_its_circle_ties_but_no_group() -> None:
    [finding] = detect(CaseIndex(RING_ENTITIES, RING))
    assert finding.entities == ("leixin", "longteng", "qian", "son", "xu", "zhou")
    assert chains(finding) == [
        ("gx1", "gx2", "fee", "az", "dir-son", "emp-xu", "kin-son", "own-son"),
        ("own-qian",),
    ]
    # above the threshold before the alleged fee's discount, and still one official and one side
    assert (finding.verdict, finding.score) == ("not_flagged", 0.4845)
    assert finding.contributions == {
        "officials": 0.2,
        "sides": 0.2,
        "intermediaries": 0.1,
        "value": 0.1921,
        "evidence_status": -0.2076,
    }
    assert finding.explanation == (
        "Group 1 of 1: 1 official(s) (Zhou) approved something for the side of a giver whose gift reached them or "
        "their circle; 1 beneficiary side(s) (Leixin); 3 gift(s) and 1 approval(s) worth 48,250,000. "
        "Below 2 officials and 2 sides: a single transaction, not a group."
    )


def test_a_second_official_paid_by_the_same_side_makes_the_ring_a_group() -> None:
    entities = [*RING_ENTITIES, person("sun", "Sun", "official")]
    relations = [
        *RING,
        Relation("gs", "GIFT", "leixin", "sun", date="2018-01-05", amount=3e5),
        Relation("as", "APPROVED", "sun", "leixin", date="2018-06-01", amount=2e7),
    ]
    [finding] = detect(CaseIndex(entities, relations))
    assert (finding.verdict, finding.entities) == (
        "flagged",
        ("leixin", "longteng", "qian", "son", "sun", "xu", "zhou"),
    )
    assert chains(finding) == [
        ("gx1", "gx2", "fee", "az", "dir-son", "emp-xu", "kin-son", "own-son"),
        ("gs", "as"),
        ("own-qian",),
    ]
    assert finding.contributions["officials"] == 0.4 and finding.contributions["intermediaries"] == 0.1


GO_BETWEEN = [
    person("boss", "Boss", "businessperson"),
    Entity("firm", "Company", "Firm"),
    Entity("holding", "Company", "Holding"),
    person("fixer", "Fixer", "intermediary"),
    person("o1", "Official One", "official"),
    person("o2", "Official Two", "official"),
]
GO_BETWEEN_RELATIONS = [
    Relation("own-1", "OWNS", "boss", "holding"),
    Relation("own-2", "OWNS", "holding", "firm"),
    Relation("bro", "ASSOCIATE_OF", "boss", "fixer", kind="brother"),
    Relation("g1", "GIFT", "boss", "o1", date="2019-01-10", amount=5e5),
    Relation("a1", "APPROVED", "o1", "firm", date="2019-06-01", amount=3e7),
    Relation("g2", "GIFT", "fixer", "o2", date="2019-03-01", amount=8e5),
    Relation("a2", "APPROVED", "o2", "firm", date="2019-09-01", amount=5e7),
]


def test_a_go_between_giving_for_the_boss_closes_a_loop_and_joins_the_group() -> None:
    [finding] = detect(CaseIndex(GO_BETWEEN, GO_BETWEEN_RELATIONS))
    assert (finding.verdict, finding.entities) == ("flagged", ("boss", "firm", "fixer", "holding", "o1", "o2"))
    assert chains(finding) == [("g1", "a1"), ("g2", "a2"), ("bro", "own-1", "own-2")]
    assert finding.contributions == {"officials": 0.4, "sides": 0.2, "intermediaries": 0.1, "value": 0.1978}
    assert finding.score == 0.8978
    assert finding.explanation.endswith("worth 81,300,000; go-between(s): Fixer.")


def test_two_bosses_buying_one_official_are_two_sides_bound_by_him() -> None:
    entities = [
        person("a", "A", "businessperson"),
        Entity("fa", "Company", "FA"),
        person("b", "B", "businessperson"),
        Entity("fb", "Company", "FB"),
        person("o", "O", "official"),
    ]
    relations = [
        Relation("own-a", "OWNS", "a", "fa"),
        Relation("own-b", "OWNS", "b", "fb"),
        Relation("ga", "GIFT", "a", "o", date="2018-01", amount=1e5),
        Relation("gb", "GIFT", "fb", "o", date="2018-03", amount=2e5),
        Relation("aa", "APPROVED", "o", "fa", date="2018-05", amount=1e7),
        Relation("ab", "APPROVED", "o", "fb", date="2018-07", amount=1e7),
    ]
    [finding] = detect(CaseIndex(entities, relations))
    assert (finding.verdict, finding.entities, chains(finding)) == (
        "flagged",
        ("a", "fa", "fb", "o"),
        [("ga", "gb", "aa", "ab"), ("own-a",)],  # FB gave itself: no tie to cite, B is on no loop
    )
    assert finding.contributions["sides"] == 0.4
    assert "2 beneficiary side(s) (FA; FB)" in finding.explanation


def test_clean_tenders_and_gifts_without_a_decision_back_form_no_loop() -> None:
    """The decoys: a boss's firm winning open tenders from two officials who got nothing;
    presents to an official's wife while he decides only for another firm."""
    entities = [
        person("boss", "Boss", "businessperson"),
        Entity("firm", "Company", "Firm"),
        Entity("other", "Company", "Other"),
        person("o1", "O1", "official"),
        person("o2", "O2", "official"),
        person("wife", "Wife", "relative"),
        person("friend", "Friend"),
    ]
    relations = [
        Relation("own", "OWNS", "boss", "firm"),
        Relation("kin", "RELATIVE_OF", "wife", "o2"),
        Relation("a1", "APPROVED", "o1", "firm", date="2017-06", amount=1e7, procedure="open", bidders=9),
        Relation("a2", "APPROVED", "o2", "firm", date="2017-08", amount=2e7, procedure="open", bidders=7),
        Relation("g1", "GIFT", "friend", "wife", date="2017-02", amount=5000.0, kind="mooncakes"),
        Relation("g2", "GIFT", "friend", "o1", date="2017-02", amount=1000.0, kind="tea"),
        Relation("a3", "APPROVED", "o2", "other", date="2017-06", amount=1e8),
    ]
    assert detect(CaseIndex(entities, relations)) == []


def test_gifts_outside_the_window_inside_a_family_or_before_the_tie_close_no_loop() -> None:
    entities = [
        person("boss", "Boss", "businessperson"),
        Entity("firm", "Company", "Firm"),
        person("o1", "O1", "official"),
        person("o2", "O2", "official"),
        person("sec", "Sec", "staff"),
        person("sis", "Sis", "relative"),
    ]
    relations = [
        Relation("own", "OWNS", "boss", "firm"),
        Relation("a1", "APPROVED", "o1", "firm", date="2019-06-01", amount=1e7),
        Relation("a2", "APPROVED", "o2", "firm", date="2019-06-01", amount=1e7),
        Relation("old", "GIFT", "boss", "o1", date="2012-06-01", amount=1e5),  # seven years before
        Relation("late", "GIFT", "boss", "o1", date="2020-09-01", amount=1e5),  # 15 months after
        Relation("emp", "EMPLOYED_BY", "sec", "o2", start_date="2019-01-01", kind="secretary"),
        Relation("early", "GIFT", "boss", "sec", date="2018-06-01", amount=1e5),  # before the job began
        Relation("kin", "RELATIVE_OF", "boss", "sis", kind="sibling"),
        Relation("kin-o2", "RELATIVE_OF", "sis", "o2", kind="spouse"),
        Relation("family", "GIFT", "boss", "sis", date="2019-02-01", amount=1e5),  # between siblings
    ]
    assert detect(CaseIndex(entities, relations)) == []
    thanks = Relation("thanks", "GIFT", "boss", "o1", date="2020-03-01", amount=1e5)  # 9 months after: a thank-you
    held = Relation("held", "GIFT", "boss", "sec", date="2019-03-01", amount=1e5)
    [finding] = detect(CaseIndex(entities, [*relations, thanks, held]))
    assert (finding.verdict, chains(finding)) == ("flagged", [("held", "a2", "emp"), ("a1", "thanks"), ("own",)])


def test_demo_case() -> None:
    """One group in the demo: Baoshan Bank's chairman and the three regulators he reached
    (LS-03); every other case is one official and one side, a single transaction."""
    store = open_store(":memory:")
    load([demo_bundle()], store)
    findings = detect(CaseIndex.of(store))
    assert [(f.verdict, f.score, f.entities, chains(f)) for f in findings] == [
        (
            "flagged",
            0.6892,
            ("co-bank", "p-li", "p-liu", "p-song", "p-xue"),
            [
                ("gift-li-xue-1", "gift-bank-xue-2", "appr-xue-bank"),
                ("gift-li-song", "appr-song-bank"),
                ("gift-bank-liu", "appr-liu-bank"),
                ("dir-li",),
            ],
        ),
        (
            "not_flagged",
            0.6,
            ("co-shaowen", "p-aduo", "p-ma"),
            [("gift-ma-aduo-08", "gift-ma-aduo-09", "gift-ma-aduo-10", "appr-aduo-shaowen"), ("own-ma",)],
        ),
        (
            "not_flagged",
            0.42,
            ("co-desheng", "p-wang", "p-zhao"),
            [("gift-zhao-wang-1", "appr-wang-desheng", "gift-zhao-wang-2"), ("dir-zhao",)],
        ),
        (
            "not_flagged",
            0.4882,
            ("co-weiye", "p-huang", "p-lin", "p-yu"),
            [("gift-huang-lin", "gift-weiye-yu", "gift-huang-yu", "appr-yu-weiye", "kin-lin-yu"), ("own-huang",)],
        ),
        (
            "not_flagged",
            0.5938,
            ("co-hengda", "p-chen", "p-sun"),
            [("gift-sun-chen-1", "appr-chen-hengda", "gift-sun-chen-2"), ("dir-sun",)],
        ),
        (
            "not_flagged",
            0.4845,
            ("co-leixin", "co-longteng", "p-qian", "p-xu", "p-zhou", "p-zhou-son"),
            [
                (
                    "gift-qian-xu-1",
                    "gift-qian-xu-2",
                    "gift-leixin-longteng",
                    "appr-zhou-leixin",
                    "dir-zhou-son",
                    "emp-xu",
                    "kin-zhou-son",
                    "own-zhou-son",
                ),
                ("own-qian",),
            ],
        ),
    ]
    # Hu Jing (only a post at the bureau) is in no group; the decoys are in no loop
    assert not any("p-hu" in f.entities for f in findings)
    decoys = {"gift-he-guo", "gift-fang-lin", "gift-tang-guo", "appr-chen-tang", "appr-wang-huiyuan", "gift-zhao-guo"}
    assert not any(decoys & set(f.relations) for f in findings)
    assert findings[0].explanation == (
        "Group 1 of 6: 3 official(s) (薛金海, 宋建华, 刘洋) approved something for the side of a giver whose gift "
        "reached them or their circle; 1 beneficiary side(s) (宝山银行); 4 gift(s) and 3 approval(s) worth 24,200,000."
    )
