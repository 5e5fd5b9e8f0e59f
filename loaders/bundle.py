"""The result of reading one or more inputs: validated records plus warnings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from encircle.graph.errors import LoadError
from encircle.graph.records import Entity, Origin, Relation


@dataclass(frozen=True)
class Bundle:
    """Records read from one input (or several, see :func:`concat`), not yet written.

    Warnings are one line each (`file: what was kept or skipped`); nothing in a bundle
    has been checked against a store yet: unknown ids are found when it is written.
    """

    entities: tuple[Entity, ...] = ()
    relations: tuple[Relation, ...] = ()
    warnings: tuple[str, ...] = ()


def concat(bundles: Iterable[Bundle]) -> Bundle:
    """Several bundles as one, in order: written together they are one transaction."""
    bundles = list(bundles)
    return Bundle(
        tuple(e for b in bundles for e in b.entities),
        tuple(r for b in bundles for r in b.relations),
        tuple(w for b in bundles for w in b.warnings),
    )


def check_unique(ids: Iterable[tuple[str, Origin]], noun: str) -> None:
    """Ids given explicitly in one input are unique there (the contract's rule); the same
    id in two inputs is the same record and is merged by the store."""
    seen: dict[str, Origin] = {}
    for record_id, origin in ids:
        first = seen.setdefault(record_id, origin)
        if first is not origin:
            raise duplicate_id(noun, record_id, first.line, origin)


class UniqueIds:
    """check_unique record by record, for a table read as a stream: keeps each id's first
    line only, and the first duplicate's error for :meth:`check` to raise at the end, where
    check_unique raises it (after every record has been read and built)."""

    def __init__(self, noun: str) -> None:
        self.noun = noun
        self.first_lines: dict[str, int | None] = {}
        self.error: LoadError | None = None

    def add(self, record_id: str, origin: Origin) -> None:
        if self.error is not None:
            return
        if record_id in self.first_lines:
            self.error = duplicate_id(self.noun, record_id, self.first_lines[record_id], origin)
        else:
            self.first_lines[record_id] = origin.line

    def check(self) -> None:
        if self.error is not None:
            raise self.error


def duplicate_id(noun: str, record_id: str, first_line: int | None, origin: Origin) -> LoadError:
    return LoadError(
        f"duplicate {noun} id {record_id!r} (first on line {first_line})",
        origin.file,
        origin.line_of("id"),
        origin.column("id"),
    )


def unknown_fields_warning(where: str, names: Iterable[str], what: str = "columns") -> tuple[str, ...]:
    """The one warning an input gets for fields outside the contract (kept in `extra`)."""
    names = list(dict.fromkeys(names))
    return (f"{where}: unknown {what} kept as properties: {', '.join(names)}",) if names else ()
