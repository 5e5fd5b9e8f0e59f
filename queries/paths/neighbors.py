"""The neighbourhood of an entity, capped, with counts of what the cap left out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from encircle.graph.errors import QueryError
from encircle.graph.records import Entity, to_properties
from encircle.graph.schema import SCHEMA
from encircle.graph.stores import Store
from encircle.queries.lookup import resolve
from encircle.queries.paths.engine import Engine, engine_for
from encircle.queries.paths.model import Filters, Hub

__all__ = ["DEFAULT_CAP", "Neighborhood", "neighbors"]

DEFAULT_CAP = 200


@dataclass(frozen=True)
class Neighborhood:
    """What :func:`neighbors` returns: the entities shown with their `distance` (nearest
    first, then by id), the relations among them, how many entities the cap left out, and
    how many of those each relation type reaches."""

    center: str
    hops: int
    entities: tuple[Mapping[str, Any], ...]  # properties + "distance", nearest first, then by id
    relations: tuple[Mapping[str, Any], ...]  # among the entities shown, by id
    omitted: int  # entities left out by the cap
    more: Mapping[str, int]  # relation type -> left-out entities it reaches (one may count under several)
    hubs: tuple[Hub, ...] = ()  # hubs reached but not walked through (hub_policy 'exclude')

    def to_dict(self) -> dict[str, Any]:
        return {
            "center": self.center,
            "hops": self.hops,
            "entities": [dict(e) for e in self.entities],
            "relations": [dict(r) for r in self.relations],
            "omitted": self.omitted,
            "more": dict(self.more),
            "hubs_not_walked": [h.to_dict() for h in self.hubs],
        }


def neighbors(
    store: Store,
    reference: str,
    hops: int = 1,
    filters: Filters | None = None,
    entity_types: tuple[str, ...] = (),
    cap: int = DEFAULT_CAP,
) -> Neighborhood:
    """Entities within `hops` of an entity, at most `cap` of them (nearest first, then by
    id); for those left out, how many each relation type reaches ("and 312 more via
    HOLDS_POST"). Walks only through entities of `entity_types` when given.

    Hubs (more than `filters.hub_degree` relations; never the entity itself) follow
    `filters.hub_policy`: 'exclude' shows a hub but does not walk through it, and names
    it in `hubs`; 'penalize' walks through hubs but ranks what only a hub leads to after
    everything else; 'allow' walks through them like any other entity."""
    if not 1 <= hops <= 6:
        raise QueryError(f"hops must be between 1 and 6, not {hops}")
    if cap < 1:
        raise QueryError("the cap must be at least 1")
    for name in entity_types:
        SCHEMA.entity_type(name)
    filters = filters or Filters()
    center = resolve(store, reference)
    engine = engine_for(store)
    policy = filters.hub_policy
    distances = engine.distances(center.id, hops, filters, entity_types, through_hubs=policy == "allow")
    ranked = sorted(distances, key=lambda node: (distances[node], node))
    if policy == "penalize":  # then what only hubs lead to, nearest first
        beyond = engine.distances(center.id, hops, filters, entity_types, through_hubs=True)
        ranked += sorted(beyond.keys() - distances.keys(), key=lambda node: (beyond[node], node))
        distances = {**beyond, **distances}
    shown, left_out = ranked[: cap + 1], set(ranked[cap + 1 :])
    entities = store.get_entities(shown)
    relations = engine.relations_among(shown, filters)
    return Neighborhood(
        center.id,
        hops,
        tuple(_with_distance(entities[node], distances[node]) for node in shown),
        tuple(relations),
        len(left_out),
        _more_by_type(engine, ranked, filters, distances, left_out, hops),
        _hubs_not_walked(store, engine, center.id, distances, hops, filters) if policy == "exclude" else (),
    )


def _hubs_not_walked(
    store: Store, engine: Engine, center: str, distances: Mapping[str, int], hops: int, filters: Filters
) -> tuple[Hub, ...]:
    """The hubs the walk reached early enough to go on from, and did not."""
    inner = sorted(node for node, distance in distances.items() if distance < hops and node != center)
    degrees = {node: degree for node, degree in engine.degrees(inner).items() if degree > filters.hub_degree}
    names = {e.id: e.name for e in store.get_entities(sorted(degrees)).values()}
    return tuple(Hub(node, degrees[node], names.get(node, "")) for node in sorted(degrees))


def _with_distance(entity: Entity, distance: int) -> dict[str, Any]:
    return {**to_properties(entity), "distance": distance}


def _more_by_type(
    engine: Engine,
    ranked: list[str],
    filters: Filters,
    distances: Mapping[str, int],
    left_out: set[str],
    hops: int,
) -> dict[str, int]:
    """Per relation type, the left-out entities one step further than something closer.
    Only the relations of entities closer than `hops` can reach one: those at `hops` are
    not read (next to a hub, that is the hub's every relation), nor anything when the cap
    left nothing out."""
    if not left_out:
        return {}
    reached: dict[str, set[str]] = {}
    for node, other, relation in engine.adjacent([n for n in ranked if distances[n] < hops], filters):
        if other in left_out and distances.get(node, -1) == distances[other] - 1:
            reached.setdefault(relation["type"], set()).add(other)
    return dict(sorted(Counter({t: len(ids) for t, ids in reached.items()}).items()))
