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

>>> graph = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")])
>>> partition(graph, seed=7, backend="networkx")
[('a', 'b', 'c'), ('x', 'y', 'z')]
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Literal

import networkx as nx

from encircle.graph.errors import QueryError
from encircle.graph.records import Relation
from encircle.queries.case import CaseIndex

Backend = Literal["auto", "networkx", "leiden"]
BACKENDS: tuple[Backend, ...] = ("auto", "networkx", "leiden")
FLOWS = ("GIFT", "APPROVED")
AUTO_LEIDEN_NODES = 5_000  # below this Louvain takes well under a second
Partition = list[tuple[str, ...]]


def community_graph(index: CaseIndex) -> nx.Graph:
    """The weighted undirected graph communities are found on (see the module doc)."""
    graph = nx.Graph()
    graph.add_nodes_from(sorted(e.id for e in index.entities.values() if e.type != "PublicBody"))
    for r in sorted(index.relations, key=lambda r: r.id):
        if r.source_id == r.target_id or r.source_id not in graph or r.target_id not in graph:
            continue
        weight = 1 + math.log10(1 + r.amount) if r.type in FLOWS and r.amount else 1.0
        previous = graph.get_edge_data(r.source_id, r.target_id, {"weight": 0.0})["weight"]
        graph.add_edge(r.source_id, r.target_id, weight=previous + weight)
    return graph


def leiden_available() -> bool:
    try:
        import igraph  # noqa: F401
    except ImportError:
        return False
    return True


def chosen_backend(graph: nx.Graph, backend: str = "auto") -> Literal["networkx", "leiden"]:
    """The backend `backend` resolves to for `graph`.

    >>> chosen_backend(nx.path_graph(3), "auto")
    'networkx'
    """
    if backend not in BACKENDS:
        raise QueryError(f"backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
    if backend == "leiden":
        if not leiden_available():
            raise QueryError("the leiden backend needs python-igraph: pip install 'encircle[notebook]'")
        return "leiden"
    if backend == "auto" and graph.number_of_nodes() >= AUTO_LEIDEN_NODES and leiden_available():
        return "leiden"
    return "networkx"


def partition(graph: nx.Graph, seed: int = 7, resolution: float = 1.0, backend: str = "auto") -> Partition:
    """Communities of `graph` (edge attribute `weight`), each a sorted tuple of nodes,
    largest first. Every node is in exactly one community."""
    if graph.number_of_nodes() == 0:
        return []
    if chosen_backend(graph, backend) == "leiden":
        found = _leiden(graph, seed, resolution)
    else:
        found = nx.community.louvain_communities(graph, weight="weight", resolution=resolution, seed=seed)
    return canonical(found)


def canonical(communities: Iterable[Iterable[str]]) -> Partition:
    """Communities as sorted tuples, largest first, ties by first member."""
    return sorted((tuple(sorted(c)) for c in communities), key=lambda c: (-len(c), c))


def _leiden(graph: nx.Graph, seed: int, resolution: float) -> list[list[str]]:
    import random

    import igraph

    nodes = sorted(graph)
    position = {node: i for i, node in enumerate(nodes)}
    edges = sorted((min(position[u], position[v]), max(position[u], position[v])) for u, v in graph.edges())
    weights = [float(graph[nodes[u]][nodes[v]].get("weight", 1.0)) for u, v in edges]
    ig = igraph.Graph(n=len(nodes), edges=edges)
    # igraph draws from one process-wide generator (Python's `random` by default): give it
    # a private seeded one for this call, so the seed alone fixes the result.
    igraph.set_random_number_generator(random.Random(seed))
    try:
        # two iterations (igraph's default): iterating to a fixed point (-1) gained 0.2%
        # modularity on the benchmark for 7x the time
        found = ig.community_leiden(
            objective_function="modularity", weights=weights, resolution=resolution, n_iterations=2
        )
    finally:
        igraph.set_random_number_generator(random)
    return [[nodes[i] for i in community] for community in found]


def modularity(graph: nx.Graph, communities: Partition, resolution: float = 1.0) -> float:
    """Weighted modularity of a partition (the quality both backends maximise)."""
    return float(nx.community.modularity(graph, communities, weight="weight", resolution=resolution))


# -- what flows inside a group (shared by the interest_group detector and groups.py) --


def is_flow(index: CaseIndex, relation: Relation) -> bool:
    """A GIFT or an APPROVED relation, except a gift inside a family (family life)."""
    if relation.type == "GIFT":
        return relation.target_id not in index.relatives(relation.source_id)
    return relation.type == "APPROVED"


def flows_inside(index: CaseIndex, members: Iterable[str]) -> list[Relation]:
    """Benefit flows between members, by source member then relation order."""
    members = list(members)
    inside = set(members)
    return [r for m in members for r in index.out(m, *FLOWS) if r.target_id in inside and is_flow(index, r)]


def gifts_reaching(
    index: CaseIndex, official: str, members: Iterable[str], flows: Iterable[Relation]
) -> list[Relation]:
    """The gifts among `flows` into `official` or a member of their circle inside the group."""
    around = {official} | (set(index.circle(official)) & set(members))
    return [r for r in flows if r.type == "GIFT" and r.target_id in around and r.source_id != official]
