"""The workbench's parts without a server: search ranking, the timeline's geometry,
query-string parsing, label fitting."""

from __future__ import annotations

import pytest
from starlette.datastructures import QueryParams

from encircle.graph.errors import QueryError
from encircle.graph.records import Entity
from encircle.graph.stores import open_store
from encircle.web.params import paths_form
from encircle.web.render import fit, segment, when
from encircle.web.search import NameIndex, search
from encircle.web.timeline import LEFT, RIGHT, WIDTH, Item, draw


def test_search_ranks_exact_then_prefix_then_substring_and_never_matches_across_names() -> None:
    entities = [
        Entity("c1", "Company", "Earthcott Limited", aliases=("Earthcott Ltd",)),
        Entity("c2", "Company", "The Earthcott Trust"),
        Entity("p1", "Person", "Ann Earth", aliases=("cott",)),
        Entity("p2", "Person", "Earthcott"),
    ]
    with open_store(":memory:") as store:
        store.write(entities, [])
        assert [(h.id, h.score) for h in search(store, "earthcott")] == [
            ("p2", 1.0),  # the exact name, from the store's index
            ("c1", 0.8),
            ("c2", 0.6),
        ]
        assert [(h.id, h.score) for h in search(store, "ltd")] == [("c1", 0.5)]
        assert [h.id for h in search(store, "earth\x1fcott")] == []  # the index's separator is not text
        assert [h.id for h in search(store, "  EARTHCOTT   limited ")] == ["c1"]  # folded like names
        assert len(search(store, "t", limit=2)) == 2 and search(store, "   ") == []
    index = NameIndex(entities)
    assert sorted(h.id for h in index.matches("cott")) == ["c1", "c2", "p1", "p2"]


def test_the_timeline_places_fuzzy_dates_and_open_periods() -> None:
    items = [
        Item({"id": "post", "type": "HOLDS_POST", "start_date": "2010", "end_date": "2011-06"}, "mayor", "t1"),
        Item({"id": "job", "type": "EMPLOYED_BY", "start_date": "2012-01"}, "secretary", "t2"),
        Item({"id": "gone", "type": "HOLDS_POST", "start_date": "2011", "end_date": "unknown"}, "deputy", "t3"),
        Item({"id": "g1", "type": "GIFT", "date": "2011", "amount": 1e6, "status": "alleged"}, "gifts", "t4"),
        Item({"id": "a1", "type": "APPROVED", "date": "2013-07-01"}, "decisions", "t5"),
        Item({"id": "kin", "type": "RELATIVE_OF"}, "relatives", "t6"),  # timeless: not drawn
        Item({"id": "bad", "type": "GIFT", "date": "not a date"}, "gifts", "t7"),
    ]
    line = draw(items)
    assert line is not None
    assert [lane.label for lane in line.lanes] == ["mayor", "deputy", "secretary", "gifts", "decisions"]
    assert [t.label for t in line.ticks] == ["2010", "2011", "2012", "2013", "2014"]
    assert line.ticks[0].x == LEFT and line.ticks[-1].x == pytest.approx(WIDTH - RIGHT, abs=1)
    bars = {b.relation: b for b in line.bars}
    assert not bars["post"].open_end and bars["job"].open_end and bars["gone"].open_end
    assert bars["job"].x + bars["job"].width == pytest.approx(WIDTH - RIGHT, abs=1)  # runs to the edge
    marks = {m.relation: m for m in line.marks}
    assert set(marks) == {"g1", "a1"} and (marks["g1"].shape, marks["a1"].shape) == ("circle", "diamond")
    middle_2011 = line.ticks[1].x + (line.ticks[2].x - line.ticks[1].x) / 2
    assert marks["g1"].x == pytest.approx(middle_2011, abs=2)  # '2011' stands for the whole year
    assert marks["g1"].size > marks["a1"].size and marks["g1"].status == "alleged"
    assert draw([items[-2]]) is None
    many = [Item({"id": f"p{i}", "type": "HOLDS_POST", "start_date": "2000"}, f"post {i}", "") for i in range(45)]
    crowded = draw(many, max_bars=40)
    assert crowded is not None and len(crowded.bars) == 40 and crowded.omitted == 5


def test_paths_form_reads_the_cli_filters_and_refuses_bad_ones() -> None:
    form = paths_form(
        QueryParams("a=钱磊&b=p-zhou&mode=all&time_ordered=1&type=GIFT&type=employed_by,APPROVED&from=2016")
    )
    assert (form.a, form.b, form.query.mode, form.query.time_respecting) == ("钱磊", "p-zhou", "all", True)
    assert form.query.filters.relation_types == ("GIFT", "EMPLOYED_BY", "APPROVED")
    assert form.query.filters.date_from == "2016" and form.values["type"] == "GIFT,EMPLOYED_BY,APPROVED"
    for bad in ("mode=every", "k=0", "max_hops=7", "hubs=ignore", "status=rumour", "to=2016-13", "max_gap=-1"):
        with pytest.raises(QueryError):
            paths_form(QueryParams(f"a=x&b=y&{bad}"))


def test_labels_fit_their_column_and_ids_stay_one_segment() -> None:
    assert fit("short") == "short"
    assert fit("a" * 40, 10) == "a" * 10 + "\u2026"
    assert fit("岚山市发展和改革委员会", 10) == "岚山市发展\u2026"  # a CJK character counts two
    assert segment("a/b?c#d e") == "a%2Fb%3Fc%23d%20e"
    assert when({"start_date": "2016", "end_date": "unknown"}) == "2016 – ended, date unknown"
    assert when({"start_date": "2016-01"}) == "2016-01 – \u2026" and when({"date": "2017"}) == "2017"


def test_the_timeline_keeps_the_latest_marks_and_says_how_many_it_left_out() -> None:
    gifts = [Item({"id": f"g{i:03d}", "type": "GIFT", "date": f"{2000 + i % 20}-01"}, "gifts", "") for i in range(320)]
    line = draw(gifts, max_marks=300)
    assert line is not None and len(line.marks) == 300 and line.omitted == 20
    kept = {m.relation for m in line.marks}
    assert not kept & {f"g{i:03d}" for i in range(0, 320, 20)}  # the 16 gifts of 2000, the earliest, are left out
    assert len(kept & {f"g{i:03d}" for i in range(1, 320, 20)}) == 12
