"""What a store must answer for the query layer, and the embedded (networkx) answer.

Each store has one engine: the embedded one searches the networkx graph built from
SQLite; the Neo4j one (queries/paths/neo4j_engine.py) runs Cypher on the server. The query
modules above them order, cut and explain results the same way for both, which is what
makes both stores give the same answers.
"""

from __future__ import annotations

import sys
import weakref
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

import networkx as nx

from encircle.graph.stores import Store
from encircle.queries.paths.model import Filters, Path, PathQuery
from encircle.queries.paths.networkx_paths import candidate_paths
from encircle.queries.paths.traversal import Traversal

Relation = Mapping[str, Any]


class Engine(Protocol):
    def candidate_paths(self, source: str, target: str, query: PathQuery, allow_hubs: bool) -> list[Path]:
        """Paths as nx_paths.candidate_paths defines them."""

    def distances(self, center: str, hops: int, filters: Filters, entity_types: tuple[str, ...]) -> dict[str, int]:
        """Entities within `hops` steps of `center` (itself at 0), walking only through
        entities of `entity_types` (any type when empty); hubs are not treated specially."""

    def relations_among(self, ids: Iterable[str], filters: Filters) -> list[Relation]:
        """Relations passing `filters` whose both ends are in `ids`, ordered by id."""

    def adjacent(self, ids: Iterable[str], filters: Filters) -> list[tuple[str, str, Relation]]:
        """(given id, neighbour id, relation) for each relation one step from a given id,
        in travel direction; the neighbour may be another given id."""

    def degrees(self, ids: Iterable[str]) -> dict[str, int]:
        """Number of relations (any type, status or date) of each entity."""


class EmbeddedEngine:
    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph

    def candidate_paths(self, source: str, target: str, query: PathQuery, allow_hubs: bool) -> list[Path]:
        return candidate_paths(self.graph, source, target, query, allow_hubs)

    def distances(self, center: str, hops: int, filters: Filters, entity_types: tuple[str, ...]) -> dict[str, int]:
        if center not in self.graph:
            return {}
        walk = Traversal(self.graph, filters, frozenset({center}), allow_hubs=True)
        seen, frontier = {center: 0}, [center]
        for depth in range(1, hops + 1):
            reached = []
            for node in frontier:
                for other, _ in walk.moves(node):
                    if other not in seen and (not entity_types or self.graph.nodes[other]["type"] in entity_types):
                        seen[other] = depth
                        reached.append(other)
            frontier = reached
        return seen

    def relations_among(self, ids: Iterable[str], filters: Filters) -> list[Relation]:
        keep = set(ids)
        walk = Traversal(self.graph, filters, frozenset(), allow_hubs=True)
        found = {
            relation["id"]: relation
            for node in keep & set(self.graph)
            for other, relation in walk.moves(node)
            if other in keep
        }
        return [found[key] for key in sorted(found)]

    def adjacent(self, ids: Iterable[str], filters: Filters) -> list[tuple[str, str, Relation]]:
        walk = Traversal(self.graph, filters, frozenset(), allow_hubs=True)
        return [(node, other, rel) for node in ids if node in self.graph for other, rel in walk.moves(node)]

    def degrees(self, ids: Iterable[str]) -> dict[str, int]:
        return {node: int(self.graph.degree(node)) for node in ids if node in self.graph}


# Building the networkx graph reads the whole store (seconds at 100k entities): one engine
# is kept per open store and rebuilt only when the store's change token moves.
_EMBEDDED: weakref.WeakKeyDictionary[Store, tuple[object, EmbeddedEngine]] = weakref.WeakKeyDictionary()


def engine_for(store: Store) -> Engine:
    # By class, not location: a resolved view of a Neo4j store (queries/resolution/view.py)
    # has its location but is read by the embedded engine.
    module = sys.modules.get("encircle.graph.stores.neo4j")
    if module is not None and isinstance(store, module.Neo4jStore):
        from encircle.queries.paths.neo4j_engine import Neo4jEngine

        return Neo4jEngine(store)
    token = store.change_token()
    cached = _EMBEDDED.get(store)
    if token is not None and cached is not None and cached[0] == token:
        return cached[1]
    engine = EmbeddedEngine(store.to_networkx())
    if token is not None:
        _EMBEDDED[store] = (token, engine)
    return engine
