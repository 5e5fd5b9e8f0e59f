"""Community detection on the benefit and relationship graph: one implementation, two
backends behind the same call.

The graph
    One undirected weighted graph of the case: GIFT and APPROVED relations weigh
    1 + log10(1 + amount) (1 without an amount), standing ties (kinship, employment,
    ownership, directorship, association, posts) weigh 1, and parallel relations add up.
    PublicBody nodes are left out: a bureau links every official who works there and
    would glue the whole case into one community.

Backends
    - ``"networkx"``: Louvain (`networkx.community.louvain_communities`), pure Python;
    - ``"leiden"``: Leiden (python-igraph's C implementation, `Graph.community_leiden`),
      same objective (modularity with a resolution), about 30 times faster than Louvain
      on 100,000 nodes (docs/analysis.md); installed with the ``notebook`` extra. The
      `leidenalg` package implements the same algorithm but ran 11x slower than igraph's
      on the benchmark graph, so encircle does not use it;
    - ``"auto"`` (default): leiden when it is installed and the graph has at least
      AUTO_LEIDEN_NODES nodes, networkx otherwise. Small cases (every hand-built test,
      the demo) therefore give the same groups whether or not leiden is installed.

Both are deterministic for a seed: nodes are handed over in sorted order and the
result is returned in a canonical order (largest first, then by first member).

>>> import networkx as nx
>>> graph = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")])
>>> partition(graph, seed=7, backend="networkx")
[('a', 'b', 'c'), ('x', 'y', 'z')]
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal

from encircle.graph.errors import QueryError
from encircle.graph.records import Relation
from encircle.queries.detection.case import CaseIndex

if TYPE_CHECKING:  # imported where a graph is built: the detectors that use is_flow need no networkx
    import networkx as nx

__all__ = [
    "AUTO_LEIDEN_NODES",
    "BACKENDS",
    "Backend",
    "Edges",
    "Partition",
    "canonical",
    "case_partition",
    "chosen_backend",
    "community_graph",
    "flows_by_community",
    "gifts_reaching_each",
    "is_flow",
    "leiden_available",
    "modularity",
    "partition",
    "weighted_edges",
]

Backend = Literal["auto", "networkx", "leiden"]
BACKENDS: tuple[Backend, ...] = ("auto", "networkx", "leiden")
FLOWS = ("GIFT", "APPROVED")
AUTO_LEIDEN_NODES = 5_000  # below this Louvain takes well under a second
Partition = list[tuple[str, ...]]


Edges = dict[tuple[int, int], float]  # (i, j) node positions, i < j -> summed weight


def weighted_edges(index: CaseIndex) -> tuple[list[str], Edges]:
    """The community graph as plain data: its nodes, sorted, and the summed weight of each
    pair of them (by position in `nodes`), in the order the pairs are first met going
    through the relations by id."""
    nodes = sorted(e.id for e in index.entities.values() if e.type != "PublicBody")
    position = {node: i for i, node in enumerate(nodes)}.get
    edges: Edges = {}
    for r in sorted(index.relations, key=_id):
        u, v = position(r.source_id), position(r.target_id)
        if u is None or v is None or u == v:
            continue
        key = (u, v) if u < v else (v, u)
        weight = 1 + math.log10(1 + r.amount) if r.amount and r.type in FLOWS else 1.0
        edges[key] = edges.get(key, 0.0) + weight
    return nodes, edges


def _id(relation: Relation) -> str:
    return relation.id


def community_graph(index: CaseIndex) -> nx.Graph:
    """The weighted undirected graph communities are found on (see the module doc)."""
    nodes, edges = weighted_edges(index)
    return _nx_graph(nodes, edges)


def _nx_graph(nodes: list[str], edges: Edges) -> nx.Graph:
    # Pairs are added in first-met order, so every node's neighbours come in the order one
    # add_edge per relation would give them, and Louvain sees the very same graph.
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_weighted_edges_from((nodes[u], nodes[v], w) for (u, v), w in edges.items())
    return graph


def leiden_available() -> bool:
    """True when python-igraph, which the leiden backend needs, can be imported."""
    try:
        import igraph  # noqa: F401
    except ImportError:
        return False
    return True


def chosen_backend(graph: nx.Graph | int, backend: str = "auto") -> Literal["networkx", "leiden"]:
    """The backend `backend` resolves to for `graph` (or for a graph of that many nodes).

    >>> import networkx as nx
    >>> chosen_backend(nx.path_graph(3), "auto")
    'networkx'
    """
    if backend not in BACKENDS:
        raise QueryError(f"backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
    if backend == "leiden":
        if not leiden_available():
            raise QueryError("the leiden backend needs python-igraph: pip install 'encircle[notebook]'")
        return "leiden"
    nodes = graph if isinstance(graph, int) else graph.number_of_nodes()
    if backend == "auto" and nodes >= AUTO_LEIDEN_NODES and leiden_available():
        return "leiden"
    return "networkx"


def partition(graph: nx.Graph, seed: int = 7, resolution: float = 1.0, backend: str = "auto") -> Partition:
    """Communities of `graph` (edge attribute `weight`), each a sorted tuple of nodes,
    largest first. Every node is in exactly one community."""
    if graph.number_of_nodes() == 0:
        return []
    if chosen_backend(graph, backend) == "leiden":
        nodes = sorted(graph)
        position = {node: i for i, node in enumerate(nodes)}
        edges = {_pair(position[u], position[v]): float(w) for u, v, w in graph.edges(data="weight", default=1.0)}
        return canonical(_leiden(nodes, edges, seed, resolution))
    import networkx as nx

    return canonical(nx.community.louvain_communities(graph, weight="weight", resolution=resolution, seed=seed))


def _pair(u: int, v: int) -> tuple[int, int]:
    return (u, v) if u < v else (v, u)


def case_partition(index: CaseIndex, seed: int = 7, resolution: float = 1.0, backend: str = "auto") -> Partition:
    """`partition(community_graph(index), ...)`, without building the networkx graph when
    Leiden runs: at 100,000 entities that graph took longer to build than Leiden to run."""
    nodes, edges = weighted_edges(index)
    if not nodes:
        return []
    if chosen_backend(len(nodes), backend) == "leiden":
        return canonical(_leiden(nodes, edges, seed, resolution))
    return partition(_nx_graph(nodes, edges), seed, resolution, "networkx")


def canonical(communities: Iterable[Iterable[str]]) -> Partition:
    """Communities as sorted tuples, largest first, ties by first member."""
    return sorted((tuple(sorted(c)) for c in communities), key=lambda c: (-len(c), c))


def _leiden(nodes: list[str], edges: Edges, seed: int, resolution: float) -> list[list[str]]:
    """Leiden on sorted `nodes`, the edges handed over sorted by node position."""
    import random

    import igraph
    import numpy as np

    pairs = np.array(list(edges), dtype=np.int64).reshape(-1, 2)
    order = np.lexsort((pairs[:, 1], pairs[:, 0]))
    weights = np.fromiter(edges.values(), dtype=np.float64, count=len(edges))[order]
    ig = igraph.Graph(n=len(nodes))
    ig.add_edges(pairs[order])  # 6x faster than Graph(edges=...) from the same array
    # igraph draws from one process-wide generator (Python's `random` by default): give it
    # a private seeded one for this call, so the seed alone fixes the result.
    igraph.set_random_number_generator(random.Random(seed))
    try:
        # two iterations (igraph's default): iterating to a fixed point (-1) gained 0.2%
        # modularity on the benchmark for 7x the time
        found = ig.community_leiden(
            objective_function="modularity", weights=weights.tolist(), resolution=resolution, n_iterations=2
        )
    finally:
        igraph.set_random_number_generator(random)
    # grouped from the membership vector: iterating the VertexClustering builds its
    # communities in Python, 14 s of a million-node run
    communities: dict[int, list[str]] = {}
    for node, label in zip(nodes, found.membership, strict=True):
        communities.setdefault(label, []).append(node)
    return list(communities.values())


def modularity(graph: nx.Graph, communities: Partition, resolution: float = 1.0) -> float:
    """Weighted modularity of a partition (the quality both backends maximise)."""
    import networkx as nx

    return float(nx.community.modularity(graph, communities, weight="weight", resolution=resolution))


# -- what flows inside a group (shared by the interest_group detector and groups.py) --


def is_flow(index: CaseIndex, relation: Relation) -> bool:
    """A GIFT or an APPROVED relation, except a gift inside a family (family life)."""
    if relation.type == "GIFT":
        return not index.are_relatives(relation.source_id, relation.target_id)
    return relation.type == "APPROVED"


def flows_by_community(index: CaseIndex, communities: Sequence[Sequence[str]]) -> list[list[Relation]]:
    """The benefit flows between members of each community (by source member, then
    relation order), every community at once, in one pass over the relations instead
    of one pass over each community's adjacency."""
    where = {m: (label, i) for label, members in enumerate(communities) for i, m in enumerate(members)}
    found: list[list[tuple[int, Relation]]] = [[] for _ in communities]
    for r in index.relations:  # relation order, as index.out() gives it
        if r.type not in FLOWS or r.source_id not in where:
            continue
        label, i = where[r.source_id]
        if where.get(r.target_id, (None,))[0] == label and is_flow(index, r):
            found[label].append((i, r))
    # a stable sort by the source's place in the community: by source, then relation order
    return [[r for _, r in sorted(flows, key=_first)] for flows in found]


def _first(pair: tuple[int, Relation]) -> int:
    return pair[0]


def gifts_reaching_each(
    index: CaseIndex, officials: Iterable[str], members: Iterable[str], flows: Iterable[Relation]
) -> dict[str, list[Relation]]:
    """For each of `officials`, the gifts among `flows` into the official or a member of
    their circle inside the group (`members`), in one pass over `flows`."""
    inside = set(members)
    reached: dict[str, list[Relation]] = {official: [] for official in officials}
    around: dict[str, list[str]] = {}  # receiver -> officials a gift to them reaches
    for official in reached:
        for receiver in {official} | (index.circle(official).keys() & inside):
            around.setdefault(receiver, []).append(official)
    for r in flows:
        if r.type == "GIFT":
            for official in around.get(r.target_id, ()):
                if r.source_id != official:
                    reached[official].append(r)
    return reached
