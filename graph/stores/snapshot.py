"""A compact copy of the embedded store's records, for reading a whole case back fast.

Detection reads every record of a case into memory. From the rows themselves that is one
JSON document per record to decode and a record to build from it, field by field: about
5 s at 100,000 entities and 300,000 relations, more than the detectors take. So the
SQLite store also keeps the records as marshal-encoded tuples of their field values, in
chunks of `CHUNK` records (table ``snapshot``). Reading them back is `marshal.loads`
(C speed; interned strings stay shared) and one generated constructor call per record.
A relation's ends are kept as positions in the list of entity ids (ends that are no
entity's id follow the entities, in row kind ``endpoint``). Kept as strings, each chunk
interned them again, looking every one up in the interpreter's table of interned
strings, and at a million entities that table is large enough to cost a cache miss per
end: reading the 1M / 5M case took 18.8 s, now 11.8.
It also keeps the store's counts (`Stats`, table row kind ``stats``): counted in SQL
they read every row of both tables, and every report and `encircle stats` asks for them.

Validity: triggers on the entity and relation tables (sqlite.sql) empty the snapshot on
any insert, update or delete, whoever makes it, so a snapshot is never older than the
rows. It is written by the first whole read after a change (`read_case`), in the same
transaction as that read, and only if nothing was written in between; a store opened
read-only, or busy, just skips writing it. A snapshot written with another record layout
(a newer or older encircle) is ignored and rebuilt. Store files from before the
snapshot get the table and triggers when opened, like any schema upgrade in sqlite.sql.
"""

from __future__ import annotations

import marshal
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from encircle.graph.records import EMPTY, ENTITY_FIELDS, RELATION_FIELDS, Entity, Relation
from encircle.graph.stores.base import Stats

__all__ = ["CHUNK", "LAYOUT", "pack", "read", "read_stats", "unpack", "write"]

CHUNK = 50_000  # records per row: one chunk's bytes in memory at a time
# What a tuple's positions mean, that the counts are kept and that a relation's ends are
# positions (a snapshot from before either is rebuilt once).
LAYOUT = marshal.dumps((ENTITY_FIELDS, RELATION_FIELDS, "stats", "endpoint"))
ENDS = ("source_id", "target_id")  # the relation fields kept as positions
R = TypeVar("R", Entity, Relation)


def _constructor(cls: type[R], names: Sequence[str], ids: Sequence[str] = ()) -> Callable[[tuple[Any, ...]], R]:
    """A function building a record of `cls` from a tuple of `names`' values plus `extra`
    (or None), at about a microsecond a record; the fields in `ENDS` hold positions in
    `ids`.

    A frozen dataclass can only be filled through object.__setattr__ or its slots'
    descriptors, one call per field (its own __init__ does that: three times the time of
    everything else in a read). So the record is filled as an instance of a plain twin
    class with the very same slots, in one unpacking assignment, and then becomes a
    `cls`: CPython allows __class__ assignment between classes of the same layout. The
    code is generated from the dataclass's fields, as dataclasses generates __init__.
    """
    twin = type(f"_{cls.__name__}Slots", (), {"__slots__": cls.__slots__})
    targets = ", ".join(f"_{name}" if name in ENDS else f"o.{name}" for name in names)
    ends = "".join(f"    o.{name} = ids[_{name}]\n" for name in names if name in ENDS)
    source = (
        "def build(t, new=object.__new__, twin=twin, cls=cls, EMPTY=EMPTY, ids=ids):\n"
        "    o = new(twin)\n"
        f"    {targets}, extra = t\n"
        f"{ends}"
        "    o.extra = extra or EMPTY\n"
        "    o.origin = None\n"
        "    o.__class__ = cls\n"
        "    return o\n"
    )
    scope: dict[str, Any] = {"twin": twin, "cls": cls, "EMPTY": EMPTY, "ids": ids}
    exec(source, scope)  # our own text, built from the dataclass fields
    built: Callable[[tuple[Any, ...]], R] = scope["build"]
    return built


_BUILD_ENTITY = _constructor(Entity, ENTITY_FIELDS)


def pack(
    records: Iterable[Entity | Relation], names: Sequence[str], at: Callable[[str], int] | None = None
) -> Iterator[bytes]:
    """Records as marshal chunks of CHUNK tuples of their `names`' values and `extra`;
    with `at`, the fields in `ENDS` become `at(value)`."""
    ends = [i for i, name in enumerate(names) if name in ENDS] if at else []
    chunk: list[tuple[Any, ...]] = []
    for record in records:
        values = [getattr(record, name) for name in names]
        for i in ends:
            values[i] = at(values[i])  # type: ignore[misc]  # ends is empty without `at`
        chunk.append((*values, dict(record.extra) if record.extra else None))
        if len(chunk) == CHUNK:
            yield marshal.dumps(chunk)
            chunk = []
    if chunk:
        yield marshal.dumps(chunk)


def unpack(chunks: Iterable[bytes], build: Callable[[tuple[Any, ...]], R]) -> list[R]:
    """The records of `pack`'s chunks, in order, made by `build`."""
    records: list[R] = []
    for data in chunks:
        records += map(build, marshal.loads(data))
    return records


def read(conn: sqlite3.Connection) -> tuple[list[Entity], list[Relation]] | None:
    """The snapshot's entities and relations, or None when there is none (or of another
    layout)."""
    rows = conn.execute("SELECT kind, data FROM snapshot ORDER BY kind, part").fetchall()
    chunks: dict[str, list[bytes]] = {"layout": [], "entity": [], "relation": [], "endpoint": []}  # and "stats"
    for kind, data in rows:
        chunks.setdefault(kind, []).append(data)
    if chunks["layout"] != [LAYOUT]:
        return None
    entities = unpack(chunks["entity"], _BUILD_ENTITY)
    ids = [e.id for e in entities]
    for data in chunks["endpoint"]:
        ids += marshal.loads(data)
    return entities, unpack(chunks["relation"], _constructor(Relation, RELATION_FIELDS, ids))


def read_stats(conn: sqlite3.Connection) -> Stats | None:
    """The counts kept with the snapshot, or None when there is none (or of another
    layout). Counting in SQL reads every row of both tables: 0.3 s at 100k."""
    found = dict(conn.execute("SELECT kind, data FROM snapshot WHERE kind IN ('layout', 'stats') AND part = 0"))
    if found.get("layout") != LAYOUT or "stats" not in found:
        return None
    return Stats(*marshal.loads(found["stats"]))


def write(conn: sqlite3.Connection, entities: Sequence[Entity], relations: Sequence[Relation]) -> None:
    """Replace the snapshot (inside the caller's transaction), with the store's counts."""
    conn.execute("DELETE FROM snapshot")
    stats = Stats.of(entities, relations)
    counts = (stats.entities, stats.relations, stats.entity_types, stats.roles, stats.relation_types)
    rows: list[tuple[str, int, bytes]] = [("layout", 0, LAYOUT), ("stats", 0, marshal.dumps(counts))]
    rows += [("entity", part, data) for part, data in enumerate(pack(entities, ENTITY_FIELDS))]
    positions = {e.id: i for i, e in enumerate(entities)}
    strays: list[str] = []  # ends that are no entity's id, numbered after the entities

    def at(end: str) -> int:
        found = positions.get(end)
        if found is None:
            found = positions[end] = len(positions)
            strays.append(end)
        return found

    rows += [("relation", part, data) for part, data in enumerate(pack(relations, RELATION_FIELDS, at))]
    rows.append(("endpoint", 0, marshal.dumps(strays)))
    conn.executemany("INSERT INTO snapshot (kind, part, data) VALUES (?, ?, ?)", rows)
