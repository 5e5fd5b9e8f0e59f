"""`xref` on the hand-built cases: exact candidates, scores, features and reasons, on
both stores; judgements change what it proposes."""

from __future__ import annotations

from encircle.graph.stores import Store
from encircle.queries.resolution import judge, xref
from encircle.queries.resolution.features import Profile, evidence_for


def rows(store: Store, **options: object) -> list[tuple[object, ...]]:
    found = xref(store, **options)  # type: ignore[arg-type]
    return [(c.entities, c.score, dict(c.features), list(c.reasons)) for c in found.candidates]


def test_earthcott_pairs_with_reasons(earthcott: Store) -> None:
    assert rows(earthcott) == [
        (
            ("co-earthcott-limited", "co-earthcott-ltd"),
            1.0,
            {"name": 0.7, "registration_number": 0.5},
            [
                "same name once 'limited', 'ltd' are set aside: 'Earthcott Limited', 'Earthcott Ltd'",
                "same registration number '01234567', '1234567' once spacing, leading zeros and prefixes are set aside",
            ],
        ),
        (
            ("o-nlc", "o-nlc-2"),
            0.8,
            {"name": 0.7, "shared_neighbours": 0.1},
            [
                "same name once 'the' is set aside: 'The National Liberal Club', 'National  Liberal Club'",
                "both linked to Ann Hale (p-hale): GIFT",
            ],
        ),
    ]


def test_hard_non_duplicates_score_low(earthcott: Store) -> None:
    low = {c.entities: c for c in xref(earthcott, min_score=0.0).candidates}
    smiths = low[("p-smith-1", "p-smith-2")]
    assert smiths.features == {"name": 0.7, "birth_date": -0.6}
    assert smiths.reasons[1] == "different birth dates 1960-01-01 and 1971-05-05"
    assert smiths.score == 0.1
    # Eastcott shares no blocking key with Earthcott (no word starts or ends alike):
    # never compared. Compared, its registration number tells it apart.
    assert not [pair for pair in low if "co-eastcott" in pair]
    firms = earthcott.get_entities(["co-earthcott-limited", "co-eastcott"])
    evidence = evidence_for(Profile.of(firms["co-earthcott-limited"]), Profile.of(firms["co-eastcott"]))
    assert evidence.features == {"name": 0.5765, "registration_number": -0.6}
    assert evidence.reasons == [
        "similar names 'Earthcott Limited', 'Eastcott Ltd' (82%)",
        "different registration numbers '01234567' and '07654321'",
    ]
    assert evidence.score == 0.0


def test_chinese_pairs_with_reasons(leixin: Store) -> None:
    assert rows(leixin) == [
        (
            ("c-leixin-1", "c-leixin-2"),
            1.0,
            {"name": 0.7, "registration_number": 0.5},
            [
                "same name once '有限公司', '股份有限公司' are set aside: "
                "'磊鑫新能源有限公司', '磊鑫新能源股份有限公司'",
                "same registration number '91440300MA5D8KXL1X', '91440300 ma5d8kxl1x' once spacing, leading zeros "
                "and prefixes are set aside",
            ],
        ),
        (
            ("p-wang-1", "p-wang-2"),
            0.83,
            {"name": 0.63, "birth_date": 0.2},
            ["'王建国' reads 'wang jianguo' in pinyin: 'Jianguo Wang' in another order", "same birth date 1965-03-02"],
        ),
        (
            ("p-zhang-1", "p-zhang-2"),
            0.795,
            {"name": 0.595, "birth_date": 0.2},
            ["'张伟' and '张玮' read alike in pinyin (zhang wei)", "same birth date 1970-01-01"],
        ),
        (
            ("c-leixin-1", "c-leixin-3"),
            0.7,
            {"name": 0.7},
            ["'磊鑫新能源有限公司' reads 'lei xin xin neng yuan' in pinyin, as 'Leixin Xinnengyuan Co., Ltd.'"],
        ),
        (
            ("c-leixin-2", "c-leixin-3"),
            0.7,
            {"name": 0.7},
            ["'磊鑫新能源股份有限公司' reads 'lei xin xin neng yuan' in pinyin, as 'Leixin Xinnengyuan Co., Ltd.'"],
        ),
    ]


def test_type_filter_and_limit(leixin: Store) -> None:
    assert [c.entities for c in xref(leixin, types=["Person"]).candidates] == [
        ("p-wang-1", "p-wang-2"),
        ("p-zhang-1", "p-zhang-2"),
    ]
    assert len(xref(leixin, limit=1).candidates) == 1


def test_judgements_shape_later_candidates(leixin: Store) -> None:
    judge(leixin, "c-leixin-1", "c-leixin-2", "same", "ana")
    judge(leixin, "p-zhang-1", "p-zhang-2", "different", "ana")
    judge(leixin, "p-wang-1", "p-wang-2", "unsure", "ben")
    found = xref(leixin).candidates
    # The merged firm is one entity (canonical c-leixin-1, both names); zhang is gone.
    assert [(c.entities, c.judgement) for c in found] == [
        (("p-wang-1", "p-wang-2"), "unsure"),
        (("c-leixin-1", "c-leixin-3"), None),
    ]


def test_different_and_unsure_count_without_any_same_judgement(leixin: Store) -> None:
    before = [c.entities for c in xref(leixin).candidates]
    assert ("p-zhang-1", "p-zhang-2") in before
    judge(leixin, "p-zhang-1", "p-zhang-2", "different", "ana")
    judge(leixin, "p-wang-1", "p-wang-2", "unsure", "ben")
    found = {c.entities: c.judgement for c in xref(leixin).candidates}
    assert ("p-zhang-1", "p-zhang-2") not in found
    assert found[("p-wang-1", "p-wang-2")] == "unsure"
    assert len(found) == len(before) - 1
