"""Path search on the embedded store's networkx graph.

Simple paths are enumerated depth-first, pruned by the hop distance to the target (a
lower bound on what is left), so the search never wanders further than the bound allows;
time order is checked as each step is taken, so a path that breaks it is cut at once.
"""

from __future__ import annotations

from collections.abc import Iterator

from encircle.queries.paths.model import Hop, Path, PathQuery
from encircle.queries.paths.traversal import Graph, Traversal
from encircle.queries.timeline import Clock, TimeCheck

__all__ = ["candidate_paths"]


def candidate_paths(graph: Graph, source: str, target: str, query: PathQuery, allow_hubs: bool) -> list[Path]:
    """The paths a query asks for, with hubs allowed or not; ordering is the caller's."""
    if source not in graph or target not in graph:
        return []
    walk = Traversal(graph, query.filters, frozenset({source, target}), allow_hubs)
    shortest = walk.distance(source, target, query.max_hops)
    if shortest is None:
        return []  # settled from both ends: far or separate entities cost two small searches
    search = _Search(walk, target, {}, TimeCheck(query.max_gap_days) if query.time_respecting else None)
    # Shortest first: iterative deepening keeps the answer ordered by length, so a cut at
    # `limit` drops the longest paths, never a shorter one.
    found: list[Path] = []
    for hops in range(shortest, query.max_hops + 1):
        # Distances to the target exact where a path of `hops` steps can pass (an entity
        # missing here is pruned, as it would be): read from both ends, never further.
        search.to_target = walk.to_target(source, target, hops)
        found += _take(search.paths(source, hops), query.limit + 1 - len(found))
        if len(found) > query.limit or (found and query.mode == "shortest") or len(found) >= _enough(query):
            break
    return found


def _enough(query: PathQuery) -> int:
    return query.k if query.mode == "k" else query.limit + 1


def _take(paths: Iterator[Path], count: int) -> list[Path]:
    taken = []
    for path in paths:
        taken.append(path)
        if len(taken) == count:
            break
    return taken


class _Search:
    def __init__(self, walk: Traversal, target: str, to_target: dict[str, int], time: TimeCheck | None) -> None:
        self.walk = walk
        self.target = target
        self.to_target = to_target
        self.time = time

    def paths(self, source: str, hops: int) -> Iterator[Path]:
        """Simple paths from source to target of exactly `hops` steps."""
        clock = self.time.start() if self.time else None
        yield from self._extend(source, [], {source}, hops, clock)

    def _extend(self, node: str, steps: list[Hop], visited: set[str], left: int, clock: Clock | None) -> Iterator[Path]:
        near = [other for other, d in self.to_target.items() if d <= left - 1] if self.walk.big(node) else []
        for other, relation in self.walk.moves_among(node, near):
            if other in visited or self.to_target.get(other, left) > left - 1:
                continue
            next_clock = clock
            if self.time is not None and clock is not None:
                next_clock = self.time.advance(clock, relation)
                if next_clock is None:
                    continue
            steps.append(Hop(node, other, relation))
            if other == self.target:
                if left == 1:
                    yield self._path(steps)
            elif left > 1:
                visited.add(other)
                yield from self._extend(other, steps, visited, left - 1, next_clock)
                visited.discard(other)
            steps.pop()

    def _path(self, steps: list[Hop]) -> Path:
        hubs = tuple(s.target for s in steps[:-1] if self.walk.is_hub(s.target))
        return Path(tuple(steps), hubs)
