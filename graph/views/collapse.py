"""Keeping a view drawable: at most `max_entities` entities, the rest summarised.

Leaves (entities linked to a single other entity) are what makes large neighbourhoods
unreadable, so they go first. Leaves are grouped by parent, type and (for people) first
role. Around a hub, a group larger than `hub_leaves` is collapsed whole into one node
("385 more officials via House of Commons"), whatever the budget: real registers hang
hundreds of members off one body, and drawing them hides everything else. Beyond
`max_entities`, each remaining group keeps a share of the leaf budget proportional to
its size and the rest become one such node. Entities the view is about (the focus and
everything on an evidence chain) are never collapsed. If the entities that are not
leaves alone exceed the budget, the least connected are left out and counted in
`hidden`, which the view prints: nothing is dropped silently.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from encircle.graph.records import Entity, Relation
from encircle.graph.views.style import STYLE

DEFAULT_HUB_LEAVES = 30
GroupKey = tuple[str, str, str | None]  # parent, type, role

__all__ = ["Group", "Reduced", "reduce"]


@dataclass(frozen=True)
class Group:
    """Leaves of one type (and first role) hanging off one parent, drawn as one node."""

    parent: str
    type: str
    members: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    role: str | None = None


def first_role(entity: Entity) -> str | None:
    """The role a person is drawn (and grouped) by: the first in style order."""
    return next((role for role in STYLE.roles if role in entity.roles), None)


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
    hub_leaves: int | None = None,
) -> Reduced:
    """At most `max_entities` of `entities` (plus what `keep` forces in), the leaves
    beyond that grouped; with `hub_leaves`, any leaf group larger than that collapsed
    first. `relations` must only link entities in `entities`."""
    hub_groups: list[Group] = []
    if hub_leaves is not None:
        entities, relations, hub_groups = _collapse_hubs(entities, relations, keep, hub_leaves)
    if len(entities) <= max_entities:
        return Reduced(tuple(entities.values()), tuple(relations), tuple(hub_groups))
    neighbours = _neighbours(relations)
    leaves = _leaves(entities, neighbours, keep)
    links_of = _links_of(relations, leaves)
    core = _core(entities, neighbours, leaves, keep, max_entities)
    by_group = {key: members for key, members in _leaf_groups(entities, neighbours, leaves).items() if key[0] in core}
    shares = _shares({g: len(m) for g, m in by_group.items()}, max(0, max_entities - len(core)))
    kept = set(core)
    groups = []
    for key, members in sorted(by_group.items(), key=lambda item: _sort_key(item[0])):
        kept.update(members[: shares[key]])
        rest = set(members[shares[key] :])
        if rest:
            groups.append(_group(key, sorted(rest), entities, links_of))
    grouped = sum(len(g.members) for g in groups)
    return Reduced(
        tuple(entities[e] for e in entities if e in kept),
        tuple(r for r in relations if r.source_id in kept and r.target_id in kept),
        tuple(hub_groups + groups),
        len(entities) - len(kept) - grouped,
    )


def _collapse_hubs(
    entities: Mapping[str, Entity], relations: Sequence[Relation], keep: Collection[str], hub_leaves: int
) -> tuple[dict[str, Entity], list[Relation], list[Group]]:
    """The entities and relations left once every leaf group larger than `hub_leaves`
    is taken out, and those groups."""
    neighbours = _neighbours(relations)
    leaves = _leaves(entities, neighbours, keep)
    big = {key: m for key, m in _leaf_groups(entities, neighbours, leaves).items() if len(m) > hub_leaves}
    if not big:
        return dict(entities), list(relations), []
    links_of = _links_of(relations, leaves)
    groups = [
        _group(key, members, entities, links_of) for key, members in sorted(big.items(), key=lambda i: _sort_key(i[0]))
    ]
    gone = {m for members in big.values() for m in members}
    left = {i: e for i, e in entities.items() if i not in gone}
    return left, [r for r in relations if r.source_id not in gone and r.target_id not in gone], groups


def _neighbours(relations: Sequence[Relation]) -> dict[str, set[str]]:
    neighbours: dict[str, set[str]] = defaultdict(set)
    for r in relations:
        if r.source_id != r.target_id:
            neighbours[r.source_id].add(r.target_id)
            neighbours[r.target_id].add(r.source_id)
    return neighbours


def _leaves(entities: Mapping[str, Entity], neighbours: Mapping[str, set[str]], keep: Collection[str]) -> set[str]:
    ends = {e for e in entities if len(neighbours.get(e, ())) == 1}
    # a leaf hangs off an entity that is not itself a leaf (an isolated pair stays whole)
    return {e for e in ends if e not in keep and next(iter(neighbours[e])) not in ends}


def _links_of(relations: Sequence[Relation], leaves: set[str]) -> dict[str, list[Relation]]:
    links_of: dict[str, list[Relation]] = defaultdict(list)
    for r in relations:
        for end in {r.source_id, r.target_id} & leaves:
            links_of[end].append(r)
    return links_of


def _leaf_groups(
    entities: Mapping[str, Entity], neighbours: Mapping[str, set[str]], leaves: set[str]
) -> dict[GroupKey, list[str]]:
    """(parent, type, first role) -> its leaves, sorted by id."""
    by_group: dict[GroupKey, list[str]] = defaultdict(list)
    for leaf in sorted(leaves):
        entity = entities[leaf]
        by_group[(next(iter(neighbours[leaf])), entity.type, first_role(entity))].append(leaf)
    return by_group


def _sort_key(key: GroupKey) -> tuple[str, str, str]:
    return key[0], key[1], key[2] or ""


def _group(
    key: GroupKey, members: Sequence[str], entities: Mapping[str, Entity], links_of: Mapping[str, list[Relation]]
) -> Group:
    links = tuple(r for m in sorted(members) for r in links_of[m])
    return Group(key[0], key[1], tuple(entities[m] for m in sorted(members)), links, key[2])


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
    ranked = sorted(core, key=lambda e: (e not in keep, -len(neighbours.get(e, ())), e))
    forced = sum(1 for e in core if e in keep)
    return ranked[: max(max_entities, forced)]


def _shares(sizes: Mapping[GroupKey, int], budget: int) -> dict[GroupKey, int]:
    """Split `budget` among groups in proportion to their sizes (largest remainders get
    the leftover), never giving a group more than it has."""
    total = sum(sizes.values())
    if total <= budget:
        return dict(sizes)
    exact = {g: budget * n / total for g, n in sizes.items()}
    shares = {g: int(x) for g, x in exact.items()}
    leftover = budget - sum(shares.values())
    for g in sorted(exact, key=lambda g: (shares[g] - exact[g], _sort_key(g)))[:leftover]:
        shares[g] += 1
    return shares
