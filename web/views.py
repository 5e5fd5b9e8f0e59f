"""The graph views the workbench frames: around an entity, along paths, a finding.

They are drawn by graph/views (the same pages `encircle view` writes, with vis-network
served once from /assets/), but select what to draw through the query engine's
adjacency, an index lookup on both stores, instead of reading every relation.

Around an entity, a hub (more relations than `hub_degree`) other than the entity itself
is not walked through: its own members are drawn as leaves, which the view collapses
into one node ("385 more officials via House of Commons").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from encircle.graph.records import Entity, Relation, relation_from_properties
from encircle.graph.stores import Store
from encircle.graph.views import ViewNetwork, build_view
from encircle.queries.detection.findings import Finding
from encircle.queries.paths.engine import engine_for
from encircle.queries.paths.model import Filters, PathResult

DEFAULT_HUB_DEGREE = 100
MAX_HOPS = 3


def around_network(store: Store, entity: Entity, hops: int = 1, hub_degree: int = DEFAULT_HUB_DEGREE) -> ViewNetwork:
    """The neighbourhood of `entity` within `hops`, hubs not walked through."""
    engine = engine_for(store)
    filters = Filters()
    seen, frontier = {entity.id}, [entity.id]
    members: set[str] = set()  # reached only through a hub: drawn, collapsed, not explored
    found: dict[str, Mapping[str, Any]] = {}
    for _ in range(hops):
        degrees = engine.degrees(frontier)
        hubs = {node for node in frontier if degrees.get(node, 0) > hub_degree}
        reached = []
        for node, other, relation in engine.adjacent(frontier, filters):
            found[str(relation["id"])] = relation
            if other not in seen:
                seen.add(other)
                if node in hubs:
                    members.add(other)
                if node not in hubs or node == entity.id:
                    reached.append(other)
        frontier = reached
    # the relations among what was reached (a spouse who is also a business partner),
    # leaving out a hub's members: they are collapsed into one node anyway
    found.update((str(r["id"]), r) for r in engine.relations_among(seen - members, filters))
    entities = store.get_entities(sorted(seen))
    plural = "s" if hops != 1 else ""
    return build_view(
        entities.values(),
        _relations(found.values()),
        title=f"Around {entity.name} ({hops} hop{plural})",
        focus=(entity.id,),
    )


def path_network(store: Store, result: PathResult) -> ViewNetwork:
    """The paths of a query, each highlighted, steps numbered along the path."""
    relations = {str(s.relation["id"]): s.relation for p in result.paths for s in p.steps}
    ids = {node for p in result.paths for node in p.nodes} | {result.source, result.target}
    names = result.names
    count = len(result.paths)
    return build_view(
        store.get_entities(sorted(ids)).values(),
        _relations(relations.values()),
        highlight=[p.relations for p in result.paths],
        title=f"{names.get(result.source, result.source)} \u2192 {names.get(result.target, result.target)}",
        focus=(result.source, result.target),
        subtitle=f"{count} path{'s' if count != 1 else ''}",
        numbering="path",
    )


def finding_network(store: Store, finding: Finding) -> ViewNetwork:
    """A finding with its evidence numbered by date and, as context, the other relations
    among its entities."""
    chains = [[s.relation for s in chain.steps] for chain in finding.evidence]
    ids = set(finding.entities) | {e for c in finding.evidence for s in c.steps for e in (s.source_id, s.target_id)}
    relations = engine_for(store).relations_among(ids, Filters())
    return build_view(
        store.get_entities(sorted(ids)).values(),
        _relations(relations),
        highlight=chains,
        title=f"{finding.tactic} [{finding.verdict}] score {finding.score:.2f} \u00b7 {finding.id}",
        focus=sorted(set(finding.entities)),
        subtitle=finding.explanation,
    )


def _relations(found: Iterable[Mapping[str, Any]]) -> Sequence[Relation]:
    unique = {str(r["id"]): r for r in found}
    return [relation_from_properties(dict(unique[key])) for key in sorted(unique)]
