"""Brokers: the intermediaries between those who give and the officials they reach.

Methodology
    The benefit graph holds the ties a benefit can travel along: GIFT from giver to
    receiver only (a gift carries benefit one way: the classmates of an official who
    once took a gift from a businessman do not reach other officials through that
    businessman), and EMPLOYED_BY, RELATIVE_OF, ASSOCIATE_OF, OWNS and DIRECTS both ways
    (not approvals, which flow out of officials, nor posts). PublicBody nodes are left out, and so are other
    entities with more than `hub_degree` ties that are neither givers nor officials: a
    bureau employing everyone, or a registered-agent firm, is a hub, not a broker.

    - sources: givers, every entity that gave a GIFT; targets: officials, entities with
      the official role, a post at a PublicBody, or an approval to their name (a vice
      chairman of a chamber of commerce holds a post, but is no official);
    - brokerage: betweenness restricted to giver-to-official shortest paths of at most
      `max_hops` ties (None: any length), unnormalized and unweighted: for each giver
      and official, the share of their shortest paths through the broker, summed. It is
      `networkx.betweenness_centrality_subset`'s arithmetic (Brandes), run once per
      giver in the same walk that collects the paths, and visiting only nodes on some
      path of at most `max_hops` ties to an official;
    - exclusivity: the number of givers who *rely* on the broker: for some official,
      every shortest path from the giver to that official passes through the broker;
    - paths: a few example giver-to-official shortest paths through the broker, as
      relation ids (the lowest relation id where two entities share several ties),
      those of givers who rely on the broker first.

    Paths are bounded: `max_hops` (3) ties at most, so two intermediaries (a gift to the
    son's firm, the son, the official). In a whole case most givers reach most officials
    in four or five ties through friendships and kin, and every such pair's shortest
    paths had to be enumerated: unbounded, a 10,000-entity case took more than 15
    minutes; with 3 hops a 100,000-entity case takes about half a minute (4 hops: 3.5
    minutes). Pass `max_hops=None` for paths of any length on a small case.

    Brokers are ranked by brokerage, then exclusivity, then id. Givers and officials can
    be brokers too (a chairman between his bank and an official), as long as they sit
    inside someone else's path.

Why it matters
    The source document's "roundabout" tactic: a businessman who never pays the official
    but his secretary, driver, son or "brother". The broker is who to interview, and an
    exclusive broker is the one without whom the giver had no way in.

>>> from encircle.graph.records import Entity, Relation
>>> index = CaseIndex([Entity("a", "Person", "A"), Entity("b", "Person", "B"), Entity("sec", "Person", "Sec"),
...                    Entity("off", "Person", "Off", roles=("official",))],
...                   [Relation("ga", "GIFT", "a", "sec"), Relation("gb", "GIFT", "b", "sec"),
...                    Relation("e", "EMPLOYED_BY", "sec", "off")])
>>> [(b.id, b.brokerage, b.exclusivity, b.paths) for b in brokers(index)]
[('sec', 2.0, 2, (('ga', 'e'), ('gb', 'e')))]
"""

from __future__ import annotations

from bisect import insort
from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import networkx as nx

from encircle.graph.stores import Store
from encircle.queries.detection.case import CaseIndex

__all__ = ["TIES", "Broker", "benefit_graph", "brokers", "givers", "officials"]

TIES = ("GIFT", "EMPLOYED_BY", "RELATIVE_OF", "ASSOCIATE_OF", "OWNS", "DIRECTS")
MAX_HOPS: int | None = 3  # ties on a giver-official path: a gift to the son's firm, the son, the official


@dataclass(frozen=True)
class Broker:
    """One broker as :func:`brokers` ranks it: brokerage and exclusivity (see the module
    docstring), the givers who rely on it, the givers and officials whose shortest paths
    pass through it, and example paths as relation ids."""

    id: str
    name: str
    roles: tuple[str, ...]
    brokerage: float  # giver-to-official betweenness
    exclusivity: int  # givers whose every shortest path to some official passes here
    reliant_givers: tuple[str, ...]
    givers: tuple[str, ...]  # givers with a shortest path through the broker
    officials: tuple[str, ...]  # officials reached through the broker
    paths: tuple[tuple[str, ...], ...]  # example paths, as relation ids

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "roles": list(self.roles),
            "brokerage": self.brokerage,
            "exclusivity": self.exclusivity,
            "reliant_givers": list(self.reliant_givers),
            "givers": list(self.givers),
            "officials": list(self.officials),
            "paths": [list(p) for p in self.paths],
        }


def benefit_graph(index: CaseIndex, hub_degree: int = 100) -> nx.DiGraph:
    """The directed graph of TIES (gifts one way, other ties both ways) without PublicBody
    nodes and hubs; each edge keeps the ids of the relations behind it in `relations`."""
    graph = nx.DiGraph()
    for r in sorted(index.relations, key=lambda r: r.id):
        ends = (index.entities.get(r.source_id), index.entities.get(r.target_id))
        if r.type not in TIES or r.source_id == r.target_id or any(e is None or e.type == "PublicBody" for e in ends):
            continue
        arcs = (
            [(r.source_id, r.target_id)]
            if r.type == "GIFT"
            else [(r.source_id, r.target_id), (r.target_id, r.source_id)]
        )
        for a, b in arcs:
            if graph.has_edge(a, b):
                graph[a][b]["relations"].append(r.id)
            else:
                graph.add_edge(a, b, relations=[r.id])
    keep = set(givers(index)) | set(officials(index))
    ties = graph.to_undirected(as_view=True)
    graph.remove_nodes_from([n for n in list(graph) if ties.degree(n) > hub_degree and n not in keep])
    return graph


def givers(index: CaseIndex) -> list[str]:
    """Ids of every entity that gave a GIFT, sorted."""
    return sorted({r.source_id for r in index.by_type["GIFT"]})


def officials(index: CaseIndex) -> list[str]:
    """Ids of the officials, sorted: entities with the official role, a post at a
    PublicBody, or an APPROVED relation of their own."""
    posted = {
        r.source_id
        for r in index.by_type["HOLDS_POST"]
        if (body := index.entities.get(r.target_id)) is not None and body.type == "PublicBody"
    }
    named = {e.id for e in index.entities.values() if "official" in e.roles}
    return sorted(named | posted | {r.source_id for r in index.by_type["APPROVED"]})


def brokers(
    case: Store | CaseIndex, hub_degree: int = 100, examples: int = 3, max_hops: int | None = MAX_HOPS
) -> list[Broker]:
    """Brokers between givers and officials, ranked (see the module doc)."""
    index = case if isinstance(case, CaseIndex) else CaseIndex.of(case)
    graph = benefit_graph(index, hub_degree)
    sources = [g for g in givers(index) if g in graph]
    targets = [o for o in officials(index) if o in graph]
    wanted = set(targets)
    limit = len(graph) if max_hops is None else max_hops
    near = _distance_to(graph, wanted, limit)
    successors = {node: list(graph.succ[node]) for node in graph}
    scores: dict[str, float] = defaultdict(float)
    through: dict[str, _Through] = {}
    for giver in (s for s in sources if s in near):  # the others reach no official
        order, preds, sigma, hops = _shortest_paths(successors, near, giver, limit)
        _accumulate(scores, order, preds, sigma, giver, wanted)
        _add_routes(through, giver, [o for o in order if o in wanted and hops[o] >= 2], preds, examples)
    found = []
    for node, score in scores.items():
        if score <= 0:
            continue
        entity, routes = index.entities[node], through.get(node, _Through())
        found.append(
            Broker(
                node,
                entity.name,
                entity.roles,
                round(score, 4),
                len(routes.reliant),
                tuple(sorted(routes.reliant)),
                tuple(sorted(routes.givers)),
                tuple(sorted(routes.officials)),
                tuple(_relations(graph, nodes) for _, _, _, nodes in routes.first),
            )
        )
    return sorted(found, key=lambda b: (-b.brokerage, -b.exclusivity, b.id))


def _distance_to(graph: nx.DiGraph, targets: set[str], limit: int) -> dict[str, int]:
    """Hops from each node to the nearest of `targets`, for the nodes within `limit`."""
    near = dict.fromkeys(targets, 0)
    frontier = list(targets)
    for hop in range(1, limit + 1):
        reached = []
        for v in frontier:
            for u in graph.pred[v]:
                if u not in near:
                    near[u] = hop
                    reached.append(u)
        frontier = reached
    return near


def _shortest_paths(
    successors: dict[str, list[str]], near: dict[str, int], source: str, limit: int
) -> tuple[list[str], dict[str, list[str]], dict[str, float], dict[str, int]]:
    """Breadth-first from `source`: nodes in the order reached, their predecessors on
    shortest paths, the number of shortest paths and the distance (Brandes' single-source
    step, as networkx's betweenness runs it), over the nodes on some path of at most
    `limit` hops to a target. The others (`near`: hops to the nearest target) are never
    visited: they would add nothing, and the last hop's ring is most of a walk."""
    order: list[str] = []
    preds: dict[str, list[str]] = {source: []}
    sigma = {source: 1.0}
    hops = {source: 0}
    queue = deque([source])
    while queue:
        v = queue.popleft()
        order.append(v)
        here, paths = hops[v], sigma[v]
        for w in successors[v]:
            if w not in hops:
                if here + 1 + near.get(w, limit) > limit:
                    continue
                queue.append(w)
                hops[w], sigma[w], preds[w] = here + 1, 0.0, []
            if hops[w] == here + 1:
                sigma[w] += paths
                preds[w].append(v)
    return order, preds, sigma, hops


def _accumulate(
    scores: dict[str, float],
    order: list[str],
    preds: dict[str, list[str]],
    sigma: dict[str, float],
    source: str,
    targets: set[str],
) -> None:
    """Add each node's share of the source's shortest paths to targets (networkx's
    `_accumulate_subset`, the same arithmetic in the same order)."""
    delta = dict.fromkeys(order, 0.0)
    for w in reversed(order):
        coeff = (delta[w] + 1.0) / sigma[w] if w in targets and w != source else delta[w] / sigma[w]
        for v in preds[w]:
            delta[v] += sigma[v] * coeff
        if w != source:
            scores[w] += delta[w]


Route = tuple[bool, str, str, tuple[str, ...]]  # not exclusive, giver, official, a shortest path's nodes


@dataclass
class _Through:
    """What is known of the giver-official shortest paths through one node."""

    givers: set[str] = field(default_factory=set)
    officials: set[str] = field(default_factory=set)
    reliant: set[str] = field(default_factory=set)  # givers with some official only reached through it
    first: list[Route] = field(default_factory=list)  # the first `examples` routes, exclusive ones first


def _add_routes(
    through: dict[str, _Through], giver: str, reached: list[str], preds: dict[str, list[str]], examples: int
) -> None:
    """Record every shortest path from `giver` to each official in `reached` at each of
    its interior nodes. A node is on all of a pair's shortest paths when it is alone at its
    distance among the nodes of those paths (each path visits one node per distance)."""
    for official in reached:
        paths = sorted(_paths_to(official, preds))
        levels = [set(level) for level in zip(*paths, strict=True)]
        for path in paths:
            for hop, node in enumerate(path[1:-1], 1):
                entry = through.setdefault(node, _Through())
                entry.givers.add(giver)
                entry.officials.add(official)
                exclusive = len(levels[hop]) == 1
                if exclusive:
                    entry.reliant.add(giver)
                route = (not exclusive, giver, official, tuple(path))
                if len(entry.first) < examples or (examples and route < entry.first[-1]):
                    insort(entry.first, route)
                    del entry.first[examples:]


def _paths_to(target: str, preds: dict[str, list[str]]) -> Iterator[list[str]]:
    """Every shortest path from the source (the node without predecessors) to `target`."""
    if not preds[target]:
        yield [target]
        return
    for before in preds[target]:
        for path in _paths_to(before, preds):
            yield [*path, target]


def _relations(graph: nx.DiGraph, nodes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(min(graph[a][b]["relations"]) for a, b in pairwise(nodes))
