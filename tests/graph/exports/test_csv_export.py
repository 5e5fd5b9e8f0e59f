"""The CSV bundle export: the input contract, loading back as the same case (records,
stats, findings), written whole or not at all."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from encircle.graph.errors import EncircleError
from encircle.graph.exports import Slice, export
from encircle.graph.records import Entity, Relation
from encircle.graph.stores import Store, open_store
from encircle.loaders import load, read
from encircle.queries.detection import detect

from .conftest import EDGE_ENTITIES, EDGE_RELATIONS, Loader, records


@pytest.mark.parametrize("case", ["demo", "world"])
def test_the_bundle_loads_as_the_same_case(store: Store, load_case: Loader, case: str, tmp_path: Path) -> None:
    load_case(store, case)
    summary = export(store, "csv", tmp_path / "bundle")
    assert sorted(p.name for p in (tmp_path / "bundle").iterdir()) == ["entities.csv", "relations.csv"]
    with open_store(str(tmp_path / "copy.db")) as copy, open_store(str(tmp_path / "original.db")) as original:
        _, bundle = load([tmp_path / "bundle"], copy)
        load_case(original, case)  # findings are compared on one engine, the embedded one
        assert bundle.warnings == summary.warnings == ()
        assert records(copy) == records(store)
        assert copy.stats() == store.stats()
        findings = [f.to_dict() for f in detect(copy)]
        assert findings and findings == [f.to_dict() for f in detect(original)]


def test_columns_are_the_contract_then_the_extras(tmp_path: Path) -> None:
    chosen = Slice(
        [
            Entity("p1", "Person", "Li", aliases=("L", "Lee"), roles=("official",), extra={"备注": "县长"}),
            Entity("p2", "Person", "Wang", extra={"notes 2": 'a,b "c"', "备注": "x"}),
        ],
        [Relation("g1", "GIFT", "p2", "p1", date="2016-03", amount=12000.5, kind="cash", share=0.25)],
    )
    summary = export(chosen, "csv", tmp_path / "b")
    assert (summary.entities, summary.relations) == (2, 1)
    entities = (tmp_path / "b" / "entities.csv").read_text(encoding="utf-8")
    assert entities == (
        "id,type,name,aliases,roles,interests,birth_date,country,registration_number,"
        "blacklisted_from,blacklisted_until,source,备注,notes 2\n"
        "p1,Person,Li,L;Lee,official,,,,,,,,县长,\n"
        'p2,Person,Wang,,,,,,,,,,x,"a,b ""c"""\n'
    )
    relations = (tmp_path / "b" / "relations.csv").read_text(encoding="utf-8")
    assert relations.splitlines()[1] == "g1,GIFT,p2,p1,2016-03,,,12000.5,,cash,,0.25,,,,,,confirmed,"
    assert read(tmp_path / "b").entities == tuple(chosen.entities())


def test_what_a_bundle_cannot_hold_is_said(tmp_path: Path) -> None:
    summary = export(Slice(EDGE_ENTITIES, EDGE_RELATIONS), "csv", tmp_path / "edge")
    assert summary.warnings == (
        f"{tmp_path / 'edge' / 'entities.csv'}: 1 list values hold a ';' and will load as several items",
        f"{tmp_path / 'edge' / 'entities.csv'}: extra property names load back in lower case: Note",
    )
    loaded = {e.id: e for e in read(tmp_path / "edge").entities}
    assert loaded["p-2"].aliases == ("B. B.", "Bo", "Berg")
    assert loaded["p_1"].extra == {"note": "x;y"}
    assert [r for r in read(tmp_path / "edge").relations] == sorted(EDGE_RELATIONS, key=lambda r: r.id)


class _Failing(Slice):
    def relations(self) -> Iterator[Relation]:
        yield from list(super().relations())[:1]
        raise EncircleError("the store went away")


def test_a_failed_export_leaves_the_folder_as_it_was(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "entities.csv").write_text("old\n")
    (folder / "notes.txt").write_text("mine\n")
    with pytest.raises(EncircleError, match="went away"):
        export(_Failing(EDGE_ENTITIES, EDGE_RELATIONS), "csv", folder)
    assert sorted(p.name for p in folder.iterdir()) == ["entities.csv", "notes.txt"]
    assert (folder / "entities.csv").read_text() == "old\n"
    export(Slice(EDGE_ENTITIES, EDGE_RELATIONS), "csv", folder)
    assert sorted(p.name for p in folder.iterdir()) == ["entities.csv", "notes.txt", "relations.csv"]
    with (folder / "relations.csv").open(encoding="utf-8", newline="") as handle:
        assert len(list(csv.reader(handle))) == 1 + len(EDGE_RELATIONS)
