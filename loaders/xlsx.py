"""Workbooks: an .xlsx with sheets `entities` and `relations`, laid out like the CSV bundle.

Lines are spreadsheet row numbers and columns are column numbers (A = 1), so an error
points at the cell to fix; errors name the sheet as ``book.xlsx[entities]``. Cells may
hold dates and numbers, which graph/values.py accepts as they are.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from encircle.graph.errors import LoadError
from encircle.loaders.bundle import Bundle
from encircle.loaders.tables import Row, Table, read_entities, read_relations

__all__ = ["is_workbook", "read_workbook"]

SUFFIXES = (".xlsx", ".xlsm")


def is_workbook(path: Path) -> bool:
    """True for a file ending in .xlsx or .xlsm (any case)."""
    return path.is_file() and path.suffix.lower() in SUFFIXES


def read_workbook(path: Path) -> Bundle:
    """The records of a workbook's `entities` and `relations` sheets (sheet names trimmed
    and compared case-insensitively); both sheets must be there."""
    # openpyxl (and the numpy it pulls in) is imported only to read a workbook: half a
    # second of start-up that loading CSV or JSON does not need.
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # data_only: the cached value of a formula cell, not the formula text.
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise LoadError(f"not a readable .xlsx workbook ({error})", str(path)) from None
    try:
        entities, entity_warnings = read_entities(_sheet_table(book, path, "entities"))
        relations, relation_warnings = read_relations(_sheet_table(book, path, "relations"))
    finally:
        book.close()
    return Bundle(tuple(entities), tuple(relations), entity_warnings + relation_warnings)


def _sheet_table(book: Any, path: Path, name: str) -> Table:
    sheets = {title.strip().lower(): title for title in book.sheetnames}
    if name not in sheets:
        raise LoadError(f"workbook has no sheet {name!r} (sheets: {', '.join(book.sheetnames)})", str(path))
    sheet = book[sheets[name]]
    return Table(f"{path}[{sheets[name]}]", _rows(sheet))


def _rows(sheet: Any) -> Iterator[Row]:
    # Workbooks written by other tools often carry a wrong <dimension>; forget it and
    # read the rows that are really there. Rows come numbered from 1, gaps included.
    sheet.reset_dimensions()
    yield from enumerate(sheet.iter_rows(values_only=True), start=1)
