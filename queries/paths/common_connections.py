"""Common connections ("interlocks"): what two or more entities share."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from encircle.graph.errors import QueryError
from encircle.graph.stores import Store
from encircle.queries.lookup import resolve
from encircle.queries.paths.engine import engine_for
from encircle.queries.paths.model import Filters

__all__ = ["CommonResult", "Shared", "common_connections"]


@dataclass(frozen=True)
class Shared:
    """An entity linked directly to at least two of the given ones: its id, name and type,
    and for each given entity it is linked to, the ids of the relations between them."""

    id: str
    name: str
    type: str
    links: Mapping[str, tuple[str, ...]]  # given id -> ids of the relations linking it here

    @property
    def count(self) -> int:
        return len(self.links)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "count": self.count,
            "links": {k: list(v) for k, v in self.links.items()},
        }


@dataclass(frozen=True)
class CommonResult:
    """What :func:`common_connections` returns: the given entities' ids and the entities
    they share, most shared first."""

    given: tuple[str, ...]
    shared: tuple[Shared, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"given": list(self.given), "shared": [s.to_dict() for s in self.shared]}


def common_connections(store: Store, references: Sequence[str], filters: Filters | None = None) -> CommonResult:
    """Entities directly linked to at least two of the given ones, most shared first."""
    given = tuple(dict.fromkeys(resolve(store, ref).id for ref in references))
    if len(given) < 2:
        raise QueryError("common connections need at least two different entities")
    links: dict[str, dict[str, set[str]]] = {}
    for node, other, relation in engine_for(store).adjacent(given, filters or Filters()):
        if other not in given:
            links.setdefault(other, {}).setdefault(node, set()).add(relation["id"])
    keep = {other: by_given for other, by_given in links.items() if len(by_given) >= 2}
    entities = store.get_entities(sorted(keep))
    shared = [
        Shared(
            other,
            entities[other].name,
            entities[other].type,
            {g: tuple(sorted(keep[other][g])) for g in given if g in keep[other]},
        )
        for other in keep
    ]
    shared.sort(key=lambda s: (-s.count, -sum(len(r) for r in s.links.values()), s.id))
    return CommonResult(given, tuple(shared))
