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
from encircle.queries.paths.engine import engine_for
from encircle.queries.paths.model import Filters

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

    def to_dict(self) -> dict[str, Any]:
        return {
            "center": self.center,
            "hops": self.hops,
            "entities": [dict(e) for e in self.entities],
            "relations": [dict(r) for r in self.relations],
            "omitted": self.omitted,
            "more": dict(self.more),
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
    HOLDS_POST"). Walks only through entities of `entity_types` when given."""
    if not 1 <= hops <= 6:
        raise QueryError(f"hops must be between 1 and 6, not {hops}")
    if cap < 1:
        raise QueryError("the cap must be at least 1")
    for name in entity_types:
        SCHEMA.entity_type(name)
    filters = filters or Filters()
    center = resolve(store, reference)
    engine = engine_for(store)
    distances = engine.distances(center.id, hops, filters, entity_types)
    ranked = sorted(distances, key=lambda node: (distances[node], node))
    shown, left_out = ranked[: cap + 1], set(ranked[cap + 1 :])
    entities = store.get_entities(shown)
    relations = engine.relations_among(shown, filters)
    return Neighborhood(
        center.id,
        hops,
        tuple(_with_distance(entities[node], distances[node]) for node in shown),
        tuple(relations),
        len(left_out),
        _more_by_type(engine.adjacent(ranked, filters), distances, left_out),
    )


def _with_distance(entity: Entity, distance: int) -> dict[str, Any]:
    return {**to_properties(entity), "distance": distance}


def _more_by_type(
    steps: list[tuple[str, str, Mapping[str, Any]]], distances: Mapping[str, int], left_out: set[str]
) -> dict[str, int]:
    """Per relation type, the left-out entities one step further than something closer."""
    reached: dict[str, set[str]] = {}
    for node, other, relation in steps:
        if other in left_out and distances.get(node, -1) == distances[other] - 1:
            reached.setdefault(relation["type"], set()).add(other)
    return dict(sorted(Counter({t: len(ids) for t, ids in reached.items()}).items()))
