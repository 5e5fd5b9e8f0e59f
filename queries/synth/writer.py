"""Streaming CSV bundle writer: rows go to entities.csv and relations.csv as they are made.

Nothing is kept per row but a counter, so a bundle of a million entities costs no more
memory than the world model's id lists. Columns are the DESIGN.md contract, in its order.
"""

from __future__ import annotations

import csv
import datetime as dt
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import IO

from encircle.graph.files import atomic_open, cannot_write
from encircle.graph.schema import SCHEMA

__all__ = ["BundleWriter", "Value", "iso", "month"]

# The contract's columns, in its order: the schema lists them (graph/schema.yaml).
ENTITY_COLUMNS = tuple(SCHEMA.entity_properties)
RELATION_COLUMNS = tuple(SCHEMA.relation_properties)
# Ids say the type, never whether a record is planted: one counter per type for all.
PREFIX = {"Person": "p", "Company": "c", "PublicBody": "b", "Organization": "o"}
Value = str | int | float | None


def iso(day: int) -> str:
    """An ordinal day as YYYY-MM-DD."""
    return dt.date.fromordinal(day).isoformat()


def month(day: int) -> str:
    """An ordinal day as YYYY-MM (a coarse date)."""
    return dt.date.fromordinal(day).isoformat()[:7]


def _cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}" if value != int(value) else str(int(value))
    return str(value)


class BundleWriter:
    """Writes entity and relation rows, handing out ids; use as a context manager."""

    def __init__(self, folder: Path, seed: int) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise cannot_write(folder, error) from None
        self.folder = folder
        self.source = f"synthetic world, seed {seed}"
        # newline="" and "\n" line ends: the same bytes on every platform. Each file
        # replaces the old one only when the world is complete (graph/files.py).
        with ExitStack() as stack:
            self._files: list[IO[str]] = [
                stack.enter_context(atomic_open(folder / name, newline=""))
                for name in ("entities.csv", "relations.csv")
            ]
            self._stack = stack.pop_all()
        self._entities = csv.writer(self._files[0], lineterminator="\n")
        self._relations = csv.writer(self._files[1], lineterminator="\n")
        self._entities.writerow(ENTITY_COLUMNS)
        self._relations.writerow(RELATION_COLUMNS)
        self._counters = dict.fromkeys(PREFIX, 0)
        self.relations = 0

    @property
    def entities(self) -> int:
        return sum(self._counters.values())

    def entity(self, type_: str, name: str, **fields: Value) -> str:
        """Write one entity and return its id. List fields are given ';'-joined."""
        self._counters[type_] += 1
        entity_id = f"{PREFIX[type_]}{self._counters[type_]:07d}"
        row = {"id": entity_id, "type": type_, "name": name, "country": "CN", "source": self.source, **fields}
        self._entities.writerow([_cell(row.get(c)) for c in ENTITY_COLUMNS])
        return entity_id

    def relation(self, type_: str, source: str, target: str, **fields: Value) -> str:
        """Write one relation and return its id."""
        self.relations += 1
        relation_id = f"r{self.relations:08d}"
        row = {"id": relation_id, "type": type_, "source_id": source, "target_id": target, **fields}
        row.setdefault("source", self.source)
        self._relations.writerow([_cell(row.get(c)) for c in RELATION_COLUMNS])
        return relation_id

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> BundleWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._stack.__exit__(kind, error, trace)  # on an error the files are not written
