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
    - brokerage: betweenness restricted to giver-to-official shortest paths
      (`networkx.betweenness_centrality_subset`, unnormalized, unweighted): for each
      giver and official, the share of their shortest paths through the broker, summed;
    - exclusivity: the number of givers who *rely* on the broker: for some official,
      every shortest path from the giver to that official passes through the broker;
    - paths: a few example giver-to-official shortest paths through the broker, as
      relation ids (the lowest relation id where two entities share several ties),
      those of givers who rely on the broker first.

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

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import networkx as nx

from encircle.graph.stores import Store
from encircle.queries.case import CaseIndex

TIES = ("GIFT", "EMPLOYED_BY", "RELATIVE_OF", "ASSOCIATE_OF", "OWNS", "DIRECTS")


@dataclass(frozen=True)
class Broker:
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
    return sorted({r.source_id for r in index.by_type["GIFT"]})


def officials(index: CaseIndex) -> list[str]:
    posted = {
        r.source_id
        for r in index.by_type["HOLDS_POST"]
        if (body := index.entities.get(r.target_id)) is not None and body.type == "PublicBody"
    }
    named = {e.id for e in index.entities.values() if "official" in e.roles}
    return sorted(named | posted | {r.source_id for r in index.by_type["APPROVED"]})


def brokers(case: Store | CaseIndex, hub_degree: int = 100, examples: int = 3) -> list[Broker]:
    """Brokers between givers and officials, ranked (see the module doc)."""
    index = case if isinstance(case, CaseIndex) else CaseIndex.of(case)
    graph = benefit_graph(index, hub_degree)
    sources = [g for g in givers(index) if g in graph]
    targets = [o for o in officials(index) if o in graph]
    scores = nx.betweenness_centrality_subset(graph, sources, targets, normalized=False)
    through = _paths_through(graph, sources, targets)
    found = []
    for node, score in scores.items():
        if score <= 0:
            continue
        entity = index.entities[node]
        routes = through[node]
        reliant = sorted({g for g, _, _, exclusive in routes if exclusive})
        found.append(
            Broker(
                node,
                entity.name,
                entity.roles,
                round(score, 4),
                len(reliant),
                tuple(reliant),
                tuple(sorted({g for g, _, _, _ in routes})),
                tuple(sorted({o for _, o, _, _ in routes})),
                _examples(graph, routes, examples),
            )
        )
    return sorted(found, key=lambda b: (-b.brokerage, -b.exclusivity, b.id))


Route = tuple[str, str, tuple[str, ...], bool]  # giver, official, a shortest path's nodes, broker on all of them


def _paths_through(graph: nx.DiGraph, sources: Iterable[str], targets: list[str]) -> dict[str, list[Route]]:
    """For every interior node: the giver-official shortest paths through it, and whether
    it is on every shortest path of that pair (it is then alone on its level of the
    shortest-path DAG: each shortest path visits exactly one node per level)."""
    through: dict[str, list[Route]] = defaultdict(list)
    backwards = graph.reverse(copy=False)
    from_target = {t: nx.single_source_shortest_path_length(backwards, t) for t in targets}
    for giver in sources:
        from_giver = nx.single_source_shortest_path_length(graph, giver)
        for official in targets:
            length = from_giver.get(official)
            if not length or length < 2:
                continue
            back = from_target[official]
            on_paths = [n for n, d in from_giver.items() if d + back.get(n, length + 1) == length]
            levels: dict[int, list[str]] = defaultdict(list)
            for node in on_paths:
                levels[from_giver[node]].append(node)
            for path in sorted(nx.all_shortest_paths(graph, giver, official)):
                for node in path[1:-1]:
                    through[node].append((giver, official, tuple(path), len(levels[from_giver[node]]) == 1))
    return through


def _examples(graph: nx.DiGraph, routes: list[Route], count: int) -> tuple[tuple[str, ...], ...]:
    """`count` example paths as relation ids, from givers who rely on the broker first."""
    chosen = sorted(routes, key=lambda r: (not r[3], r[0], r[1], r[2]))
    paths = dict.fromkeys(_relations(graph, nodes) for _, _, nodes, _ in chosen)
    return tuple(list(paths)[:count])


def _relations(graph: nx.DiGraph, nodes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(min(graph[a][b]["relations"]) for a, b in pairwise(nodes))
