"""Inputs read record by record, for chunked loads.

:func:`stream` reads every input once, checking it exactly as :func:`read_all` does (the
same first error, file:line:col) while noting only the ids a chunked write needs across
records (:class:`~encircle.graph.stores.chunked.LoadIds`). The chunked write then reads
the inputs again for each of its passes, so a CSV bundle is never held whole: memory
goes with the number of ids, not with the records.

Other formats (workbooks, case files, FtM streams) are read whole and held, as for a
one-transaction load: they are the small inputs. A file that changes between two reads
is an error; the files must stay as they are until the load is done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TypeVar

from encircle.graph.errors import LoadError
from encircle.graph.records import Entity, Relation
from encircle.graph.stores.chunked import LoadIds
from encircle.loaders.bundle import Bundle
from encircle.loaders.csv_bundle import bundle_files, csv_table, read_csv_bundle
from encircle.loaders.registry import reader_for
from encircle.loaders.tables import Table, stream_entities, stream_relations

__all__ = ["StreamedInputs", "stream"]

R = TypeVar("R", Entity, Relation)


class _CsvBundle:
    """A bundle folder, read again from its files at every pass."""

    def __init__(self, folder: Path) -> None:
        self.entities_csv, self.relations_csv = bundle_files(folder)
        self.stamps: dict[Path, tuple[int, int]] = {}  # (size, mtime) at the first read
        self.warnings: tuple[str, ...] = ()

    def entities(self) -> Iterator[Entity]:
        return self._read(self.entities_csv, stream_entities)

    def relations(self) -> Iterator[Relation]:
        return self._read(self.relations_csv, stream_relations)

    def _read(self, path: Path, records: Callable[[Table, bool], tuple[Iterator[R], tuple[str, ...]]]) -> Iterator[R]:
        first = path not in self.stamps
        stamp = _stamp(path)
        if self.stamps.setdefault(path, stamp) != stamp:
            raise LoadError("changed while it was being loaded; load it again", str(path))
        # Read again, a file has passed the duplicate-id check, which holds all its ids.
        found, warnings = records(csv_table(path), first)
        if first:
            self.warnings += warnings
        return found


@dataclass(frozen=True)
class _WholeInput:
    """An input read whole (not a bundle folder)."""

    bundle: Bundle

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.bundle.warnings

    def entities(self) -> Iterable[Entity]:
        return self.bundle.entities

    def relations(self) -> Iterable[Relation]:
        return self.bundle.relations


@dataclass(frozen=True)
class StreamedInputs:
    """Checked inputs, read again on every call of :meth:`entities` and :meth:`relations`
    (all inputs' entities, in input order, then all their relations)."""

    parts: tuple[_CsvBundle | _WholeInput, ...]
    ids: LoadIds

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(w for part in self.parts for w in part.warnings)

    def entities(self) -> Iterator[Entity]:
        return chain.from_iterable(part.entities() for part in self.parts)

    def relations(self) -> Iterator[Relation]:
        return chain.from_iterable(part.relations() for part in self.parts)


def stream(paths: Iterable[str | Path]) -> StreamedInputs:
    """Read and check every input once, in order, as read_all does, keeping only ids."""
    parts: list[_CsvBundle | _WholeInput] = []
    ids = LoadIds()
    for path in map(Path, paths):
        reader = reader_for(path)
        part = _CsvBundle(path) if reader is read_csv_bundle else _WholeInput(reader(path))
        for entity in part.entities():
            ids.note_entity(entity)
        for relation in part.relations():
            ids.note_relation(relation)
        parts.append(part)
    return StreamedInputs(tuple(parts), ids.done())


def _stamp(path: Path) -> tuple[int, int]:
    try:
        status = path.stat()
    except OSError as error:
        raise LoadError(f"cannot read: {error.strerror}", str(path)) from None
    return status.st_size, status.st_mtime_ns
