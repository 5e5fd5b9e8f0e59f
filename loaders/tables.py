"""Tables (a CSV file, a worksheet) -> validated records: the rules both formats share.

A table is a header row and data rows, each row with its line (CSV physical line where
the record starts, spreadsheet row number). Header names are stripped, lower-cased and
freed of a UTF-8 BOM; a field's column is its 1-based position in the row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from encircle.graph.build import build_entity, build_relation
from encircle.graph.errors import LoadError
from encircle.graph.records import Entity, Origin, Relation
from encircle.graph.schema import SCHEMA, PropertySpec
from encircle.graph.values import is_blank
from encircle.loaders.bundle import UniqueIds, unknown_fields_warning
from encircle.loaders.limits import MAX_COLUMNS, MAX_WIDTH

__all__ = ["Row", "Table", "header_name", "read_entities", "read_relations", "stream_entities", "stream_relations"]

Row = tuple[int, Sequence[Any]]  # (line, cells)
R = TypeVar("R", Entity, Relation)


@dataclass(frozen=True)
class Table:
    """One table of an input: the file as errors name it (a path, or `book.xlsx[entities]`)
    and its rows as (line, cells), the first non-blank row being the header."""

    file: str  # as errors name it: a path, or "book.xlsx[entities]"
    rows: Iterable[Row]


@dataclass(frozen=True)
class _Header:
    line: int
    columns: dict[str, int]  # field name -> 1-based column
    width: int
    named: frozenset[int]  # the columns that have a name
    complete: bool  # every column up to the width has a name (the usual header)


def header_name(cell: Any) -> str:
    """A header cell as a field name: without a UTF-8 BOM, stripped and lower-cased; '' for
    an empty cell."""
    return "" if cell is None else str(cell).replace("\ufeff", "").strip().lower()


def read_entities(table: Table) -> tuple[list[Entity], tuple[str, ...]]:
    """Entities of a table; a table without a single record is an error."""
    entities, warnings = stream_entities(table)
    return list(entities), warnings


def read_relations(table: Table) -> tuple[list[Relation], tuple[str, ...]]:
    """Relations of a table; a header without rows is fine (a case may have none)."""
    relations, warnings = stream_relations(table)
    return list(relations), warnings


def stream_entities(table: Table, unique_ids: bool = True) -> tuple[Iterator[Entity], tuple[str, ...]]:
    """read_entities one record at a time: header errors and warnings now, row errors as
    the rows are reached, a duplicate id or an empty table at the end (as read_entities).

    `unique_ids=False` skips the duplicate-id check, which holds every id of the table:
    for a table read again after it has been checked.
    """
    return _records(table, SCHEMA.entity_properties, build_entity, "entity", True, unique_ids)


def stream_relations(table: Table, unique_ids: bool = True) -> tuple[Iterator[Relation], tuple[str, ...]]:
    """read_relations one record at a time (see stream_entities)."""
    return _records(table, SCHEMA.relation_properties, build_relation, "relation", False, unique_ids)


def _records(
    table: Table,
    specs: Mapping[str, PropertySpec],
    build: Callable[[Mapping[str, Any], Origin], R],
    noun: str,
    need_rows: bool,
    unique_ids: bool = True,
) -> tuple[Iterator[R], tuple[str, ...]]:
    rows = _non_blank(table.rows)
    header = _header(table.file, next(rows, None), specs)
    warnings = unknown_fields_warning(table.file, (n for n in header.columns if n not in specs))
    ids = UniqueIds(noun) if unique_ids else None
    return _built(table.file, header, rows, build, ids, need_rows), warnings


def _built(
    file: str,
    header: _Header,
    rows: Iterator[Row],
    build: Callable[[Mapping[str, Any], Origin], R],
    ids: UniqueIds | None,
    need_rows: bool,
) -> Iterator[R]:
    count = 0
    for line, cells in rows:
        row = _row(file, header, line, cells)
        origin = Origin(file, line, header.columns)
        record = build(row, origin)
        if ids is not None and not is_blank(row.get("id")):
            ids.add(record.id, origin)
        count += 1
        yield record
    if need_rows and not count:
        raise LoadError("empty file: a header but no records", file, header.line + 1)
    if ids is not None:
        ids.check()


def _non_blank(rows: Iterable[Row]) -> Iterator[Row]:
    # Entirely blank rows (Excel leaves them, people add them for readability) are skipped.
    return ((line, cells) for line, cells in rows if not all(map(is_blank, cells)))


def _header(file: str, first: Row | None, specs: Mapping[str, PropertySpec]) -> _Header:
    if first is None:
        raise LoadError("empty file", file, 1)
    line, cells = first
    _check_width(file, line, cells)
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells, start=1):
        name = header_name(cell)
        if not name:
            continue  # a trailing comma or an unnamed spacer column; values there are caught per row
        if name in columns:
            raise LoadError(f"duplicate column {name!r} (also column {columns[name]})", file, line, index)
        if len(columns) == MAX_COLUMNS:
            # Each column becomes a property key in the store: a header of 100,000 columns
            # kept a Neo4j server busy creating keys long after the client gave up.
            raise LoadError(f"more than {MAX_COLUMNS} named columns: a case table has a few dozen", file, line, index)
        columns[name] = index
    for name, spec in specs.items():
        if spec.required and name not in columns:
            raise LoadError(
                f"missing required column {name!r} (header has: {', '.join(columns)})", file, line, len(cells) + 1
            )
    named = frozenset(columns.values())
    return _Header(line, columns, len(cells), named, complete=len(named) == len(cells))


def _check_width(file: str, line: int, cells: Sequence[Any]) -> None:
    if len(cells) > MAX_WIDTH:
        raise LoadError(f"a row of {len(cells):,} cells (at most {MAX_WIDTH:,})", file, line, MAX_WIDTH + 1)


def _row(file: str, header: _Header, line: int, cells: Sequence[Any]) -> dict[str, Any]:
    if not header.complete or len(cells) > header.width:
        _check_width(file, line, cells)
        _check_unnamed(file, header, line, cells)  # only these rows can have a value in an unnamed column
    if len(cells) < header.width:
        # Short rows are fine: spreadsheets and some CSV writers drop trailing empty cells.
        cells = [*cells, *[None] * (header.width - len(cells))]
    if header.complete:
        return dict(zip(header.columns, cells, strict=False))  # columns 1..width, in order; the rest are blank
    return {name: cells[i - 1] for name, i in header.columns.items()}


def _check_unnamed(file: str, header: _Header, line: int, cells: Sequence[Any]) -> None:
    for index, cell in enumerate(cells, start=1):
        if index not in header.named and not is_blank(cell):
            where = "beyond the last column" if index > header.width else "in a column without a header"
            raise LoadError(f"value {str(cell).strip()!r} {where}", file, line, index)
