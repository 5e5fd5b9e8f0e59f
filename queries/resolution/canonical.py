"""Canonical entities from the judgements in force: "same" is transitive (union-find),
"different" keeps groups apart in later candidates.

Each group of entities judged the same has one canonical id: the smallest id of its
members that the store holds (order-free, so the same judgements give the same ids
whatever order they were made in). Judgements about ids the store does not hold (yet)
are kept and apply when those records are loaded.

>>> from encircle.graph.stores import open_store
>>> from encircle.graph.records import Entity
>>> from encircle.queries.resolution.judgements import judge
>>> with open_store(":memory:") as store:
...     _ = store.write([Entity(i, "Company", i.upper()) for i in ("c", "b", "a", "d")], [])
...     _ = judge(store, "c", "b", "same", "ana")
...     _ = judge(store, "b", "a", "same", "ana")
...     _ = judge(store, "a", "d", "different", "ana")
...     resolution = Resolution.of(store)
>>> resolution.canonical_of("c"), resolution.groups, resolution.is_different("c", "d")
('a', {'a': ('a', 'b', 'c')}, True)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from encircle.graph.errors import QueryError
from encircle.graph.stores import Store
from encircle.queries.resolution.judgements import Judgement, in_force

__all__ = ["Resolution", "check_judgement"]


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        parent = self.parent.setdefault(item, item)
        if parent != item:
            parent = self.parent[item] = self.find(parent)
        return parent

    def union(self, a: str, b: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


@dataclass(frozen=True)
class Resolution:
    """Which entity ids are one, and by which judgements."""

    canonical: Mapping[str, str] = field(default_factory=dict)  # member of a group -> canonical id
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # canonical id -> members, sorted
    links: Mapping[str, tuple[Judgement, ...]] = field(default_factory=dict)  # member -> its "same" judgements
    different: frozenset[frozenset[str]] = frozenset()  # canonical ids judged different
    judgements: Mapping[tuple[str, str], Judgement] = field(default_factory=dict)  # in force, by pair
    conflicts: tuple[Judgement, ...] = ()  # "different" within one group: "same" wins, reported

    @classmethod
    def of(cls, store: Store) -> Resolution:
        """From the judgements in the store's ledger and the ids it holds."""
        judgements = in_force(store)
        judged = sorted({i for j in judgements if j.verdict == "same" for i in j.pair})
        present = set(store.get_entities(judged)) if judged else set()
        return cls.build(judgements, present)

    @classmethod
    def build(cls, judgements: Iterable[Judgement], present: set[str]) -> Resolution:
        chosen = list(judgements)
        sets = _UnionFind()
        links: dict[str, list[Judgement]] = {}
        for judgement in chosen:
            if judgement.verdict == "same":
                sets.union(*judgement.pair)
                for member in judgement.pair:
                    links.setdefault(member, []).append(judgement)
        members: dict[str, list[str]] = {}
        for item in sets.parent:
            members.setdefault(sets.find(item), []).append(item)
        canonical: dict[str, str] = {}
        groups: dict[str, tuple[str, ...]] = {}
        for group in members.values():
            held = sorted(m for m in group if m in present)
            if len(held) < 2:
                continue  # one record or none loaded yet: nothing to merge
            groups[held[0]] = tuple(held)
            canonical.update((m, held[0]) for m in held)
        resolution = cls(canonical, groups, {m: tuple(js) for m, js in links.items() if m in canonical})
        different = {frozenset(map(resolution.canonical_of, j.pair)) for j in chosen if j.verdict == "different"}
        conflicts = tuple(
            j for j in chosen if j.verdict == "different" and len({*map(resolution.canonical_of, j.pair)}) == 1
        )
        return cls(
            canonical,
            groups,
            resolution.links,
            frozenset(d for d in different if len(d) == 2),
            {j.pair: j for j in chosen},
            conflicts,
        )

    def canonical_of(self, entity_id: str) -> str:
        return self.canonical.get(entity_id, entity_id)

    def is_different(self, a: str, b: str) -> bool:
        return frozenset((self.canonical_of(a), self.canonical_of(b))) in self.different

    def verdict(self, a: str, b: str) -> str | None:
        """The judgement in force about exactly this pair, if any."""
        judgement = self.judgements.get((a, b) if a < b else (b, a))
        return judgement.verdict if judgement else None

    def link(self, member: str) -> Judgement | None:
        """The latest "same" judgement naming `member`: who merged it, and when."""
        found = self.links.get(member, ())
        return max(found, key=lambda j: j.seq) if found else None

    def __bool__(self) -> bool:
        return bool(self.groups)


def check_judgement(store: Store, a: str, b: str, verdict: str) -> None:
    """A QueryError when judging the records `a` and `b` `verdict` would contradict the
    case: one record, records of types that cannot be one entity (a person and a firm),
    "same" for records whose entities were judged different, or "different" for records
    already one through other "same" judgements (undo those first). Every writer of
    judgements (the CLI, the workbench) checks here first."""
    from encircle.queries.resolution.features import GROUP  # rapidfuzz: only when judging

    if a == b:
        raise QueryError(f"{a!r} cannot be judged against itself")
    records = store.get_entities([a, b])
    if a in records and b in records:
        kinds = records[a].type, records[b].type
        if GROUP.get(kinds[0], kinds[0]) != GROUP.get(kinds[1], kinds[1]):
            raise QueryError(f"{a} is a {kinds[0]} and {b} a {kinds[1]}: they cannot be one entity")
    resolution = Resolution.of(store)
    if verdict == "same" and resolution.is_different(a, b):
        raise QueryError(f"{a} and {b} (or records judged the same as them) were judged different: undo that first")
    one = resolution.canonical_of(a) == resolution.canonical_of(b)
    if verdict == "different" and one and resolution.verdict(a, b) != "same":
        raise QueryError(f"{a} and {b} are one entity through other 'same' judgements: undo one of those first")
