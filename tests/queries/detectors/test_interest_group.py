"""interest_group on hand-built clusters and on the demo case."""

from __future__ import annotations

from encircle.graph.records import Entity, Relation
from encircle.graph.stores import open_store
from encircle.loaders import load
from encircle.loaders.demo import demo_bundle
from encircle.queries.case import CaseIndex
from encircle.queries.detectors.interest_group import Parameters, detect
from encircle.queries.findings import Finding


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


def test_two_groups_sharing_only_a_bureau_stay_apart_and_rank_by_value() -> None:
    first, second = detect(CaseIndex(ENTITIES, RELATIONS))
    assert (first.verdict, first.score, first.entities, chains(first)) == (
        "flagged",
        0.7,
        ("desheng", "wang", "zhao"),
        [("g3", "a3")],
    )
    assert first.contributions == {"value": 0.4, "officials_reached": 0.1, "role_mix": 0.2}
    assert first.explanation == (
        "Group 1 of 2 by value: 3 members (businessperson, firm, official) with 2 benefit flow(s) worth "
        "120,500,000 (1 gift(s)); gifts from members reach Wang; approved something for the givers' side: Wang."
    )
    assert (second.verdict, second.score, second.entities, chains(second)) == (
        "flagged",
        0.7253,
        ("bank", "li", "song", "xue"),
        [("g2", "a2"), ("g1", "a1")],
    )
    assert second.contributions == {"value": 0.3253, "officials_reached": 0.2, "role_mix": 0.2}
    assert [c.label for c in second.evidence] == [
        "gifts into Song or their circle, and their approvals",
        "gifts into Xue or their circle, and their approvals",
    ]
    assert first.parameters == {"seed": 7, "resolution": 1.0, "threshold": 0.5, "backend": "auto"}


def test_the_same_case_gives_the_same_groups_every_run_and_in_any_input_order() -> None:
    once = [f.to_dict() for f in detect(CaseIndex(ENTITIES, RELATIONS))]
    again = [f.to_dict() for f in detect(CaseIndex(ENTITIES, RELATIONS))]
    reversed_input = [f.to_dict() for f in detect(CaseIndex(ENTITIES[::-1], RELATIONS[::-1]))]
    assert once == again == reversed_input


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


def test_gifts_through_the_circle_count_and_other_flows_get_their_own_chain() -> None:
    [finding] = detect(CaseIndex(RING_ENTITIES, RING), Parameters(resolution=0.2))
    assert finding.entities == ("leixin", "longteng", "qian", "son", "wife", "xu", "zhou")
    assert chains(finding) == [("gx1", "gx2", "fee", "az"), ("loan",)]
    assert [c.label for c in finding.evidence] == [
        "gifts into Zhou or their circle, and their approvals",
        "other benefit flows inside the group",
    ]
    assert (finding.verdict, finding.score) == ("flagged", 0.5492)
    assert finding.contributions == {
        "value": 0.3846,
        "officials_reached": 0.1,
        "role_mix": 0.3,
        "evidence_status": -0.2354,
    }
    assert finding.explanation == (
        "Group 1 of 1 by value: 7 members (businessperson, firm, intermediary, official) with 5 benefit flow(s) "
        "worth 49,250,000 (4 gift(s)); gifts from members reach Zhou; "
        "approved something for the givers' side: Zhou."
    )


def test_on_a_small_case_alone_louvain_cuts_the_thin_link_at_default_resolution() -> None:
    # known limitation: modularity splits a lone ring at its weakest ties (weight-1 employment), leaving
    # the briber and the secretary without an official, the official's side without a businessperson;
    # a lower resolution, or a bigger case (the demo's LS-06), keeps it whole
    assert detect(CaseIndex(RING_ENTITIES, RING)) == []


def test_approvals_without_gifts_reaching_an_official_are_not_flagged() -> None:
    entities = [
        person("off", "Official", "official"),
        person("boss", "Boss", "businessperson"),
        Entity("f", "Company", "F"),
    ]
    relations = [
        Relation("own", "OWNS", "boss", "f"),
        Relation("a", "APPROVED", "off", "f", date="2017-06", amount=1e6),
    ]
    [finding] = detect(CaseIndex(entities, relations))
    assert (finding.verdict, finding.score, chains(finding)) == ("not_flagged", 0.5, [("a",)])
    assert finding.explanation.endswith("no member's gift reaches Official.")


def test_groups_without_an_official_a_businessperson_or_a_benefit_flow_are_dropped() -> None:
    official, boss, firm = (
        person("off", "Official", "official"),
        person("boss", "Boss", "businessperson"),
        Entity("f", "Company", "F"),
    )
    approval = Relation("a", "APPROVED", "off", "f", date="2017-06")
    assert detect(CaseIndex([official, firm], [approval])) == []  # no businessperson
    assert detect(CaseIndex([official, boss], [Relation("x", "ASSOCIATE_OF", "boss", "off")])) == []  # no flow
    assert detect(CaseIndex([boss, firm, person("b2", "B2", "businessperson")], [])) == []


def test_the_seed_is_a_parameter() -> None:
    [*findings] = detect(CaseIndex(ENTITIES, RELATIONS), Parameters(seed=1))
    assert [f.entities for f in findings] == [("desheng", "wang", "zhao"), ("bank", "li", "song", "xue")]


def test_demo_case() -> None:
    store = open_store(":memory:")
    load([demo_bundle()], store)
    findings = detect(CaseIndex.of(store))
    assert [(f.verdict, f.score, f.entities, chains(f)) for f in findings] == [
        (
            "flagged",
            0.7,
            ("co-coal", "co-shaowen", "p-aduo", "p-ma"),
            [(*(f"gift-ma-aduo-{i:02d}" for i in range(1, 11)), "appr-aduo-shaowen")],
        ),
        (
            "flagged",
            0.56,
            ("co-desheng", "co-huiyuan", "p-deng", "p-guo", "p-he", "p-tang", "p-wang", "p-zhao"),
            [
                ("gift-zhao-guo", "gift-he-guo", "gift-tang-guo", "appr-guo-desheng"),
                ("gift-zhao-wang-1", "appr-wang-huiyuan", "appr-wang-desheng", "gift-zhao-wang-2"),
            ],
        ),
        (
            "flagged",
            0.7971,
            ("co-hengda", "co-tang", "co-xinyuan", "p-chen", "p-feng", "p-sun"),
            [("gift-sun-chen-1", "appr-chen-hengda", "gift-sun-chen-2", "appr-chen-tang", "appr-chen-xinyuan")],
        ),
        (
            "flagged",
            0.5564,
            ("co-weiye", "org-chamber", "p-huang", "p-lin", "p-lin-fang", "p-yu"),
            [("gift-huang-lin", "gift-weiye-yu", "gift-huang-yu", "appr-yu-weiye")],
        ),
        (
            "flagged",
            0.5489,
            ("co-leixin", "co-longteng", "p-qian", "p-xu", "p-zhou", "p-zhou-son"),
            [("gift-qian-xu-1", "gift-qian-xu-2", "gift-leixin-longteng", "appr-zhou-leixin")],
        ),
        (
            "flagged",
            0.6084,
            ("co-bank", "p-li", "p-liu", "p-song", "p-xue"),
            [
                ("gift-bank-liu", "appr-liu-bank"),
                ("gift-li-song", "appr-song-bank"),
                ("gift-li-xue-1", "gift-bank-xue-2", "appr-xue-bank"),
            ],
        ),
    ]
    # Hu Jing (only a post at the bureau) is in no group; the family dinner gift-fang-lin is no flow
    assert not any("p-hu" in f.entities for f in findings)
    assert not any("gift-fang-lin" in f.relations for f in findings)
    assert findings[5].explanation == (
        "Group 6 of 6 by value: 5 members (businessperson, firm, official) with 7 benefit flow(s) worth 24,200,000 "
        "(4 gift(s)); gifts from members reach 刘洋, 宋建华, 薛金海; "
        "approved something for the givers' side: 刘洋, 宋建华, 薛金海."
    )


def test_gifts_without_a_loop_back_are_not_flagged() -> None:
    """Festival presents reaching an official, who never decides for the givers: no group."""
    index = CaseIndex(
        [
            Entity("boss", "Person", "Boss", roles=("businessperson",)),
            Entity("firm", "Company", "Firm"),
            Entity("off", "Person", "Official", roles=("official",)),
            Entity("wife", "Person", "Wife", roles=("relative",)),
            Entity("other", "Company", "Other Firm"),
        ],
        [
            Relation("own", "OWNS", "boss", "firm"),
            Relation("kin", "RELATIVE_OF", "wife", "off"),
            Relation("g1", "GIFT", "boss", "off", date="2016-02", amount=1000.0),
            Relation("g2", "GIFT", "firm", "wife", date="2017-01", amount=5000000.0),
            Relation("a1", "APPROVED", "off", "other", date="2017-06", amount=1e8),
        ],
    )
    assert [f.verdict for f in detect(index)] == ["not_flagged"]
