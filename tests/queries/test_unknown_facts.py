"""Missing facts are data: gifts and approvals of unknown date, and posts that ended at an
unknown time, on both stores.

b (Bank) ─GIFT(2015-02)→ x,  b ─GIFT(2015-09)→ y;  x, y, z ─HOLDS_POST→ body
x ─APPROVED(2016-10-12)→ b  (the collective_capture worked example)
plus, where a test says so: undated gifts and approvals, and y's post ended at an unknown time
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from encircle.graph.records import Entity, Relation
from encircle.graph.stores import Store
from encircle.queries.analysis.groups import interest_groups
from encircle.queries.detection import detect
from encircle.queries.detection.case import CaseIndex, overlaps, period
from encircle.queries.paths.find import find_paths
from encircle.queries.paths.model import Filters, PathQuery

ENTITIES = [
    Entity("b", "Company", "Bank"),
    Entity("body", "PublicBody", "Bureau"),
    *(Entity(p, "Person", p.upper()) for p in ("x", "y", "z")),
]
PX = Relation("px", "HOLDS_POST", "x", "body", start_date="2013")
PY = Relation("py", "HOLDS_POST", "y", "body", start_date="2014")
PZ = Relation("pz", "HOLDS_POST", "z", "body", start_date="2014")
GIFTS = [
    Relation("gx", "GIFT", "b", "x", date="2015-02", amount=1200000.0),
    Relation("gy", "GIFT", "b", "y", date="2015-09", amount=2000000.0),
    Relation("ax", "APPROVED", "x", "b", date="2016-10-12", body_id="body"),
]
UNDATED = [
    Relation("gz-undated", "GIFT", "b", "z", amount=5000000.0),
    Relation("az-undated", "APPROVED", "z", "b", kind="licence"),
    Relation("abody-undated", "APPROVED", "body", "b", kind="contract", body_id="body"),
]


def summary(store: Store, tactics: tuple[str, ...] = ()) -> list[tuple[str, str, float, tuple[str, ...]]]:
    return [(f.tactic, f.verdict, f.score, f.relations) for f in detect(store, tactics)]


def test_undated_gifts_and_approvals_load_on_both_stores_and_leave_what_they_complete_undecided(
    store: Store,
) -> None:
    store.write(ENTITIES, [PX, PY, PZ, *GIFTS, *UNDATED])
    assert {r.id: r.date for r in store.relations() if r.type in ("GIFT", "APPROVED")} == {
        "abody-undated": None,
        "ax": "2016-10-12",
        "az-undated": None,
        "gx": "2015-02",
        "gy": "2015-09",
        "gz-undated": None,
    }
    # The dated gifts flag as before: the undated gift to z does not make z a third reached
    # leader. Every approval of unknown date with a gift from the bank's side is undecided
    # (the bureau's decision once per leader it may have been), and so is the group that
    # binds only with them (tests/queries/detection/test_unknown_dates.py: each tactic).
    assert summary(store) == [
        ("collective_capture", "flagged", 0.7, ("gx", "px", "ax", "gy", "py")),
        ("direct_transaction", "flagged", 0.7869, ("gx", "ax")),
        ("direct_transaction", "insufficient_data", 0.0, ("gz-undated", "pz", "abody-undated")),
        ("direct_transaction", "insufficient_data", 0.0, ("gx", "px", "abody-undated")),
        ("direct_transaction", "insufficient_data", 0.0, ("gz-undated", "az-undated")),
        ("direct_transaction", "insufficient_data", 0.0, ("gy", "py", "abody-undated")),
        (
            "interest_group",
            "insufficient_data",
            0.7782,
            ("pz", "abody-undated", "az-undated", "gz-undated", "px", "gx", "ax", "py", "gy"),
        ),
    ]
    # the overview of groups keeps undated ties: z is in the bank's group through his
    assert [(g.members, g.gifts) for g in interest_groups(store)] == [
        (("b", "x", "y", "z"), ("gz-undated", "gx", "gy"))
    ]


def test_an_undated_gift_still_counts_in_an_entitys_degree() -> None:
    index = CaseIndex(ENTITIES, [PZ, *UNDATED], dated_only=True)
    assert (index.into("z", "GIFT"), index.out("z", "APPROVED"), index.degree("z")) == ([], [], 3)


@pytest.mark.parametrize(
    ("post", "reached"),
    [
        (PY, True),  # held since 2014, still held: the 2015-09 gift reaches y
        (replace(PY, end_date="unknown"), False),  # held in 2014, ended at an unknown time
        (replace(PY, start_date="2015", end_date="unknown"), True),  # held in 2015, the gift's year
        (replace(PY, start_date=None, end_date="unknown"), False),  # a former post, never dated
    ],
)
def test_a_post_that_ended_at_an_unknown_time_is_never_held_later(store: Store, post: Relation, reached: bool) -> None:
    store.write(ENTITIES, [PX, post, PZ, *GIFTS])
    expected = [("collective_capture", "flagged", 0.7, ("gx", "px", "ax", "gy", "py"))] if reached else []
    assert summary(store, ("collective_capture",)) == expected


def test_periods_with_an_unknown_end() -> None:
    ended = replace(PY, end_date="unknown")
    assert period(ended) == ("2014-01-01", "2014-12-31")
    assert period(replace(ended, start_date=None)) == ("9999-12-31", "0001-01-01")
    timeless = Relation("kin", "RELATIVE_OF", "y", "z")
    assert overlaps(ended, GIFTS[0]) is False and overlaps(ended, timeless) is True
    assert overlaps(replace(ended, start_date=None), timeless) is False  # held at no day at all


@pytest.mark.parametrize(
    ("end", "window", "paths"),
    [
        (None, None, [["gy", "py"]]),
        ("unknown", None, []),  # the 2015-09 gift came after the post's known time (2014)
        (None, ("2015", None), [["gy", "py"]]),
    ],
)
def test_time_ordered_paths_do_not_pass_through_a_post_after_it_ended(
    store: Store, end: str | None, window: tuple[str, None] | None, paths: list[list[str]]
) -> None:
    store.write(ENTITIES, [replace(PY, end_date=end), *GIFTS])
    filters = Filters(date_from=window[0]) if window else Filters()
    query = PathQuery(mode="all", time_respecting=True, filters=filters)
    assert [list(p.relations) for p in find_paths(store, "b", "body", query).paths] == paths


@pytest.mark.parametrize(
    ("start", "window", "shown"),
    [
        ("2014", ("2015", "2016"), False),  # held in 2014 only
        ("2014", ("2014-06", "2016"), True),
        (None, ("0001", "9999"), False),  # a former post without dates is held at no day
    ],
)
def test_date_windows_leave_out_posts_that_had_ended(
    store: Store, start: str | None, window: tuple[str, str], shown: bool
) -> None:
    store.write(ENTITIES, [replace(PY, start_date=start, end_date="unknown"), *GIFTS])
    query = PathQuery(filters=Filters(date_from=window[0], date_to=window[1]))
    expected = [["py"]] if shown else []
    assert [list(p.relations) for p in find_paths(store, "y", "body", query).paths] == expected
