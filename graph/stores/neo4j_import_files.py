"""Neo4j's admin-import CSV files for records: what ``neo4j-admin database import full``
reads to build a database offline (see :mod:`encircle.graph.stores.neo4j_bulk`).

The files hold exactly what the transactional loader writes (stores/neo4j.py): an
``:Entity`` node per entity, labelled by type and roles, with the record's property map
(:func:`~encircle.graph.records.to_properties`); a relationship per relation, typed by
relation type, with its property map; and an ``:EntityName`` node per distinct name key
of each entity. Property types are the ones the driver would send: a ``str`` is a
``string``, a ``float`` a ``double``, an ``int`` a ``long``, a list of strings a
``string[]``.

Records with the same set of properties go to the same file, whose header names just
those columns: every cell of a file holds a value, so an empty string stays an empty
string and an absent property is never written as one (the importer cannot tell an
empty cell from a missing value otherwise).
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from encircle.graph.errors import StoreError
from encircle.graph.records import Entity, Relation, to_properties
from encircle.graph.schema import SCHEMA
from encircle.graph.stores.base import Stats
from encircle.graph.values import name_key

__all__ = ["ARRAY_DELIMITER", "ImportFiles", "write_import_files"]

# List items and labels are joined with U+001F (the "unit separator"): the importer splits
# arrays on one character, and ';' (its default) occurs in names.
ARRAY_DELIMITER = "\x1f"
_ID_SPACE = "Entity"  # the importer's id space for entity ids (:ID(Entity), :START_ID(Entity))
_NEWLINES = ("\n", "\r")


@dataclass(frozen=True)
class ImportFiles:
    """Files written for one import, and what the database must hold after it."""

    folder: Path
    nodes: tuple[Path, ...]
    relationships: tuple[Path, ...]
    multiline: bool  # some value holds a line break: the importer must be told (it is slower then)
    stats: Stats
    names: int  # :EntityName nodes

    def arguments(self) -> list[str]:
        """The options of ``neo4j-admin database import full`` that read these files."""
        return [
            f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}",
            f"--multiline-fields={'true' if self.multiline else 'false'}",
            *(f"--nodes={path}" for path in self.nodes),
            *(f"--relationships={path}" for path in self.relationships),
        ]


def write_import_files(
    folder: Path, entities: Iterable[Entity], relations: Iterable[Relation], progress: Callable[[int], None] | None
) -> ImportFiles:
    """Write the import files of `entities` and `relations` (merged, checked records: one
    per id) into `folder`, which must exist."""
    nodes = _Files(folder, "nodes")
    relationships = _Files(folder, "relationships")
    names = _Files(folder, "names")
    types: Counter[str] = Counter()
    roles: Counter[str] = Counter()
    rel_types: Counter[str] = Counter()
    name_count = 0
    try:
        for count, entity in enumerate(entities, 1):
            types[entity.type] += 1
            roles.update(entity.roles)
            labels = ARRAY_DELIMITER.join(("Entity", *SCHEMA.labels(entity.type, entity.roles)))
            nodes.write("id:ID(Entity)", entity.id, ":LABEL", labels, to_properties(entity), skip="id")
            for key in sorted({name_key(n) for n in (entity.name, *entity.aliases)}):
                name_count += 1
                name = {"key": key, "entity_id": entity.id}
                names.write(":ID(EntityName)", str(name_count), ":LABEL", "EntityName", name)
            if progress and count % 10_000 == 0:
                progress(10_000)
        for count, relation in enumerate(relations, 1):
            rel_types[relation.type] += 1
            ends = (f":START_ID({_ID_SPACE})", relation.source_id, f":END_ID({_ID_SPACE})", relation.target_id)
            relationships.write(*ends, to_properties(relation), rel_type=relation.type)
            if progress and count % 10_000 == 0:
                progress(10_000)
    finally:
        for files in (nodes, relationships, names):
            files.close()
    stats = Stats(sum(types.values()), sum(rel_types.values()), _sorted(types), _sorted(roles), _sorted(rel_types))
    return ImportFiles(
        folder,
        (*nodes.paths, *names.paths),
        tuple(relationships.paths),
        any(f.multiline for f in (nodes, relationships, names)),
        stats,
        name_count,
    )


def _sorted(counts: Counter[str]) -> dict[str, int]:
    return dict(sorted(counts.items()))


class _Files:
    """One CSV file per set of (property, type) columns, each with its own header."""

    def __init__(self, folder: Path, stem: str) -> None:
        self.folder = folder
        self.stem = stem
        self.writers: dict[tuple[str, ...], tuple[Any, Any]] = {}  # plain, every cell quoted
        self.handles: list[IO[str]] = []
        self.paths: list[Path] = []
        self.multiline = False

    def write(
        self,
        first: str,
        first_value: str,
        second: str,
        second_value: str,
        props: dict[str, Any],
        skip: str = "",
        rel_type: str = "",
    ) -> None:
        """A row: two fixed columns (id and labels, or start and end), the relationship
        type when there is one, then every property but `skip` with its type."""
        columns = [first, second, *((":TYPE",) if rel_type else ())]
        row = [first_value, second_value, *((rel_type,) if rel_type else ())]
        for key, value in props.items():
            if key == skip:
                continue
            kind, text = _typed(key, value)
            columns.append(f"{key}:{kind}")
            row.append(text)
        header = tuple(columns)
        writers = self.writers.get(header)
        if writers is None:
            writers = self.writers[header] = self._open(header)
        if not self.multiline and any(n in cell for cell in row for n in _NEWLINES):
            self.multiline = True
        # An empty string must be quoted ("") or it reads as no value; quoting every cell
        # of every row would make the files larger and slower to parse.
        writers["" in row].writerow(row)

    def _open(self, header: tuple[str, ...]) -> tuple[Any, Any]:
        path = self.folder / f"{self.stem}-{len(self.paths) + 1}.csv"
        handle = path.open("w", encoding="utf-8", newline="")
        self.handles.append(handle)
        self.paths.append(path)
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        return (writer, csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL))

    def close(self) -> None:
        for handle in self.handles:
            handle.close()


def _typed(key: str, value: Any) -> tuple[str, str]:
    """The importer's type of a value the driver would send, and its text in a cell."""
    if isinstance(value, str):
        return "string", value
    if isinstance(value, bool):  # before int: a bool is an int to Python
        return "boolean", "true" if value else "false"
    if isinstance(value, int):
        return "long", str(value)
    if isinstance(value, float):
        return "double", _double(value)
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        for item in value:
            if ARRAY_DELIMITER in item or not item:
                raise StoreError(
                    f"cannot bulk import the value {item!r} of {key!r}: a list item that is empty or holds U+001F "
                    "cannot be written for neo4j-admin import; load without --bulk"
                )
        return "string[]", ARRAY_DELIMITER.join(value)
    raise StoreError(f"cannot bulk import the value {value!r} of {key!r}: load without --bulk")


def _double(value: float) -> str:
    """repr() reads back as the same double in Java; Java spells the special values."""
    if math.isfinite(value):
        return repr(value)
    return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
