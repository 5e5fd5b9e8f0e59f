"""Queries before a "same" judgement, after it, and after its undo, on both stores: the
resolved view (queries/resolution/view.py) makes one entity and changes nothing stored."""

from __future__ import annotations

from pathlib import Path

from encircle.graph.stores import Store
from encircle.loaders import load
from encircle.queries.detection.case import CaseIndex
from encircle.queries.paths.find import find_paths
from encircle.queries.paths.model import PathQuery
from encircle.queries.paths.neighbors import neighbors
from encircle.queries.resolution import ResolvedStore, judge, resolved, undo

CASES = Path(__file__).parents[2] / "fixtures" / "resolution"
ALL = PathQuery(mode="all", max_hops=3)


def routes(store: Store) -> list[list[str]]:
    result = find_paths(resolved(store), "Ann Hale", "Earthcott Ltd", ALL)
    return [list(path.relations) for path in result.paths]


def test_same_joins_the_routes_and_undo_splits_them(earthcott: Store) -> None:
    assert resolved(earthcott) is earthcott  # no judgement: the store itself
    assert routes(earthcott) == [["gift-earthcott"]]
    judge(earthcott, "co-earthcott-ltd", "co-earthcott-limited", "same", "ana", "company number")
    assert routes(earthcott) == [["gift-earthcott"], ["spouse-hale", "dir-tom"]]
    undo(earthcott, "co-earthcott-ltd", "co-earthcott-limited", "ana")
    assert routes(earthcott) == [["gift-earthcott"]]


def test_the_merged_entity_and_its_relations(earthcott: Store) -> None:
    judge(earthcott, "co-earthcott-ltd", "co-earthcott-limited", "same", "ana")
    view = resolved(earthcott)
    assert isinstance(view, ResolvedStore)
    firm = view.get_entities(["co-earthcott-ltd"])["co-earthcott-ltd"]
    assert (firm.id, firm.name, firm.aliases) == ("co-earthcott-limited", "Earthcott Limited", ("Earthcott Ltd",))
    assert firm.extra["same_as"] == "co-earthcott-ltd"
    assert firm.extra["same_as_judged"].startswith("co-earthcott-ltd: ana 20")
    assert [e.id for e in view.find_entities("Earthcott Ltd")] == ["co-earthcott-limited"]
    assert "co-earthcott-ltd" not in {e.id for e in view.entities()}
    gift = next(r for r in view.relations() if r.id == "gift-earthcott")
    assert (gift.source_id, gift.extra["origin_source_id"]) == ("co-earthcott-limited", "co-earthcott-ltd")
    assert gift.extra["origin_source_label"].startswith(
        "Earthcott Ltd (co-earthcott-ltd; same as Earthcott Limited, judged by ana on 20"
    )
    # Stored records are untouched.
    assert earthcott.get_entities(["co-earthcott-ltd"])["co-earthcott-ltd"].name == "Earthcott Ltd"
    assert next(r for r in earthcott.relations() if r.id == "gift-earthcott").source_id == "co-earthcott-ltd"
    assert view.stats().entities == earthcott.stats().entities - 1


def test_neighbours_and_the_case_index_see_one_firm(earthcott: Store) -> None:
    judge(earthcott, "co-earthcott-ltd", "co-earthcott-limited", "same", "ana")
    view = resolved(earthcott)
    around = neighbors(view, "Earthcott Ltd", hops=1)
    assert sorted(e["id"] for e in around.entities) == ["co-earthcott-limited", "p-hale", "p-smith-2", "p-tom-hale"]
    index = CaseIndex.of(view)
    assert sorted(r.id for _, r in index.linked("co-earthcott-limited", "GIFT", "DIRECTS")) == [
        "dir-smith-2",
        "dir-tom",
        "gift-earthcott",
    ]


def test_judgements_survive_loading_more_records(earthcott: Store) -> None:
    judge(earthcott, "co-earthcott-ltd", "co-earthcott-limited", "same", "ana")
    load([CASES / "earthcott", CASES / "leixin"], earthcott)
    assert routes(earthcott) == [["gift-earthcott"], ["spouse-hale", "dir-tom"]]


def test_a_judgement_about_records_not_loaded_yet_applies_when_they_are(store: Store) -> None:
    judge(store, "co-earthcott-ltd", "co-earthcott-limited", "same", "ana")
    assert resolved(store) is store  # nothing to merge yet
    load([CASES / "earthcott"], store)
    assert routes(store) == [["gift-earthcott"], ["spouse-hale", "dir-tom"]]
