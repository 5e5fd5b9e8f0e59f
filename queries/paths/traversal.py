"""Stepping through the embedded graph under a query's filters.

The graph is a networkx MultiDiGraph from :meth:`Store.to_networkx` (nodes keyed by
entity id, edges keyed by relation id with the relation's properties as data) or a
`queries.paths.indexed.StoreGraph`, which answers the same calls from the store's
indexes; a graph with `prefetch(nodes)` is handed each breadth-first level at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Protocol

from encircle.graph.schema import SCHEMA
from encircle.queries.paths.model import Filters
from encircle.queries.timeline import EARLIEST, LATEST, date_bounds

__all__ = ["SYMMETRIC", "Graph", "Move", "StepRule", "Traversal", "in_window"]

SYMMETRIC = frozenset(name for name, spec in SCHEMA.relation_types.items() if spec.symmetric)
Move = tuple[str, Mapping[str, Any]]  # (entity reached, relation stepped along)


def in_window(relation: Mapping[str, Any], date_from: str | None, date_to: str | None) -> bool:
    """A dated relation falls in the window, a period relation overlaps it, others pass."""
    if not date_from and not date_to:
        return True
    if relation.get("date"):
        low, high = date_bounds(relation["date"])
    elif relation.get("start_date") or relation.get("end_date"):
        low = date_bounds(relation["start_date"])[0] if relation.get("start_date") else EARLIEST
        high = date_bounds(relation["end_date"])[1] if relation.get("end_date") else LATEST
    else:
        return True
    return (not date_from or high >= date_bounds(date_from)[0]) and (not date_to or low <= date_bounds(date_to)[1])


class StepRule:
    """Whether a query may step along a relation: its type, status and date window (the
    direction and hub rules depend on where the step goes; see Traversal.moves)."""

    def __init__(self, filters: Filters) -> None:
        self.filters = filters
        self.types = frozenset(filters.relation_types)
        self.statuses = frozenset(filters.statuses)

    def allowed(self, relation: Mapping[str, Any]) -> bool:
        return (
            (not self.types or relation["type"] in self.types)
            and relation["status"] in self.statuses
            and in_window(relation, self.filters.date_from, self.filters.date_to)
        )


class Graph(Protocol):
    """What a traversal reads of a graph: networkx's MultiDiGraph, or a StoreGraph."""

    @property
    def succ(self) -> Mapping[str, Mapping[str, Mapping[str, Mapping[str, Any]]]]: ...

    @property
    def pred(self) -> Mapping[str, Mapping[str, Mapping[str, Mapping[str, Any]]]]: ...

    def degree(self, node: str) -> Any: ...

    def __contains__(self, node: object) -> bool: ...


def prefetch(graph: Graph, nodes: list[str], types: bool = False) -> None:
    """Hand a breadth-first level to a graph that reads in batches (a StoreGraph), with
    the entity types of what it reaches when `types`; a networkx graph has it all."""
    read = getattr(graph, "prefetch", None)
    if read is not None:
        read(nodes, types=types)


class Traversal:
    """The moves a query may make from an entity, in either travel direction."""

    def __init__(self, graph: Graph, filters: Filters, endpoints: frozenset[str], allow_hubs: bool) -> None:
        self.graph = graph
        self.filters = filters
        self.endpoints = endpoints
        self.allow_hubs = allow_hubs
        self.allowed = StepRule(filters).allowed

    def is_hub(self, node: str) -> bool:
        return node not in self.endpoints and int(self.graph.degree(node)) > self.filters.hub_degree

    def moves(self, node: str, reverse: bool = False) -> Iterator[Move]:
        """Relations leaving `node` in travel order (or arriving at it, with reverse=True)."""
        forward_only = self.filters.direction == "forward"
        outgoing = self.graph.pred[node] if reverse else self.graph.succ[node]
        incoming = self.graph.succ[node] if reverse else self.graph.pred[node]
        for other, edges in outgoing.items():
            for relation in edges.values():
                if self._enterable(other) and self.allowed(relation):
                    yield other, relation
        for other, edges in incoming.items():
            for relation in edges.values():
                if (
                    (not forward_only or relation["type"] in SYMMETRIC)
                    and self._enterable(other)
                    and self.allowed(relation)
                ):
                    yield other, relation

    def _enterable(self, node: str) -> bool:
        return self.allow_hubs or not self.is_hub(node)

    def distances(self, start: str, reverse: bool = False, limit: int | None = None) -> dict[str, int]:
        """Hop counts from `start` (to it, with reverse=True), up to `limit` hops: a
        breadth-first search, one level at a time."""
        seen, frontier, depth = {start: 0}, [start], 0
        while frontier and (limit is None or depth < limit):
            prefetch(self.graph, frontier)
            depth += 1
            following = []
            for node in frontier:
                for other, _ in self.moves(node, reverse):
                    if other not in seen:
                        seen[other] = depth
                        following.append(other)
            frontier = following
        return seen

    def within(self, source: str, target: str, limit: int) -> bool:
        """Whether some path of at most `limit` moves leads from `source` to `target`: a
        breadth-first search from both ends, each round widening the side whose next level
        touches fewer relations, so a hub near one end is read only if the other end
        cannot settle the question first."""
        if source == target:
            return True
        ahead, behind = {source: 0}, {target: 0}  # reached from the source / leading to the target
        fronts = [[source], [target]]
        depths = [0, 0]
        while depths[0] + depths[1] < limit and fronts[0] and fronts[1]:
            side = 0 if self._cost(fronts[0]) <= self._cost(fronts[1]) else 1
            seen, other_side = (ahead, behind) if side == 0 else (behind, ahead)
            prefetch(self.graph, fronts[side])
            following = []
            for node in fronts[side]:
                for reached, _ in self.moves(node, reverse=side == 1):
                    if reached in other_side:
                        return True
                    if reached not in seen:
                        seen[reached] = depths[side] + 1
                        following.append(reached)
            fronts[side], depths[side] = following, depths[side] + 1
        return False

    def _cost(self, nodes: list[str]) -> int:
        return sum(int(self.graph.degree(node)) for node in nodes)
