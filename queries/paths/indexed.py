"""The embedded store's graph for path queries, read from its indexes as a search goes.

A path query explores the neighbourhood of its two entities, not the case: building the
whole case as a networkx graph first (what `encircle paths` did) cost seconds at 100,000
entities for a search that reads a few thousand relations. `StoreGraph` answers the part
of networkx's MultiDiGraph API the search uses (`node in graph`, `graph.succ[node]`,
`graph.pred[node]`, `graph.degree(node)`, `graph.nodes[node]["type"]`) from
`Store.adjacent`, `Store.degrees` and `Store.get_entities`, and keeps what it read for the
rest of the query. It gives the same answers in the same order as the networkx graph of
`Store.to_networkx`, because it lays each node's relations out the same way: neighbours
in the order of their first relation id, each neighbour's relations by id
(tests/queries/paths/test_indexed.py compares them on generated cases).

`prefetch(nodes)` reads a breadth-first level at once (one indexed query per 900 nodes)
with the degrees of everything it reaches, so a hub is known as a hub before anyone
steps into it.

>>> from encircle.graph.stores import open_store
>>> from encircle.loaders import load
>>> from encircle.loaders.demo import demo_bundle
>>> store = open_store(":memory:")
>>> _ = load([demo_bundle()], store)
>>> graph = StoreGraph(store)
>>> "p-xu" in graph, "nobody" in graph
(True, False)
>>> [(other, list(edges)) for other, edges in graph.pred["p-xu"].items()]
[('p-qian', ['gift-qian-xu-1', 'gift-qian-xu-2'])]
>>> graph.degree("p-xu") == store.to_networkx().degree("p-xu")
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from encircle.graph.records import to_properties
from encircle.graph.stores import Store

__all__ = ["Adjacency", "StoreGraph"]

Props = Mapping[str, Any]
Adjacency = dict[str, dict[str, Props]]  # neighbour -> relation id -> relation properties


class StoreGraph:
    """A lazily read, cached view of a store as the search needs it (see the module)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._out: dict[str, Adjacency] = {}
        self._in: dict[str, Adjacency] = {}
        self._degrees: dict[str, int] = {}
        self._types: dict[str, str | None] = {}  # None: no such entity
        self.succ = _Side(self, self._out)
        self.pred = _Side(self, self._in)
        self.nodes = _Nodes(self)

    def __contains__(self, node: object) -> bool:
        return isinstance(node, str) and self.type_of(node) is not None

    def type_of(self, node: str) -> str | None:
        if node not in self._types:
            self.load_types([node])
        return self._types[node]

    def degree(self, node: str) -> int:
        """Relations touching `node` (a self-loop twice), as networkx counts them."""
        if node not in self._degrees:
            self._degrees.update(self.store.degrees([node]))
            self._degrees.setdefault(node, 0)
        return self._degrees[node]

    def prefetch(self, nodes: Iterable[str], types: bool = False) -> None:
        """Read the adjacency of `nodes` not read yet, then the degrees (and with `types`
        the entity types) of every neighbour they reach, a batch of queries for all."""
        missing = [n for n in dict.fromkeys(nodes) if n not in self._out]
        if missing:
            self._read(missing)
        reached = {other for n in nodes for side in (self._out[n], self._in[n]) for other in side}
        unknown = [n for n in sorted(reached) if n not in self._degrees]
        if unknown:
            found = self.store.degrees(unknown)
            self._degrees.update((n, found.get(n, 0)) for n in unknown)
        if types:
            self.load_types(n for n in sorted(reached) if n not in self._types)

    def load_types(self, nodes: Iterable[str]) -> None:
        wanted = list(dict.fromkeys(nodes))
        if wanted:
            found = self.store.get_entities(wanted)
            self._types.update((n, found[n].type if n in found else None) for n in wanted)

    def _read(self, nodes: list[str]) -> None:
        batch = set(nodes)
        for node in nodes:
            self._out[node], self._in[node] = {}, {}
        for relation in self.store.adjacent(nodes):  # by id: each neighbour first met at its first relation
            props = to_properties(relation)
            source, target = relation.source_id, relation.target_id
            if source in batch:
                self._out[source].setdefault(target, {})[relation.id] = props
            if target in batch:
                self._in[target].setdefault(source, {})[relation.id] = props
        for node in nodes:  # known now: no query needed for these degrees
            self._degrees[node] = sum(map(len, self._out[node].values())) + sum(map(len, self._in[node].values()))


class _Side(Mapping[str, Adjacency]):
    """`graph.succ` or `graph.pred`: a node's neighbours, read on first use."""

    def __init__(self, graph: StoreGraph, sides: dict[str, Adjacency]) -> None:
        self.graph, self.sides = graph, sides

    def __getitem__(self, node: str) -> Adjacency:
        if node not in self.sides:
            self.graph.prefetch([node])
        return self.sides[node]

    def __iter__(self) -> Iterator[str]:
        return iter(self.sides)

    def __len__(self) -> int:
        return len(self.sides)


class _Nodes(Mapping[str, Mapping[str, str]]):
    """`graph.nodes[node]["type"]`: the entity's type (what the queries read of a node)."""

    def __init__(self, graph: StoreGraph) -> None:
        self.graph = graph

    def __getitem__(self, node: str) -> Mapping[str, str]:
        kind = self.graph.type_of(node)
        if kind is None:
            raise KeyError(node)
        return {"type": kind}

    def __iter__(self) -> Iterator[str]:
        return (n for n, kind in self.graph._types.items() if kind is not None)

    def __len__(self) -> int:
        return sum(kind is not None for kind in self.graph._types.values())
