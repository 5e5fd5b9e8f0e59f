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
# The fixed columns. Entity ids are the importer's id space "Entity"; a name key's :ID has
# no name, so it is not stored (it only has to be unique among name keys).
_NODE = ("id:ID(Entity)", ":LABEL")
_NAME = (":ID(EntityName)", ":LABEL")
_RELATIONSHIP = (":START_ID(Entity)", ":END_ID(Entity)", ":TYPE")


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
            props = to_properties(entity)
            del props["id"]  # the :ID column is stored as the property id
            nodes.write(_NODE, [entity.id, labels], props)
            for key in sorted({name_key(n) for n in (entity.name, *entity.aliases)}):
                name_count += 1
                names.write(_NAME, [str(name_count), "EntityName"], {"key": key, "entity_id": entity.id})
            if progress and count % 10_000 == 0:
                progress(10_000)
        for count, relation in enumerate(relations, 1):
            rel_types[relation.type] += 1
            values = [relation.source_id, relation.target_id, relation.type]
            relationships.write(_RELATIONSHIP, values, to_properties(relation))
            if progress and count % 10_000 == 0:
                progress(10_000)
    finally:
        for files in (nodes, relationships, names):
            files.close()
    stats = Stats(sum(types.values()), sum(rel_types.values()), _sorted(types), _sorted(roles), _sorted(rel_types))
    if not nodes.paths:  # no records: the importer still wants a node file (a header alone is none)
        nodes.paths.append(folder / "nodes-0.csv")
        nodes.paths[0].write_text(":ID\n", encoding="utf-8")
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
        self.plans: dict[tuple[Any, ...], _Plan] = {}  # by fixed columns, property keys, value types
        self.handles: list[IO[str]] = []
        self.paths: list[Path] = []
        self.multiline = False

    def write(self, fixed: tuple[str, ...], values: list[str], props: dict[str, Any]) -> None:
        """A row: the `fixed` columns (id and labels, or start, end and type) holding
        `values`, then every property with its type."""
        signature = (fixed, tuple(props), tuple(map(type, props.values())))
        plan = self.plans.get(signature)
        if plan is None:
            plan = self.plans[signature] = self._plan(fixed, props)
        if plan.convert is None:  # every value a string: the usual row, kept cheap
            values.extend(props.values())
        else:
            pairs = zip(plan.convert, props.items(), strict=True)
            values.extend(convert(key, value) for convert, (key, value) in pairs)
        if not self.multiline:
            joined = "".join(values)
            self.multiline = "\n" in joined or "\r" in joined
        # An empty string must be quoted ("") or it reads as no value; quoting every cell
        # of every row would make the files larger and slower to parse.
        (plan.quoted if "" in values else plan.plain).writerow(values)

    def _plan(self, fixed: tuple[str, ...], props: dict[str, Any]) -> _Plan:
        kinds = [_kind(key, value) for key, value in props.items()]
        header = [*fixed, *(f"{key}:{kind}" for key, kind in zip(props, kinds, strict=True))]
        path = self.folder / f"{self.stem}-{len(self.paths) + 1}.csv"
        handle = path.open("w", encoding="utf-8", newline="")
        self.handles.append(handle)
        self.paths.append(path)
        plain = csv.writer(handle, lineterminator="\n")
        plain.writerow(header)
        quoted = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL)
        convert = None if all(k == "string" for k in kinds) else tuple(_CONVERT[k] for k in kinds)
        return _Plan(plain, quoted, convert)

    def close(self) -> None:
        for handle in self.handles:
            handle.close()


@dataclass(frozen=True)
class _Plan:
    """How the rows of one set of typed columns are written."""

    plain: Any  # csv writers (their type is not public)
    quoted: Any  # every cell quoted: for rows holding an empty string
    convert: tuple[Callable[[str, Any], str], ...] | None  # per property; None: all strings


def _kind(key: str, value: Any) -> str:
    """The importer's type of a value the driver would send."""
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):  # before int: a bool is an int to Python
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        return "string[]"
    raise StoreError(f"cannot bulk import the value {value!r} of {key!r}: load without --bulk")


def _string(key: str, value: str) -> str:
    return value


def _boolean(key: str, value: bool) -> str:
    return "true" if value else "false"


def _long(key: str, value: int) -> str:
    return str(value)


def _strings(key: str, value: list[str]) -> str:
    for item in value:
        if ARRAY_DELIMITER in item or not item:
            raise StoreError(
                f"cannot bulk import the value {item!r} of {key!r}: a list item that is empty or holds U+001F "
                "cannot be written for neo4j-admin import; load without --bulk"
            )
    return ARRAY_DELIMITER.join(value)


def _double(key: str, value: float) -> str:
    """repr() reads back as the same double in Java; Java spells the special values."""
    if math.isfinite(value):
        return repr(value)
    return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")


_CONVERT: dict[str, Callable[[str, Any], str]] = {
    "string": _string,
    "boolean": _boolean,
    "long": _long,
    "double": _double,
    "string[]": _strings,
}
