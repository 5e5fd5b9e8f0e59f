"""Workbooks: an .xlsx with sheets `entities` and `relations`, laid out like the CSV bundle.

Lines are spreadsheet row numbers and columns are column numbers (A = 1), so an error
points at the cell to fix; errors name the sheet as ``book.xlsx[entities]``. Cells may
hold dates and numbers, which graph/values.py accepts as they are.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from encircle.graph.errors import LoadError
from encircle.loaders.bundle import Bundle
from encircle.loaders.limits import MAX_CELL
from encircle.loaders.tables import Row, Table, read_entities, read_relations

__all__ = ["is_workbook", "read_workbook"]

SUFFIXES = (".xlsx", ".xlsm")
# openpyxl warns about parts of a workbook it does not read (data validation, broken
# print settings) on stderr; encircle reads cells only, and its output is one line per
# warning or error of its own.
warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.")


def is_workbook(path: Path) -> bool:
    """True for a file ending in .xlsx or .xlsm (any case)."""
    return path.is_file() and path.suffix.lower() in SUFFIXES


def read_workbook(path: Path) -> Bundle:
    """The records of a workbook's `entities` and `relations` sheets (sheet names trimmed
    and compared case-insensitively); both sheets must be there."""
    # openpyxl (and the numpy it pulls in) is imported only to read a workbook: half a
    # second of start-up that loading CSV or JSON does not need.
    import openpyxl

    try:
        # data_only: the cached value of a formula cell, not the formula text.
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except OSError as error:
        raise LoadError(f"cannot read: {error.strerror or error}", str(path)) from None
    except Exception as error:  # any parser error: see _corrupt
        raise _corrupt(error, str(path)) from None
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
    file = f"{path}[{sheets[name]}]"
    try:
        sheet = book[sheets[name]]
    except Exception as error:  # any parser error: see _corrupt
        raise _corrupt(error, file) from None
    return Table(file, _rows(sheet, file))


def _rows(sheet: Any, file: str) -> Iterator[Row]:
    # Workbooks written by other tools often carry a wrong <dimension>; forget it and
    # read the rows that are really there. Rows come numbered from 1, gaps included.
    # A read-only sheet is parsed as it is iterated, so a corrupt one fails here, mid-way.
    # Only openpyxl runs inside this try: the caller's code runs outside the generator.
    line = 0
    try:
        sheet.reset_dimensions()
        for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            _check_cells(cells, file, line)
            yield line, cells
    except LoadError:
        raise
    except Exception as error:  # any parser error: see _corrupt
        raise _corrupt(error, file, line + 1) from None


def _check_cells(cells: tuple[Any, ...], file: str, line: int) -> None:
    for column, cell in enumerate(cells, start=1):
        if isinstance(cell, str) and len(cell) > MAX_CELL:
            raise LoadError(f"a value of {len(cell):,} characters (at most {MAX_CELL:,})", file, line, column)


def _corrupt(error: Exception, file: str, line: int | None = None) -> LoadError:
    """A workbook openpyxl cannot read. Its errors are those of every layer under it (zip,
    zlib, XML, number and date conversion), with no common base class: any of them
    means a corrupt or unsupported file."""
    reason = " ".join(str(error).split())[:200] or "no detail"
    kind = type(error).__name__
    kind = f"{type(error).__module__}.{kind}" if kind == "error" else kind  # zlib.error
    return LoadError(f"not a readable .xlsx workbook ({kind}: {reason})", file, line)
