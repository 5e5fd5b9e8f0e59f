"""Keeping a view drawable: at most `max_entities` entities, the rest summarised.

Leaves (entities linked to a single other entity) are what makes large neighbourhoods
unreadable, so they go first: each (parent, type) group keeps a share of the leaf budget
proportional to its size and the rest become one "N more <type>" node. Entities the view
is about (the focus and everything on an evidence chain) are never collapsed. If the
entities that are not leaves alone exceed the budget, the least connected are left out
and counted in `hidden`, which the view prints: nothing is dropped silently.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from encircle.graph.records import Entity, Relation

__all__ = ["Group", "Reduced", "reduce"]


@dataclass(frozen=True)
class Group:
    """Leaves of one type hanging off one parent, drawn as a single node."""

    parent: str
    type: str
    members: tuple[Entity, ...]
    relations: tuple[Relation, ...]


@dataclass(frozen=True)
class Reduced:
    """What :func:`reduce` keeps of a view: the entities and relations to draw, the groups
    of collapsed leaves, and `hidden`, the entities left out that no group stands for."""

    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    groups: tuple[Group, ...] = ()
    hidden: int = 0  # entities left out that no group stands for


def reduce(
    entities: Mapping[str, Entity],
    relations: Sequence[Relation],
    keep: Collection[str],
    max_entities: int,
) -> Reduced:
    """At most `max_entities` of `entities` (plus what `keep` forces in), the leaves
    beyond that grouped. `relations` must only link entities in `entities`."""
    if len(entities) <= max_entities:
        return Reduced(tuple(entities.values()), tuple(relations))
    neighbours: dict[str, set[str]] = defaultdict(set)
    for r in relations:
        if r.source_id != r.target_id:
            neighbours[r.source_id].add(r.target_id)
            neighbours[r.target_id].add(r.source_id)
    ends = {e for e in entities if len(neighbours[e]) == 1}
    # a leaf hangs off an entity that is not itself a leaf (an isolated pair stays whole)
    leaves = {e for e in ends if e not in keep and next(iter(neighbours[e])) not in ends}
    links_of: dict[str, list[Relation]] = defaultdict(list)
    for r in relations:
        for end in {r.source_id, r.target_id} & leaves:
            links_of[end].append(r)
    core = _core(entities, neighbours, leaves, keep, max_entities)
    by_group: dict[tuple[str, str], list[str]] = defaultdict(list)
    for leaf in sorted(leaves):
        parent = next(iter(neighbours[leaf]))
        if parent in core:
            by_group[(parent, entities[leaf].type)].append(leaf)
    shares = _shares({g: len(m) for g, m in by_group.items()}, max(0, max_entities - len(core)))
    kept = set(core)
    groups = []
    for (parent, entity_type), members in sorted(by_group.items()):
        kept.update(members[: shares[(parent, entity_type)]])
        rest = set(members[shares[(parent, entity_type)] :])
        if rest:
            links = tuple(r for m in sorted(rest) for r in links_of[m])
            groups.append(Group(parent, entity_type, tuple(entities[m] for m in sorted(rest)), links))
    grouped = sum(len(g.members) for g in groups)
    return Reduced(
        tuple(entities[e] for e in entities if e in kept),
        tuple(r for r in relations if r.source_id in kept and r.target_id in kept),
        tuple(groups),
        len(entities) - len(kept) - grouped,
    )


def _core(
    entities: Mapping[str, Entity],
    neighbours: Mapping[str, set[str]],
    leaves: set[str],
    keep: Collection[str],
    max_entities: int,
) -> list[str]:
    """Entities that are not leaves: all of them if they fit, else the forced ones and
    then the best connected (ties by id)."""
    core = [e for e in entities if e not in leaves]
    if len(core) <= max_entities:
        return core
    ranked = sorted(core, key=lambda e: (e not in keep, -len(neighbours[e]), e))
    forced = sum(1 for e in core if e in keep)
    return ranked[: max(max_entities, forced)]


def _shares(sizes: Mapping[tuple[str, str], int], budget: int) -> dict[tuple[str, str], int]:
    """Split `budget` among groups in proportion to their sizes (largest remainders get
    the leftover), never giving a group more than it has."""
    total = sum(sizes.values())
    if total <= budget:
        return dict(sizes)
    exact = {g: budget * n / total for g, n in sizes.items()}
    shares = {g: int(x) for g, x in exact.items()}
    leftover = budget - sum(shares.values())
    for g in sorted(exact, key=lambda g: (shares[g] - exact[g], g))[:leftover]:
        shares[g] += 1
    return shares
