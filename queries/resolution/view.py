"""The store as the judgements resolve it: one canonical entity for each group judged
the same, read-side only. Nothing stored changes, so an undo restores the split at once.

`resolved(store)` answers the Store read methods with:

- each group as one entity under its canonical id (canonical.py): the canonical
  record's fields, every member's names as aliases, roles and interests united, empty
  identifiers filled from the other members, and extra properties `same_as` (the other
  members' ids, `;`-separated) and `same_as_judged` (who judged each, and when);
- every relation with its endpoints (and `body_id`, `excluded`) rewritten to canonical
  ids; a rewritten endpoint keeps its original id in the extra property
  `origin_source_id` / `origin_target_id`, and `origin_source_label` /
  `origin_target_label` say "Earthcott Ltd (co-2; same as Earthcott Limited, judged by ana
  on 2025-01-02)" for the evidence; a relation between two members of one group (now a
  loop) is left out of the view.

Paths, neighbours, detectors (CaseIndex.of reads entities() and relations()), groups,
brokers, views and the report all read through these methods, so they see one entity.
On Neo4j the view is not a Neo4jStore: queries over it run the embedded engines (the
server-side Cypher reads the stored nodes, which stay apart); without a "same"
judgement `resolved()` returns the store itself and nothing changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from functools import cached_property
from typing import TypeVar

from encircle.graph.errors import StoreError
from encircle.graph.ledger import Entry
from encircle.graph.records import Entity, Relation
from encircle.graph.stores import Stats, Store
from encircle.graph.stores.base import Direction, WriteTransaction, check_adjacency
from encircle.queries.resolution.canonical import Resolution

__all__ = ["ResolvedStore", "resolved"]

T = TypeVar("T")


def resolved(store: Store, resolution: Resolution | None = None) -> Store:
    """`store` seen through its judgements: a ResolvedStore when some entities were
    judged the same, else `store` itself."""
    if isinstance(store, ResolvedStore):
        return store
    resolution = Resolution.of(store) if resolution is None else resolution
    return ResolvedStore(store, resolution) if resolution else store


class ResolvedStore(Store):
    """A read-only view of `inner` with each group of same entities as one (see the module
    docstring). Writes go to the store itself; the ledger is the store's."""

    def __init__(self, inner: Store, resolution: Resolution) -> None:
        self.inner = inner
        self.resolution = resolution
        self.location = inner.location
        members = sorted({m for group in resolution.groups.values() for m in group})
        records = inner.get_entities(members)
        self.merged = {canonical: _merge(records, group, resolution) for canonical, group in resolution.groups.items()}
        self.labels = {m: _label(records, m, resolution) for m in members if resolution.canonical_of(m) != m}

    def _in_write_transaction(self, work: Callable[[WriteTransaction], T]) -> T:
        raise StoreError("a resolved view is read-only: write to the store itself")

    def canonical_of(self, entity_id: str) -> str:
        return self.resolution.canonical_of(entity_id)

    def _entity(self, entity: Entity) -> Entity | None:
        """The view's entity for a stored one: None for a member that is not canonical."""
        canonical = self.resolution.canonical.get(entity.id)
        if canonical is None:
            return entity
        return self.merged[canonical] if canonical == entity.id else None

    def entities(self) -> Iterator[Entity]:
        return self._entities(self.inner.entities())

    def relations(self) -> Iterator[Relation]:
        return self._relations(self.inner.relations())

    def read_case(self) -> tuple[list[Entity], list[Relation]]:
        # From the store's own whole read (the SQLite snapshot), resolved in memory.
        entities, relations = self.inner.read_case()
        return list(self._entities(entities)), list(self._relations(relations))

    def _entities(self, stored: Iterable[Entity]) -> Iterator[Entity]:
        for entity in stored:
            seen = self._entity(entity)
            if seen is not None:
                yield seen

    def _relations(self, stored: Iterable[Relation]) -> Iterator[Relation]:
        canonical = self.resolution.canonical
        for relation in stored:
            if relation.source_id in canonical or relation.target_id in canonical or relation.body_id in canonical:
                rewritten = self.relation(relation)
                if rewritten is not None:
                    yield rewritten
            elif relation.excluded and any(e in canonical for e in relation.excluded):
                yield replace(relation, excluded=tuple(dict.fromkeys(map(self.canonical_of, relation.excluded))))
            else:
                yield relation

    def relation(self, relation: Relation) -> Relation | None:
        """`relation` with canonical endpoints; None when both ends are one entity."""
        source, target = self.canonical_of(relation.source_id), self.canonical_of(relation.target_id)
        if source == target:
            return None
        extra = dict(relation.extra)
        for end, original, now in (("source", relation.source_id, source), ("target", relation.target_id, target)):
            if original != now:
                extra[f"origin_{end}_id"] = original
                extra[f"origin_{end}_label"] = self.labels[original]
        return replace(
            relation,
            source_id=source,
            target_id=target,
            body_id=self.canonical_of(relation.body_id) if relation.body_id else None,
            excluded=tuple(dict.fromkeys(map(self.canonical_of, relation.excluded))),
            extra=extra,
        )

    def get_entities(self, ids: Sequence[str]) -> dict[str, Entity]:
        """By the ids asked: a merged record's id answers its entity (under the canonical id)."""
        wanted = list(dict.fromkeys(self.canonical_of(i) for i in ids))
        found = self.inner.get_entities(wanted)
        result = {}
        for asked in ids:
            entity = found.get(self.canonical_of(asked))
            if entity is not None:
                seen = self._entity(entity)
                if seen is not None:
                    result[asked] = seen
        return result

    def get_relations(self, ids: Sequence[str]) -> dict[str, Relation]:
        """Relations keep their ids; one between two records of one entity is not in the view."""
        return {r.id: r for r in self._relations(self.inner.get_relations(ids).values())}

    def _stored(self, ids: Sequence[str]) -> list[str]:
        """The stored ids that view ids stand for: an entity's every record."""
        members = (m for i in ids for m in self.resolution.groups.get(self.canonical_of(i), (i,)))
        return list(dict.fromkeys(members))

    def adjacent(self, ids: Sequence[str], types: Sequence[str] = (), direction: Direction = "both") -> list[Relation]:
        """The relations of the entities `ids` (a merged record's id stands for its entity):
        every record's relations, rewritten, by id."""
        return list(self._relations(self.inner.adjacent(self._stored(ids), types, direction)))

    def degrees(self, ids: Sequence[str], types: Sequence[str] = (), direction: Direction = "both") -> dict[str, int]:
        """Each id's entity's relations: its records' degrees added up, less the relations
        between two of them (left out of the view), from the store's indexes."""
        stored = self.inner.degrees(self._stored(ids), types, direction)
        wanted = set(check_adjacency(types, direction))
        ends = 2 if direction == "both" else 1  # a relation inside an entity counted at each end it has there
        result: dict[str, int] = {}
        for asked in ids:
            canonical = self.canonical_of(asked)
            group = self.resolution.groups.get(canonical, (asked,))
            held = [stored[m] for m in group if m in stored]
            if held:
                inside = sum(1 for r in self._inside.get(canonical, ()) if not wanted or r.type in wanted)
                result[asked] = sum(held) - ends * inside
        return result

    def relation_counts(self) -> dict[str, int]:
        counts = Counter(self.inner.relation_counts())
        counts.subtract(r.type for inside in self._inside.values() for r in inside)
        return {kind: count for kind, count in sorted(counts.items()) if count > 0}

    @cached_property
    def _inside(self) -> dict[str, list[Relation]]:
        """The stored relations between two records of one entity (self-loops too), by
        canonical id: the view leaves them out. Read from each group's records in the
        direction they have fewer relations (every such relation leaves one record of the
        group and enters one), so a hub is not read whole when it need not be."""
        found: dict[str, list[Relation]] = {}
        for canonical, group in self.resolution.groups.items():
            leaving = sum(self.inner.degrees(group, (), "out").values())
            entering = sum(self.inner.degrees(group, (), "in").values())
            direction: Direction = "out" if leaving <= entering else "in"
            members = set(group)
            found[canonical] = [
                r
                for r in self.inner.adjacent(group, (), direction)
                if r.source_id in members and r.target_id in members
            ]
        return found

    def find_entities(self, text: str) -> list[Entity]:
        return self._canonical(self.inner.find_entities(text))

    def search_entities(self, text: str, limit: int) -> list[Entity]:
        return self._canonical(self.inner.search_entities(text, limit))

    def _canonical(self, entities: Sequence[Entity]) -> list[Entity]:
        found: dict[str, Entity] = {}
        for entity in entities:
            canonical = self.canonical_of(entity.id)
            found.setdefault(canonical, self.merged.get(canonical, entity))
        return list(found.values())

    def stats(self) -> Stats:
        """The store's counts less each group's other records and the relations inside
        entities, with each entity's roles counted once: no scan."""
        stored = self.inner.stats()
        members = sorted(m for group in self.resolution.groups.values() for m in group)
        records = self.inner.get_entities(members)
        types, roles = Counter(stored.entity_types), Counter(stored.roles)
        for record in records.values():
            roles.subtract(record.roles)
            if self.canonical_of(record.id) != record.id:
                types[record.type] -= 1
        for entity in self.merged.values():
            roles.update(entity.roles)
        relation_types = self.relation_counts()

        def kept(counts: Counter[str]) -> dict[str, int]:
            return {k: v for k, v in sorted(counts.items()) if v > 0}

        return Stats(sum(kept(types).values()), sum(relation_types.values()), kept(types), kept(roles), relation_types)

    def append(self, entries: Sequence[Entry]) -> None:
        self.inner.append(entries)

    def ledger(self, kind: str, keys: Sequence[str] | None = None) -> list[Entry]:
        return self.inner.ledger(kind, keys)

    def clear(self) -> None:
        raise StoreError("a resolved view is read-only: clear the store itself")

    def close(self) -> None:
        self.inner.close()

    def change_token(self) -> object | None:
        token = self.inner.change_token()
        return None if token is None else (token, id(self.resolution))


def _merge(records: Mapping[str, Entity], group: Sequence[str], resolution: Resolution) -> Entity:
    """One entity for a group: the canonical record, completed by the others."""
    held = [records[m] for m in group if m in records]
    first, others = held[0], held[1:]
    names = [n for e in held for n in (e.name, *e.aliases) if n != first.name]

    def united(field: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v for e in held for v in getattr(e, field)))

    def filled(field: str) -> str | None:
        return next((getattr(e, field) for e in held if getattr(e, field)), None)

    judged = []
    for other in others:
        link = resolution.link(other.id)
        judged.append(f"{other.id}: {link.author} {link.at}" if link else other.id)
    extra = {**{k: v for e in reversed(held) for k, v in e.extra.items()}}
    extra |= {"same_as": ";".join(e.id for e in others), "same_as_judged": "; ".join(judged)}
    return replace(
        first,
        aliases=tuple(dict.fromkeys(names)),
        roles=united("roles"),
        interests=united("interests"),
        birth_date=filled("birth_date"),
        country=filled("country"),
        registration_number=filled("registration_number"),
        blacklisted_from=filled("blacklisted_from"),
        blacklisted_until=filled("blacklisted_until"),
        source="; ".join(dict.fromkeys(e.source for e in held if e.source)) or None,
        extra=extra,
    )


def _label(records: Mapping[str, Entity], member: str, resolution: Resolution) -> str:
    """`Earthcott Ltd (co-2; same as Earthcott Limited, judged by ana on 2025-01-02)`: the
    record's own name and id, then the entity it is one with."""
    canonical = resolution.canonical_of(member)
    own = records[member].name if member in records else member
    other = records[canonical].name if canonical in records else canonical
    link = resolution.link(member)
    judged = f", judged by {link.author} on {link.at[:10]}" if link else ""
    return f"{own} ({member}; same as {other}{judged})"
