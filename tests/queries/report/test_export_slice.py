"""Slices to export: the selections `encircle view` draws, plus the entities approvals
name, on both stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from encircle.graph.errors import QueryError
from encircle.graph.exports import Slice, export
from encircle.graph.stores import Store, open_store
from encircle.loaders import load
from encircle.loaders.demo import demo_bundle
from encircle.queries.report.export_slice import around_slice, finding_slice, path_slice


def _ids(chosen: Slice) -> tuple[list[str], list[str]]:
    return [e.id for e in chosen.entities()], [r.id for r in chosen.relations()]


def test_around(store: Store) -> None:
    load([demo_bundle()], store)
    assert _ids(around_slice(store, "周平", hops=1)) == (
        ["body-ndrc", "co-leixin", "p-xu", "p-zhou", "p-zhou-son"],
        ["appr-zhou-leixin", "emp-xu", "kin-zhou-son", "post-zhou"],
    )


def test_a_slice_holds_the_firms_a_tender_kept_out(store: Store, tmp_path: Path) -> None:
    load([demo_bundle()], store)
    chosen = around_slice(store, "p-chen", hops=1)
    entities, relations = _ids(chosen)
    assert entities == ["body-bid", "co-hengda", "co-hongyuan", "co-huatai", "co-tang", "co-xinyuan", "p-chen", "p-sun"]
    assert relations == [
        "appr-chen-hengda",
        "appr-chen-tang",
        "appr-chen-xinyuan",
        "dir-sun",
        "gift-sun-chen-1",
        "gift-sun-chen-2",
        "own-sun",
        "post-chen",
    ]
    export(chosen, "csv", tmp_path / "slice")  # loads on its own: every id it names is in it
    with open_store(str(tmp_path / "slice.db")) as copy:
        load([tmp_path / "slice"], copy)
        assert (copy.stats().entities, copy.stats().relations) == (8, 8)


def test_path_and_finding(store: Store) -> None:
    load([demo_bundle()], store)
    assert _ids(path_slice(store, "钱磊", "Leixin New Energy Co. Ltd.")) == (["co-leixin", "p-qian"], ["own-qian"])
    assert _ids(finding_slice(store, "roundabout-92718fffd6")) == (
        ["body-ndrc", "co-leixin", "co-longteng", "p-qian", "p-xu", "p-zhou", "p-zhou-son"],
        [
            "appr-zhou-leixin",
            "dir-zhou-son",
            "emp-xu",
            "gift-leixin-longteng",
            "gift-qian-xu-1",
            "gift-qian-xu-2",
            "kin-zhou-son",
            "own-qian",
            "own-zhou-son",
            "post-zhou",
        ],
    )


def test_what_cannot_be_sliced(sqlite_store: Store) -> None:
    load([demo_bundle()], sqlite_store)
    with pytest.raises(QueryError, match="no entity with id, name or alias 'nobody'"):
        around_slice(sqlite_store, "nobody")
    with pytest.raises(QueryError, match="no finding with id 'x'"):
        finding_slice(sqlite_store, "x")
    with pytest.raises(QueryError, match="no path from 'p-qian' to 'body-brb' within 1 hops"):
        path_slice(sqlite_store, "p-qian", "body-brb", max_hops=1)
