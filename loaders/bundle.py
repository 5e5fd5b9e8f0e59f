"""The result of reading one or more inputs: validated records plus warnings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from encircle.graph.errors import LoadError
from encircle.graph.records import Entity, Origin, Relation

__all__ = ["Bundle", "UniqueIds", "check_unique", "concat", "unknown_fields_warning"]


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
    unique = UniqueIds(noun)
    for record_id, origin in ids:
        unique.add(record_id, origin)
    unique.check()


class UniqueIds:
    """check_unique record by record, for a table read as a stream: keeps each id's first
    line only, and the first duplicate's error for :meth:`check` to raise at the end
    (after every record has been read and built)."""

    def __init__(self, noun: str) -> None:
        self.noun = noun
        self.first_lines: dict[str, int | None] = {}
        self.error: LoadError | None = None

    def add(self, record_id: str, origin: Origin) -> None:
        if self.error is not None:
            return
        if record_id not in self.first_lines:
            self.first_lines[record_id] = origin.line
            return
        self.error = LoadError(
            f"duplicate {self.noun} id {record_id!r} (first on line {self.first_lines[record_id]})",
            origin.file,
            origin.line_of("id"),
            origin.column("id"),
        )

    def check(self) -> None:
        if self.error is not None:
            raise self.error


def unknown_fields_warning(where: str, names: Iterable[str], what: str = "columns") -> tuple[str, ...]:
    """The one warning an input gets for fields outside the contract (kept in `extra`)."""
    names = list(dict.fromkeys(names))
    return (f"{where}: unknown {what} kept as properties: {', '.join(names)}",) if names else ()
