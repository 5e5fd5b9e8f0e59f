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
        outgoing = self.graph.pred[node] if reverse else self.graph.succ[node]
        incoming = self.graph.succ[node] if reverse else self.graph.pred[node]
        return self._moves(outgoing, incoming)

    def moves_among(self, node: str, others: list[str], reverse: bool = False) -> Iterator[Move]:
        """`moves(node, reverse)`, of which the caller needs only those to `others` (it
        filters them itself). On a StoreGraph, a node with many relations yields only
        those, in the same order, found from the side of `others`: a hub's 100,000
        relations stay unread when a search can step into a few of its neighbours."""
        if not self.big(node, len(others)):
            return self.moves(node, reverse)
        leaving, entering = self.graph.partial(node, others)  # type: ignore[attr-defined]
        return self._moves(entering, leaving) if reverse else self._moves(leaving, entering)

    def _moves(
        self,
        outgoing: Mapping[str, Mapping[str, Mapping[str, Any]]],
        incoming: Mapping[str, Mapping[str, Mapping[str, Any]]],
    ) -> Iterator[Move]:
        forward_only = self.filters.direction == "forward"
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

    def distance(self, source: str, target: str, limit: int) -> int | None:
        """The fewest moves from `source` to `target`, or None when that is more than
        `limit`: a breadth-first search from both ends, a level at a time, each round
        widening the side whose next level touches fewer relations, so a hub near one end
        is read only if the other end cannot settle the question first. The first level
        that meets the other side gives the distance: no shorter path was left unseen."""
        if source == target:
            return 0
        seen: list[dict[str, int]] = [{source: 0}, {target: 0}]  # reached from the source / leading to the target
        fronts = [[source], [target]]
        depths = [0, 0]
        while depths[0] + depths[1] < limit and fronts[0] and fronts[1]:
            side = 0 if self._cost(fronts[0]) <= self._cost(fronts[1]) else 1
            mine, theirs = seen[side], seen[1 - side]
            prefetch(self.graph, fronts[side])
            following = []
            for node in fronts[side]:
                for reached, _ in self.moves(node, reverse=side == 1):
                    if reached in theirs:
                        return depths[side] + 1 + theirs[reached]
                    if reached not in mine:
                        mine[reached] = depths[side] + 1
                        following.append(reached)
            fronts[side], depths[side] = following, depths[side] + 1
        return None

    def to_target(self, source: str, target: str, hops: int) -> dict[str, int]:
        """Hop counts to `target`, exact for every entity on some walk of at most `hops`
        moves from `source` to `target` (what a search for paths of `hops` moves prunes
        with); other entities may be missing or counted too high, and are pruned anyway.

        Breadth-first levels are grown from both ends, the cheaper side each round, until
        the two radii add up to hops - 1; then the backward search goes on only through
        entities the forward one reached close enough to the source. An entity x of such
        a walk more than `behind` moves from the target is fewer than hops - behind moves
        from the source, and so is every entity on its shortest way to the target: the
        restricted search finds its exact distance. So a hub near either end is read only
        when no cheaper level settles the walk."""
        ahead, behind = {source: 0}, {target: 0}
        fronts, depths = [[source], [target]], [0, 0]
        while depths[0] + depths[1] < hops - 1 and fronts[0] and fronts[1]:
            side = 0 if self._cost(fronts[0]) < self._cost(fronts[1]) else 1
            seen = ahead if side == 0 else behind
            fronts[side] = self._level(fronts[side], seen, depths[side], reverse=side == 1)
            depths[side] += 1
        front, depth = fronts[1], depths[1]
        while front and depth < hops - 1:
            near = [other for other, d in ahead.items() if d + depth + 1 <= hops]  # may still be entered
            prefetch(self.graph, [node for node in front if not self.big(node, len(near))])
            following = []
            for node in front:
                for other, _ in self.moves_among(node, near, reverse=True):
                    if other not in behind and other in ahead and ahead[other] + depth + 1 <= hops:
                        behind[other] = depth + 1
                        following.append(other)
            front, depth = following, depth + 1
        return behind

    def _level(self, front: list[str], seen: dict[str, int], depth: int, reverse: bool) -> list[str]:
        """The next breadth-first level from `front` (entities `depth` moves away), noted in `seen`."""
        prefetch(self.graph, front)
        following = []
        for node in front:
            for other, _ in self.moves(node, reverse):
                if other not in seen:
                    seen[other] = depth + 1
                    following.append(other)
        return following

    def big(self, node: str, others: int = 0) -> bool:
        """Whether `node`'s moves to `others` entities are better read from their side
        (a StoreGraph hub; never on a networkx graph, which holds everything already)."""
        worth = getattr(self.graph, "worth", None)
        return worth is not None and bool(worth(node, others))

    def _cost(self, nodes: list[str]) -> int:
        return sum(int(self.graph.degree(node)) for node in nodes)
