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

`prefetch(nodes)` reads a breadth-first level at once (one indexed query per 900 nodes);
the degrees of everything that level reaches are read together, in one batch, the first
time one of them is asked for (a search that excludes hubs asks at once; one that allows
them hardly ever, so reading a hub's 100,000 neighbours costs no 100,000 degree counts).

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
BATCH = 20_000  # degrees read together at most (a hub's neighbours are read one by one, if ever)
PARTIAL = 2_000  # relations beyond which a search reads a node's relations only with the entities it may enter


class StoreGraph:
    """A lazily read, cached view of a store as the search needs it (see the module)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._out: dict[str, Adjacency] = {}
        self._in: dict[str, Adjacency] = {}
        self._degrees: dict[str, int] = {}
        self._types: dict[str, str | None] = {}  # None: no such entity
        self._batches: dict[str, list[str]] = {}  # node -> the reached nodes whose degrees are read with its
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
            batch = self._batches.get(node, [])
            wanted = [n for n in batch if n not in self._degrees] if len(batch) <= BATCH else []
            found = self.store.degrees([node, *wanted])
            self._degrees.update((n, found.get(n, 0)) for n in [node, *wanted])
        return self._degrees[node]

    def prefetch(self, nodes: Iterable[str], types: bool = False) -> None:
        """Read the adjacency of `nodes` not read yet, and note every neighbour they reach
        as one batch whose degrees are read when the first is asked for (with `types`,
        read their entity types now)."""
        nodes = list(dict.fromkeys(nodes))
        missing = [n for n in nodes if n not in self._out]
        if missing:
            self._read(missing)
        reached = {other for n in nodes for side in (self._out[n], self._in[n]) for other in side}
        unknown = [n for n in sorted(reached) if n not in self._degrees]
        for node in unknown:
            self._batches.setdefault(node, unknown)
        if types:
            self.load_types(n for n in sorted(reached) if n not in self._types)

    def partial(self, node: str, others: Iterable[str]) -> tuple[Adjacency, Adjacency]:
        """`succ[node]` and `pred[node]` restricted to `others`, in the same order, read
        from the other side: from the adjacency of `others` (read now if need be), so a
        hub's 100,000 relations stay unread when the search can enter only a few of its
        neighbours. A neighbour comes in the order of its first relation id, as in the
        whole adjacency, so the subset keeps the order."""
        wanted = [other for other in dict.fromkeys(others) if other != node]
        self.prefetch([other for other in wanted if other not in self._out])
        leaving, entering = [], []
        for other in wanted:
            if relations := self._in[other].get(node):  # node -> other, in id order
                leaving.append((next(iter(relations)), other, relations))
            if relations := self._out[other].get(node):
                entering.append((next(iter(relations)), other, relations))
        return {o: r for _, o, r in sorted(leaving)}, {o: r for _, o, r in sorted(entering)}

    def worth(self, node: str, others: int) -> bool:
        """Whether `partial` with `others` entities beats reading `node` whole (or going
        through all its relations, read already): it has many more relations than that."""
        degree = self.degree(node)
        return degree > PARTIAL and 4 * others < degree

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
