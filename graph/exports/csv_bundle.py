"""The CSV bundle of the input contract: PATH/entities.csv and PATH/relations.csv, UTF-8,
the contract's columns in its order, then one column per extra property (in order of
first appearance). Loading the bundle gives the same records back.

Other files in the folder are left alone; the two files are written under temporary
names and renamed together at the end.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from encircle.graph.exports.base import ExportSummary, ExtraKeys, Source, cell, copy_spool, replacing, spool, text_file
from encircle.graph.records import ENTITY_FIELDS, LIST_FIELDS, RELATION_FIELDS, Entity, Relation

__all__ = ["ENTITIES", "RELATIONS", "write_csv_bundle"]

ENTITIES = "entities.csv"
RELATIONS = "relations.csv"


def write_csv_bundle(source: Source, path: Path) -> ExportSummary:
    """Write `source` as a case bundle folder at `path` (created if missing)."""
    warnings: list[str] = []
    with replacing(path / ENTITIES, path / RELATIONS) as (entities_temp, relations_temp):
        entities = _table(source.entities(), ENTITY_FIELDS, entities_temp, path / ENTITIES, warnings)
        relations = _table(source.relations(), RELATION_FIELDS, relations_temp, path / RELATIONS, warnings)
    return ExportSummary("csv", path, entities, relations, tuple(warnings))


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
