"""The CSV bundle of the input contract: PATH/entities.csv and PATH/relations.csv, UTF-8,
the contract's columns in its order, then one column per extra property (in order of
first appearance). Loading the bundle gives the same records back.

What people added to the case rides beside them, whole history in the order written:
PATH/judgements.csv (`a,b,verdict,author,at,note`: entity-resolution judgements, undos
too; `encircle judgements import` reads it) and PATH/reviews.csv
(`finding,status,author,at,note`: finding reviews). Each is written when the source has
such entries, or (header only) when the folder holds one from an earlier export, so
neither is ever stale. The loader reads only the two record files.

Other files in the folder are left alone; the files are written under temporary names
and renamed together at the end.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from encircle.graph.exports.base import (
    JUDGEMENT,
    REVIEW,
    ExportSummary,
    ExtraKeys,
    Source,
    cell,
    copy_spool,
    ledger_of,
    replacing,
    spool,
    text_file,
)
from encircle.graph.ledger import Entry
from encircle.graph.records import ENTITY_FIELDS, LIST_FIELDS, RELATION_FIELDS, Entity, Relation

__all__ = ["ENTITIES", "JUDGEMENTS", "JUDGEMENT_COLUMNS", "RELATIONS", "REVIEWS", "REVIEW_COLUMNS", "write_csv_bundle"]

ENTITIES = "entities.csv"
RELATIONS = "relations.csv"
JUDGEMENTS = "judgements.csv"
REVIEWS = "reviews.csv"
JUDGEMENT_COLUMNS = ("a", "b", "verdict", "author", "at", "note")
REVIEW_COLUMNS = ("finding", "status", "author", "at", "note")


def write_csv_bundle(source: Source, path: Path) -> ExportSummary:
    """Write `source` as a case bundle folder at `path` (created if missing), with its
    judgements and reviews (see the module docstring)."""
    warnings: list[str] = []
    judgements, reviews = ledger_of(source, JUDGEMENT), ledger_of(source, REVIEW)
    held = ((JUDGEMENTS, judgements), (REVIEWS, reviews))
    ledger = {name: rows for name, rows in held if rows or (path / name).exists()}
    targets = (path / ENTITIES, path / RELATIONS, *(path / name for name in ledger))
    with replacing(*targets) as (entities_temp, relations_temp, *ledger_temps):
        entities = _table(source.entities(), ENTITY_FIELDS, entities_temp, path / ENTITIES, warnings)
        relations = _table(source.relations(), RELATION_FIELDS, relations_temp, path / RELATIONS, warnings)
        for (name, rows), temp in zip(ledger.items(), ledger_temps, strict=True):
            _ledger_table(rows, JUDGEMENT_COLUMNS if name == JUDGEMENTS else REVIEW_COLUMNS, temp)
    return ExportSummary("csv", path, entities, relations, tuple(warnings), len(judgements), len(reviews))


def _ledger_table(entries: Iterable[Entry], columns: tuple[str, ...], temp: Path) -> None:
    """One row per entry, oldest first: the body's fields by column name (`finding` is
    a review's key), then who and when."""
    with text_file(temp) as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for entry in entries:
            values = {**entry.body, "finding": entry.key, "author": entry.author, "at": entry.at}
            writer.writerow([cell(values.get(column)) for column in columns])


def _table(
    records: Iterable[Entity | Relation], fields: tuple[str, ...], temp: Path, target: Path, warnings: list[str]
) -> int:
    """Rows are spooled while the extra columns are found; then the header, then the rows
    (padded to the full width when extra columns appeared)."""
    extras = ExtraKeys()
    lists = [f for f in fields if f in LIST_FIELDS]
    split = 0
    count = 0
    with spool(temp) as body:
        writer = csv.writer(body, lineterminator="\n")
        for record in records:
            extras.add(record)
            row = [cell(getattr(record, f)) for f in fields]
            split += sum(1 for f in lists if any(";" in v for v in getattr(record, f)))
            if record.extra:
                tail = [""] * len(extras.index)
                for key, value in record.extra.items():
                    tail[extras.index[key]] = value
                row += tail
            writer.writerow(row)
            count += 1
        with text_file(temp) as out:
            csv.writer(out, lineterminator="\n").writerow([*fields, *extras.names])
            if extras.names:
                _padded(body, out, len(fields) + len(extras.names))
            else:
                copy_spool(body, out)
    if split:
        warnings.append(f"{target}: {split} list values hold a ';' and will load as several items")
    cased = [name for name in extras.names if name != name.lower()]
    if cased:
        # The loader lower-cases header names (bundles come from many hands).
        warnings.append(f"{target}: extra property names load back in lower case: {', '.join(cased)}")
    return count


def _padded(body: IO[str], out: IO[str], width: int) -> None:
    body.flush()
    body.seek(0)
    writer = csv.writer(out, lineterminator="\n")
    for row in csv.reader(body, strict=True):
        writer.writerow(row + [""] * (width - len(row)))
