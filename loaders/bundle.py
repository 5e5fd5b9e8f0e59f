"""The result of reading one or more inputs: validated records plus warnings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from encircle.graph.errors import ErrorLog, LoadError
from encircle.graph.records import Entity, Origin, Relation
from encircle.graph.schema import SCHEMA

T = TypeVar("T")

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


def read_each(paths: Iterable[T], read: Callable[[T], Bundle]) -> list[Bundle]:
    """`read` of every path, in order; the errors of all of them raised together."""
    errors = ErrorLog()
    bundles = []
    for path in paths:
        with errors.collect():
            bundles.append(read(path))
    errors.raise_any()
    return bundles


def concat(bundles: Iterable[Bundle]) -> Bundle:
    """Several bundles as one, in order: written together they are one transaction."""
    bundles = list(bundles)
    return Bundle(
        tuple(e for b in bundles for e in b.entities),
        tuple(r for b in bundles for r in b.relations),
        tuple(w for b in bundles for w in b.warnings),
    )


def check_unique(ids: Iterable[tuple[str, Origin]], noun: str, log: ErrorLog | None = None) -> None:
    """Ids given explicitly in one input are unique there (the contract's rule); the same
    id in two inputs is the same record and is merged by the store. Every duplicate is
    reported: into `log` when given, else raised together."""
    unique = UniqueIds(noun, log)
    for record_id, origin in ids:
        unique.add(record_id, origin)
    if log is None:
        unique.log.raise_any()


class UniqueIds:
    """check_unique record by record, for a table read as a stream: keeps each id's first
    line only, and adds an error to `log` for every later occurrence."""

    def __init__(self, noun: str, log: ErrorLog | None = None) -> None:
        self.noun = noun
        self.first_lines: dict[str, int | None] = {}
        self.log = ErrorLog() if log is None else log

    def add(self, record_id: str, origin: Origin) -> None:
        if record_id not in self.first_lines:
            self.first_lines[record_id] = origin.line
            return
        self.log.add(
            LoadError(
                f"duplicate {self.noun} id {record_id!r} (first on line {self.first_lines[record_id]})",
                origin.file,
                origin.line_of("id"),
                origin.column("id"),
            )
        )


def unknown_fields_warning(where: str, names: Iterable[str], what: str = "columns") -> tuple[str, ...]:
    """The one warning an input gets for fields outside the contract (kept in `extra`)."""
    names = list(dict.fromkeys(names))
    return (f"{where}: unknown {what} kept as properties: {', '.join(names)}",) if names else ()


Unknown = Counter[tuple[str, str]]  # (field, relation type) -> relations lacking it


def count_unknown(relations: Iterable[Relation], counts: Unknown | None = None) -> Unknown:
    """(field, relation type) -> how many relations lack a fact their type expects (the
    schema's `expects`: a gift's date). Such records load: the fact is unknown, not wrong."""
    counts = Counter() if counts is None else counts
    for relation in relations:
        for name in SCHEMA.relation_types[relation.type].expects:
            if getattr(relation, name) is None:
                counts[name, relation.type] += 1
    return counts


def unknown_note(counts: Mapping[tuple[str, str], int]) -> list[str]:
    """One line per missing fact: `61 relations without a date (unknown): 60 GIFT, 1 APPROVED`."""
    lines = []
    for name in dict.fromkeys(field for field, _ in sorted(counts)):
        by_type = sorted(((n, t) for (f, t), n in counts.items() if f == name), key=lambda p: (-p[0], p[1]))
        total = sum(n for n, _ in by_type)
        what = ", ".join(f"{n:,} {t}" for n, t in by_type)
        lines.append(f"{total:,} relation{'s' if total != 1 else ''} without a {name} (unknown): {what}")
    return lines
