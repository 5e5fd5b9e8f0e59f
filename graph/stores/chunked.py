"""Chunked writes that hold a chunk of records at a time, not the whole input.

A chunked write reads its input three times: once to note the ids (:class:`LoadIds`,
done by the caller; a loader does it while validating), once inside a transaction that
writes nothing to check everything a one-transaction write would check, in the same
order, and once to write chunks of at most N records, entities first. Between the
reads it keeps only what the checks need across records: every entity's type (relations
name entities from anywhere in the load) and the records of the ids that occur more
than once (they merge with each other, so they are checked and written together).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import chain, islice
from typing import Generic, Protocol, TypeVar

from encircle.graph.build import check_references
from encircle.graph.errors import LoadError
from encircle.graph.records import Entity, Relation, merge
from encircle.graph.stores.base import (
    PartialWriteError,
    Progress,
    Store,
    TypesOf,
    WriteSummary,
    WriteTransaction,
    merge_and_put,
)

__all__ = ["InMemory", "LoadIds", "RecordSource", "write_in_chunks"]

R = TypeVar("R", Entity, Relation)


class RecordSource(Protocol):
    """Records that can be read more than once, in the same order every time."""

    def entities(self) -> Iterable[Entity]: ...

    def relations(self) -> Iterable[Relation]: ...


@dataclass
class LoadIds:
    """What a chunked write keeps of its whole input: see the module docstring."""

    entity_types: dict[str, str] = field(default_factory=dict)
    repeated_entities: set[str] = field(default_factory=set)
    repeated_relations: set[str] = field(default_factory=set)
    relations: int = 0  # distinct relation ids, once done()
    records: int = 0  # entity and relation records noted, repeats included
    _relation_ids: set[str] = field(default_factory=set, repr=False)  # only while noting

    def note_entity(self, entity: Entity) -> None:
        self.records += 1
        if entity.id in self.entity_types:
            self.repeated_entities.add(entity.id)
        else:
            self.entity_types[entity.id] = entity.type

    def note_relation(self, relation: Relation) -> None:
        self.records += 1
        if relation.id in self._relation_ids:
            self.repeated_relations.add(relation.id)
        else:
            self._relation_ids.add(relation.id)

    def done(self) -> LoadIds:
        """Drop the relation ids once every record is noted: they are most of the memory."""
        self.relations += len(self._relation_ids)
        self._relation_ids = set()
        return self

    @classmethod
    def of(cls, source: RecordSource) -> LoadIds:
        ids = cls()
        for entity in source.entities():
            ids.note_entity(entity)
        for relation in source.relations():
            ids.note_relation(relation)
        return ids.done()


@dataclass(frozen=True)
class InMemory:
    """Records a caller already holds, as a source."""

    entity_records: Sequence[Entity]
    relation_records: Sequence[Relation]

    def entities(self) -> Iterable[Entity]:
        return self.entity_records

    def relations(self) -> Iterable[Relation]:
        return self.relation_records


@dataclass(frozen=True)
class _Repeated:
    """The records of ids that occur more than once, by id, in input order."""

    entities: dict[str, list[Entity]]
    relations: dict[str, list[Relation]]


def write_in_chunks(
    store: Store, source: RecordSource, ids: LoadIds, progress: Progress | None, size: int
) -> WriteSummary:
    """Check everything in a transaction that writes nothing, then write in chunks of at
    most `size` records: entities, then relations (see :meth:`Store.write`)."""
    if size < 1:
        raise ValueError(f"commit_every must be at least 1, not {size}")
    held = store._in_write_transaction(partial(_check_all, source=source, ids=ids, size=size))
    work = chain(
        (partial(_write_chunk, entities=c, relations=[]) for c in _chunks(source.entities(), held.entities, size)),
        (partial(_write_chunk, entities=[], relations=c) for c in _chunks(source.relations(), held.relations, size)),
    )
    transactions = -(-len(ids.entity_types) // size) + -(-ids.relations // size)
    total = len(ids.entity_types) + ids.relations
    summary = WriteSummary(0, 0, 0, 0)
    for done, chunk in enumerate(work):
        try:
            summary += store._in_write_transaction(partial(chunk, progress=progress, entity_types=ids.entity_types))
        except Exception as error:
            if not done:
                raise  # nothing committed: the error is the whole story
            written = summary.entities + summary.relations
            raise PartialWriteError(done, transactions, written, total, error) from error
    return summary


def _check_all(tx: WriteTransaction, source: RecordSource, ids: LoadIds, size: int) -> _Repeated:
    """Every check of a one-transaction write, in the same order, writing nothing: entity
    merges, then every relation's references, then relation merges; each raises the
    error of the first bad record in input order, as the one transaction would."""
    entities: _Merges[Entity] = _Merges(tx.fetch_entities, ids.repeated_entities)
    for batch in _batches(source.entities(), size):
        conflict = entities.merge(batch)
        if conflict:
            raise conflict
    # References and relation merges in one read: a bad reference anywhere comes first.
    types_of = _types_with(tx, ids.entity_types)
    relations: _Merges[Relation] = _Merges(tx.fetch_relations, ids.repeated_relations)
    first_conflict: LoadError | None = None
    for relation_batch in _batches(source.relations(), size):
        check_references(relation_batch, types_of)
        if first_conflict is None:
            first_conflict = relations.merge(relation_batch)
    if first_conflict:
        raise first_conflict
    return _Repeated(entities.held, relations.held)


class _Merges(Generic[R]):
    """Each record merged onto what came before it: the store's record, or the earlier
    records of its id in the input (kept only for the ids that repeat)."""

    def __init__(self, fetch: Callable[[Sequence[str]], Mapping[str, R]], repeated: set[str]) -> None:
        self.fetch: Callable[[Sequence[str]], Mapping[str, R]] = fetch
        self.repeated = repeated
        self.merged: dict[str, R] = {}
        self.held: dict[str, list[R]] = {}

    def merge(self, batch: Sequence[R]) -> LoadError | None:
        """The error of the first record of `batch` that cannot merge, if any."""
        stored = self.fetch(list(dict.fromkeys(r.id for r in batch if r.id not in self.merged)))
        for record in batch:
            base = self.merged.get(record.id) or stored.get(record.id)
            try:
                result = record if base is None else merge(base, record)
            except LoadError as error:
                return error
            if record.id in self.repeated:
                self.merged[record.id] = result
                self.held.setdefault(record.id, []).append(record)
        return None


def _types_with(tx: WriteTransaction, known: Mapping[str, str]) -> TypesOf:
    """Types from `known` (the load's entities) first, the store's for the other ids."""

    def types_of(ids: set[str]) -> dict[str, str]:
        found = {i: known[i] for i in ids if i in known}
        rest = ids - found.keys()
        return {**found, **tx.entity_types(rest)} if rest else found

    return types_of


def _batches(records: Iterable[R], size: int) -> Iterator[list[R]]:
    """Consecutive records, `size` at a time."""
    it = iter(records)
    while batch := list(islice(it, size)):
        yield batch


def _chunks(records: Iterable[R], held: Mapping[str, list[R]], size: int) -> Iterator[list[R]]:
    """Chunks of at most `size` distinct ids, in order of first occurrence.

    All records of one id fall in one chunk (a repeated id's at its first occurrence, from
    `held`), in input order, so each chunk's merge gives exactly what merging the whole
    input would give for its ids.
    """
    chunk: list[R] = []
    ids = 0
    placed: set[str] = set()  # the repeated ids already in a chunk
    for record in records:
        group = held.get(record.id)
        if group is None:
            chunk.append(record)
        elif record.id in placed:
            continue
        else:
            placed.add(record.id)
            chunk.extend(group)
        ids += 1
        if ids == size:
            yield chunk
            chunk, ids = [], 0
    if chunk:
        yield chunk


def _write_chunk(
    tx: WriteTransaction,
    entities: Sequence[Entity],
    relations: Sequence[Relation],
    progress: Progress | None,
    entity_types: Mapping[str, str],
) -> WriteSummary:
    return merge_and_put(tx, entities, relations, progress, _types_with(tx, entity_types))
