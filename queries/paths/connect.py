"""The connecting network among several entities: the union of the shortest paths
between every pair, with intermediaries ranked by how many of those paths cross them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import combinations
from typing import Any

from encircle.graph.errors import QueryError
from encircle.graph.stores import Store
from encircle.queries.lookup import resolve
from encircle.queries.paths.engine import engine_for
from encircle.queries.paths.find import paths_between
from encircle.queries.paths.model import Path, PathQuery

__all__ = ["Network", "connect"]


@dataclass(frozen=True)
class Network:
    """What :func:`connect` returns: the given entities, the shortest paths between each
    pair, the intermediaries by how many of those paths cross them, the pairs left
    unconnected, and entity names."""

    given: tuple[str, ...]
    paths: tuple[Path, ...]
    intermediaries: tuple[tuple[str, int], ...]  # (entity id, paths through it), most first
    unconnected: tuple[tuple[str, str], ...]  # pairs with no path within the bound
    names: Mapping[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "given": list(self.given),
            "paths": [p.to_dict() for p in self.paths],
            "intermediaries": [{"id": i, "paths": n, "name": self.names.get(i)} for i, n in self.intermediaries],
            "unconnected": [list(pair) for pair in self.unconnected],
            "names": dict(self.names),
        }


def connect(store: Store, references: Sequence[str], query: PathQuery | None = None) -> Network:
    """Shortest paths between each pair of the given entities, and who sits on them."""
    given = tuple(dict.fromkeys(resolve(store, ref).id for ref in references))
    if len(given) < 2:
        raise QueryError("connect needs at least two different entities")
    query = replace(query or PathQuery(), mode="shortest")
    engine = engine_for(store)
    paths: list[Path] = []
    unconnected = []
    names: dict[str, str] = {}
    for source, target in combinations(given, 2):
        result = paths_between(engine, store, source, target, query)
        paths += result.paths
        names.update(result.names)
        if not result.paths:
            unconnected.append((source, target))
    crossings = Counter(node for path in paths for node in set(path.nodes[1:-1]) if node not in given)
    ranked = tuple(sorted(crossings.items(), key=lambda item: (-item[1], item[0])))
    return Network(given, tuple(paths), ranked, tuple(unconnected), names)
