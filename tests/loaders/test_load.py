"""read / read_all / load: dispatch, one transaction per load, idempotence, merging."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from encircle.graph.errors import LoadError
from encircle.graph.records import Entity, Relation
from encircle.graph.stores import Store
from encircle.loaders import Bundle, load, read, read_all


def _snapshot(store: Store) -> tuple[Any, list[Entity], list[Relation]]:
    return store.stats(), list(store.entities()), list(store.relations())


def _load_error(paths: list[Path], store: Store) -> str:
    with pytest.raises(LoadError) as caught:
        load(paths, store)
    return str(caught.value)


def test_load_writes_the_bundle(
    fixtures: Path, sqlite_store: Store, case_a: tuple[tuple[Entity, ...], tuple[Relation, ...]]
) -> None:
    summary, bundle = load([fixtures / "csv" / "case-a"], sqlite_store)
    assert (summary.entities, summary.relations, summary.new_entities, summary.new_relations) == (6, 5, 6, 5)
    assert bundle == read(fixtures / "csv" / "case-a")
    entities, relations = case_a
    assert list(sqlite_store.entities()) == sorted(entities, key=lambda e: e.id)
    assert list(sqlite_store.relations()) == sorted(relations, key=lambda r: r.id)


def test_progress_is_reported(fixtures: Path, sqlite_store: Store) -> None:
    steps: list[int] = []
    load([fixtures / "csv" / "case-a"], sqlite_store, steps.append)
    assert sum(steps) == 11


def test_unknown_entity_id_names_the_cell_and_writes_nothing(fixtures: Path, write_bundle, sqlite_store: Store) -> None:
    load([fixtures / "csv" / "case-a"], sqlite_store)
    before = _snapshot(sqlite_store)
    folder = write_bundle("case", "p9,Person,赵六,,,j2\n", "r9,GIFT,p9,p1,2017,100,j2\nr10,GIFT,p9,px,2017,100,j2\n")
    assert _load_error([folder], sqlite_store) == "case/relations.csv:3:4: unknown entity id 'px'"
    assert _snapshot(sqlite_store) == before


def test_ids_already_in_the_store_are_known(fixtures: Path, write_bundle, sqlite_store: Store) -> None:
    load([fixtures / "csv" / "case-a"], sqlite_store)
    folder = write_bundle("case", "p9,Person,赵六,,,j2\n", "r9,GIFT,p9,p1,2017,100,j2\n")
    summary, _ = load([folder], sqlite_store)
    assert (summary.new_entities, summary.new_relations) == (1, 1)


def test_wrong_direction(write_bundle, sqlite_store: Store) -> None:
    folder = write_bundle(
        "case",
        "id,type,name\np1,Person,李明\nc1,Company,华信\n",
        "type,source_id,target_id,date\nAPPROVED,c1,p1,2016-03\n",
        header=False,
    )
    assert _load_error([folder], sqlite_store) == (
        "case/relations.csv:2:2: APPROVED source_id must be a Person or PublicBody; 'c1' is a Company"
    )
    assert sqlite_store.is_empty()


def test_several_bundles_are_one_transaction(store: Store, fixtures: Path, write_bundle) -> None:
    bad = write_bundle("bad", "p9,Person,赵六,,,j2\n", "r9,GIFT,p9,nobody,2017,100,j2\n")
    assert _load_error([fixtures / "csv" / "case-a", bad], store) == "bad/relations.csv:2:4: unknown entity id 'nobody'"
    assert store.is_empty()


def test_loading_twice_changes_nothing(store: Store, fixtures: Path) -> None:
    inputs = [fixtures / "csv" / "case-a", fixtures / "csv" / "case-b", fixtures / "ftm" / "small.ftm.jsonl"]
    load(inputs, store)
    first = _snapshot(store)
    summary, _ = load(inputs, store)
    assert (summary.new_entities, summary.new_relations) == (0, 0)
    assert _snapshot(store) == first


def test_the_same_case_in_every_format_is_one_case(store: Store, fixtures: Path) -> None:
    load([fixtures / "csv" / "case-a"], store)
    first = _snapshot(store)
    load([fixtures / "xlsx" / "case.xlsx"], store)
    assert _snapshot(store) == first


def test_same_id_in_two_bundles_is_one_entity(sqlite_store: Store, fixtures: Path) -> None:
    load([fixtures / "csv" / "case-a", fixtures / "csv" / "case-b"], sqlite_store)
    p1 = sqlite_store.get_entities(["p1"])["p1"]
    # Lists are united, a new value replaces a scalar, an empty one keeps the old value.
    assert p1 == replace(read(fixtures / "csv" / "case-a").entities[0], source="judgment-2")
    assert sqlite_store.stats().entities == 7


def test_read_all_concatenates_in_order(fixtures: Path) -> None:
    a, b = read(fixtures / "csv" / "case-a"), read(fixtures / "csv" / "case-b")
    assert read_all([fixtures / "csv" / "case-a", fixtures / "csv" / "case-b"]) == Bundle(
        a.entities + b.entities, a.relations + b.relations, a.warnings + b.warnings
    )
    assert read_all([]) == Bundle()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing", "missing: no such file or folder"),
        (
            "notes.txt",
            "notes.txt: unsupported input; expected a case bundle folder (entities.csv + relations.csv), an .xlsx "
            "workbook, a .json/.yaml case file or a FollowTheMoney .jsonl stream",
        ),
        (
            "entities.csv",
            "entities.csv: give the folder holding entities.csv and relations.csv, not one CSV file; expected a case "
            "bundle folder (entities.csv + relations.csv), an .xlsx workbook, a .json/.yaml case file or a "
            "FollowTheMoney .jsonl stream",
        ),
        (
            "empty-folder",
            "empty-folder: folder has no entities.csv; expected a case bundle folder (entities.csv + relations.csv), "
            "an .xlsx workbook, a .json/.yaml case file or a FollowTheMoney .jsonl stream",
        ),
    ],
)
def test_unsupported_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path("notes.txt").write_text("hello\n")
    Path("entities.csv").write_text("id,type,name\n")
    Path("empty-folder").mkdir()
    with pytest.raises(LoadError) as caught:
        read(name)
    assert str(caught.value) == message
