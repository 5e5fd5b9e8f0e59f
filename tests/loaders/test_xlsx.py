"""Workbooks: the same contract as the CSV bundle, with spreadsheet cell types."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from encircle.graph.errors import LoadError
from encircle.graph.records import Entity, Relation
from encircle.loaders import Bundle, read


def _book(path: Path, entities: list[list[object]], relations: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "entities"
    for row in entities:
        book.active.append(row)
    sheet = book.create_sheet("relations")
    for row in relations:
        sheet.append(row)
    book.save(path)
    return path


def _error(path: Path) -> str:
    with pytest.raises(LoadError) as caught:
        read(path)
    return str(caught.value)


def test_fixture_workbook_gives_the_csv_records(
    fixtures: Path, case_a: tuple[tuple[Entity, ...], tuple[Relation, ...]]
) -> None:
    assert read(fixtures / "xlsx" / "case.xlsx") == Bundle(*case_a, warnings=())


def test_lines_are_row_numbers_and_files_name_the_sheet(fixtures: Path) -> None:
    company = read(fixtures / "xlsx" / "case.xlsx").entities[3]
    assert company.origin is not None
    assert (company.origin.file, company.origin.line) == (f"{fixtures / 'xlsx' / 'case.xlsx'}[Entities]", 6)


def test_cell_types(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "book.xlsx",
        [
            ["id", "type", "name", "birth_date"],
            [1001, "Person", "李明", dt.datetime(1962, 5, 1)],
            [1002.0, "Person", "王芳", 1965],
        ],
        [["type", "source_id", "target_id", "date", "amount"], ["GIFT", 1001, 1002, dt.date(2016, 3, 5), 12000.5]],
    )
    bundle = read(path)
    assert bundle.entities == (
        Entity("1001", "Person", "李明", birth_date="1962-05-01"),
        Entity("1002", "Person", "王芳", birth_date="1965"),
    )
    assert [(r.source_id, r.target_id, r.date, r.amount) for r in bundle.relations] == [
        ("1001", "1002", "2016-03-05", 12000.5)
    ]


def test_errors_name_sheet_row_and_column(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = _book(
        Path("book.xlsx"),
        [["id", "type", "name"], ["p1", "Person", "李明"], ["c1", "Company", "华信"]],
        [["type", "source_id", "target_id", "date", "amount"], [], ["GIFT", "c1", "p1", "2016-3-5", 1]],
    )
    assert _error(path) == ("book.xlsx[relations]:3:4: malformed date '2016-3-5': expected YYYY, YYYY-MM or YYYY-MM-DD")


def test_unknown_columns_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = _book(
        Path("book.xlsx"),
        [["id", "type", "name", "备注"], ["p1", "Person", "李明", "老乡"]],
        [["type", "source_id", "target_id"]],
    )
    bundle = read(path)
    assert bundle.entities == (Entity("p1", "Person", "李明", extra={"备注": "老乡"}),)
    assert bundle.warnings == ("book.xlsx[entities]: unknown columns kept as properties: 备注",)


def test_missing_sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    book = openpyxl.Workbook()
    book.active.title = "Entities"
    book.active.append(["id", "type", "name"])
    book.active.append(["p1", "Person", "李明"])
    book.save("book.xlsx")
    assert _error(Path("book.xlsx")) == "book.xlsx: workbook has no sheet 'relations' (sheets: Entities)"


def test_missing_entities_sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    book.save("book.xlsx")
    assert _error(Path("book.xlsx")) == "book.xlsx: workbook has no sheet 'entities' (sheets: Sheet1)"


def test_empty_sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = _book(Path("book.xlsx"), [], [["type", "source_id", "target_id"]])
    assert _error(path) == "book.xlsx[entities]:1: empty file"


def test_not_a_workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("book.xlsx").write_text("id,type,name\n")
    assert _error(Path("book.xlsx")) == "book.xlsx: not a readable .xlsx workbook (BadZipFile: File is not a zip file)"
