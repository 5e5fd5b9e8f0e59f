"""What every export shares: the source it reads, the summary it returns, writing through
a temporary name, and how values become text."""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol, runtime_checkable

from encircle.graph.errors import EncircleError
from encircle.graph.ledger import Entry
from encircle.graph.records import Entity, Relation

__all__ = [
    "JUDGEMENT",
    "LEDGER_KINDS",
    "REVIEW",
    "ExportSummary",
    "ExtraKeys",
    "HasLedger",
    "Slice",
    "Source",
    "cell",
    "copy_spool",
    "ledger_of",
    "number",
    "replacing",
    "spool",
    "text_file",
]

# What people added to a case that exports carry, with its history (graph/ledger.py):
# entity-resolution judgements (queries/resolution/judgements.py) and finding reviews
# (queries/reviews.py). Named here: the graph layer does not import the query layer.
JUDGEMENT, REVIEW = "judgement", "review"
LEDGER_KINDS = (JUDGEMENT, REVIEW)


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote; `warnings` say what the format could not hold (one line each)."""

    format: str
    path: Path
    entities: int
    relations: int
    warnings: tuple[str, ...] = ()
    judgements: int = 0  # judgement entries written (undos too)
    reviews: int = 0  # review entries written


class Source(Protocol):
    """What an export reads: a Store, or a Slice of one."""

    def entities(self) -> Iterator[Entity]:
        """Every entity, ordered by id."""
        ...

    def relations(self) -> Iterator[Relation]:
        """Every relation, ordered by id."""
        ...

    def get_entities(self, ids: Sequence[str]) -> dict[str, Entity]: ...


@runtime_checkable
class HasLedger(Protocol):
    """A source that also holds a ledger (a Store, a Slice)."""

    def ledger(self, kind: str, keys: Sequence[str] | None = None) -> list[Entry]:
        """The entries of `kind` (about `keys` only, when given), oldest first."""
        ...


def ledger_of(source: Source, kind: str) -> list[Entry]:
    """The ledger entries of `kind` that `source` carries, oldest first (none for a
    source without a ledger)."""
    return source.ledger(kind) if isinstance(source, HasLedger) else []


class Slice:
    """Part of a case, held in memory: the entities and relations a slice query chose,
    and the ledger entries about them (`ledger`, in the order written)."""

    def __init__(self, entities: Iterable[Entity], relations: Iterable[Relation], ledger: Iterable[Entry] = ()) -> None:
        self._entities = {e.id: e for e in sorted(entities, key=lambda e: e.id)}
        self._relations = tuple(sorted(relations, key=lambda r: r.id))
        self._ledger = tuple(ledger)

    def entities(self) -> Iterator[Entity]:
        return iter(self._entities.values())

    def relations(self) -> Iterator[Relation]:
        return iter(self._relations)

    def get_entities(self, ids: Sequence[str]) -> dict[str, Entity]:
        return {i: self._entities[i] for i in ids if i in self._entities}

    def ledger(self, kind: str, keys: Sequence[str] | None = None) -> list[Entry]:
        """The slice's ledger entries of `kind` (about `keys` only, when given)."""
        wanted = None if keys is None else set(keys)
        return [e for e in self._ledger if e.kind == kind and (wanted is None or e.key in wanted)]


# -- files --------------------------------------------------------------------------------


@contextmanager
def replacing(*targets: Path) -> Iterator[tuple[Path, ...]]:
    """Temporary paths beside `targets`, renamed over them (together, at the end) when the
    block succeeds and deleted when it fails: a reader never sees half an export."""
    for target in targets:
        _make_parent(target)
    temps = tuple(t.with_name(f".{t.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp") for t in targets)
    try:
        yield temps
        for temp, target in zip(temps, targets, strict=True):
            os.replace(temp, target)
    except OSError as error:
        raise EncircleError(f"cannot write {error.filename or targets[0]}: {error.strerror or error}") from None
    finally:
        for temp in temps:
            temp.unlink(missing_ok=True)


def _make_parent(target: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise EncircleError(f"cannot create {target.parent}: {error.strerror or error}") from None
    if target.is_dir():
        raise EncircleError(f"{target} is a folder; give a file name")


def text_file(path: Path) -> IO[str]:
    """A new UTF-8 text file with LF line ends."""
    return path.open("w", encoding="utf-8", newline="")


@contextmanager
def spool(beside: Path) -> Iterator[IO[str]]:
    """An anonymous temporary text file next to `beside` (same disk), deleted on close:
    the body of a format whose header can only be written once every record is seen
    (the extra properties a case carries become declared columns or attributes)."""
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8", newline="", dir=beside.parent) as handle:
        yield handle


def copy_spool(body: IO[str], out: IO[str]) -> None:
    """Everything written to the spool `body` so far, appended to `out`."""
    body.flush()
    body.seek(0)
    shutil.copyfileobj(body, out, 1 << 20)


# -- values -------------------------------------------------------------------------------


def number(value: float | int) -> str:
    """A number as text that parses back to the same value (whole floats without '.0')."""
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def cell(value: Any) -> str:
    """A stored value as one text cell: lists ';'-joined, as the CSV contract has them."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (tuple, list)):
        return ";".join(value)
    if isinstance(value, (int, float)):
        return number(value)
    return str(value)


class ExtraKeys:
    """The extra property names of a stream of records, numbered in order of first sight."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def add(self, record: Entity | Relation) -> None:
        for key in record.extra:
            if key not in self.index:
                self.index[key] = len(self.index)

    @property
    def names(self) -> list[str]:
        return list(self.index)
