"""What a store must answer for the query layer, and the embedded store's answer.

Each store has one engine: the embedded one searches the store's indexed adjacency as a
graph read while the search goes (queries/paths/indexed.py: the neighbourhood a query
explores, never the whole case), and reads degrees from the indexes; the Neo4j one
(queries/paths/neo4j_engine.py) runs Cypher on the server. The query modules above them
order, cut and explain results the same way for both, which is what makes both stores
give the same answers.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Any, Protocol

from encircle.graph.records import to_properties
from encircle.graph.stores import Store
from encircle.queries.paths.indexed import StoreGraph
from encircle.queries.paths.model import Filters, Path, PathQuery
from encircle.queries.paths.networkx_paths import candidate_paths
from encircle.queries.paths.traversal import SYMMETRIC, StepRule, Traversal, prefetch

__all__ = ["EmbeddedEngine", "Engine", "RelationProps", "engine_for"]

RelationProps = Mapping[str, Any]  # a relation as its property map


class Engine(Protocol):
    """What a store answers for the path queries; :class:`EmbeddedEngine` answers from
    the embedded store's indexes, queries/paths/neo4j_engine.py with Cypher on the server."""

    def candidate_paths(self, source: str, target: str, query: PathQuery, allow_hubs: bool) -> list[Path]:
        """Paths as nx_paths.candidate_paths defines them."""

    def distances(
        self, center: str, hops: int, filters: Filters, entity_types: tuple[str, ...], through_hubs: bool = True
    ) -> dict[str, int]:
        """Entities within `hops` steps of `center` (itself at 0), walking only through
        entities of `entity_types` (any type when empty); with `through_hubs=False` a hub
        (more than `filters.hub_degree` relations, never `center`) is reached but not
        walked from."""

    def relations_among(self, ids: Iterable[str], filters: Filters) -> list[RelationProps]:
        """Relations passing `filters` whose both ends are in `ids`, ordered by id."""

    def adjacent(self, ids: Iterable[str], filters: Filters) -> list[tuple[str, str, RelationProps]]:
        """(given id, neighbour id, relation) for each relation one step from a given id,
        in travel direction; the neighbour may be another given id. Ordered by given id
        (as given), then by relation id."""

    def degrees(self, ids: Iterable[str]) -> dict[str, int]:
        """Number of relations (any type, status or date) of each entity."""


class EmbeddedEngine:
    """Searches run on a StoreGraph of the store: what they explore is read from its
    indexes level by level and kept for the engine's life (one query, or all the pairs
    of a `connect`); adjacency and degrees are read from the indexes directly."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @cached_property
    def graph(self) -> StoreGraph:
        return StoreGraph(self.store)

    def candidate_paths(self, source: str, target: str, query: PathQuery, allow_hubs: bool) -> list[Path]:
        return candidate_paths(self.graph, source, target, query, allow_hubs)

    def distances(
        self, center: str, hops: int, filters: Filters, entity_types: tuple[str, ...], through_hubs: bool = True
    ) -> dict[str, int]:
        if center not in self.graph:
            return {}
        walk = Traversal(self.graph, filters, frozenset({center}), allow_hubs=True)
        seen, frontier = {center: 0}, [center]
        for depth in range(1, hops + 1):
            if not through_hubs:  # a hub's own relations are never read: it is not walked from
                frontier = [node for node in frontier if not walk.is_hub(node)]
            prefetch(self.graph, frontier, types=bool(entity_types))
            reached = []
            for node in frontier:
                for other, _ in walk.moves(node):
                    if other not in seen and (not entity_types or self.graph.nodes[other]["type"] in entity_types):
                        seen[other] = depth
                        reached.append(other)
            frontier = reached
        return seen

    def relations_among(self, ids: Iterable[str], filters: Filters) -> list[RelationProps]:
        keep = set(ids)
        walk = Traversal(self.graph, filters, frozenset(), allow_hubs=True)
        nodes = sorted(keep)
        prefetch(self.graph, nodes)
        found = {
            relation["id"]: relation
            for node in nodes
            if node in self.graph
            for other, relation in walk.moves(node)
            if other in keep
        }
        return [found[key] for key in sorted(found)]

    def adjacent(self, ids: Iterable[str], filters: Filters) -> list[tuple[str, str, RelationProps]]:
        # Traversal.moves over the store's adjacency: out along any relation, in against
        # one only when direction does not matter or the type is symmetric.
        given = list(ids)
        rule = StepRule(filters)
        backward = filters.direction != "forward"
        moves: dict[str, list[tuple[str, str, RelationProps]]] = {}
        for relation in self.store.adjacent(given, filters.relation_types):
            props = to_properties(relation)
            if not rule.allowed(props):
                continue
            source, target = relation.source_id, relation.target_id
            moves.setdefault(source, []).append((source, target, props))
            if backward or relation.type in SYMMETRIC:
                moves.setdefault(target, []).append((target, source, props))
        return [move for node in given for move in moves.get(node, ())]

    def degrees(self, ids: Iterable[str]) -> dict[str, int]:
        return self.store.degrees(list(ids))


def engine_for(store: Store) -> Engine:
    """The engine of `store`: a Neo4jEngine for a Neo4j store, else an EmbeddedEngine."""
    # By class, not location: a resolved view of a Neo4j store (queries/resolution/view.py)
    # has its location but is read by the embedded engine. The class is looked up only
    # if its module was imported: no Neo4jStore can exist otherwise.
    module = sys.modules.get("encircle.graph.stores.neo4j")
    if module is not None and isinstance(store, module.Neo4jStore):
        from encircle.queries.paths.neo4j_engine import Neo4jEngine

        return Neo4jEngine(store)
    return EmbeddedEngine(store)
