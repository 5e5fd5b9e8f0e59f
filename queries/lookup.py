"""From what an investigator types (an id, a name or an alias) to one entity id."""

from __future__ import annotations

from encircle.graph.errors import QueryError
from encircle.graph.records import Entity
from encircle.graph.stores import Store

__all__ = ["resolve"]


def resolve(store: Store, reference: str) -> Entity:
    """The entity an id, name or alias names; an ambiguous name lists the candidates.

    An exact id always wins over names, so any entity can be named unambiguously.
    """
    candidates = store.find_entities(reference)
    by_id = [e for e in candidates if e.id == reference]
    if by_id:
        return by_id[0]
    if not candidates:
        from encircle.queries.resolution.search import did_you_mean, suggestions  # rapidfuzz: only when needed

        raise QueryError(f"no entity with id, name or alias {reference!r}{did_you_mean(suggestions(store, reference))}")
    if len(candidates) > 1:
        listed = "; ".join(f"{e.id} ({e.type} {e.name})" for e in sorted(candidates, key=lambda e: e.id))
        raise QueryError(f"{reference!r} is ambiguous: {listed}; use an id")
    return candidates[0]
