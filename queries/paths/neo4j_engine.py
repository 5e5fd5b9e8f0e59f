"""The Neo4j engine: the query layer's questions answered by Cypher on the server.

It reproduces queries/paths/networkx_paths.py and the EmbeddedEngine exactly (the differential tests
hold both to the same answers):

- every per-step rule (relation types, statuses, date window, direction with symmetric
  types, the hub rule for the entity a step enters) is one predicate inside a quantified
  path pattern (``neo4j_step.cypher``, ``neo4j_hub.cypher``);
- 'shortest' without time order is ``ALL SHORTEST``: the predicates are per step, so the
  shortest walks are the embedded search's first level, simple by construction;
- 'k', 'all' and time-respecting searches deepen one exact length at a time from the
  ``SHORTEST 1`` distance, as the embedded search does, with a bounded pattern
  ``{L}`` and a no-repeated-entity filter. ``SHORTEST k GROUPS`` is not used: Cypher 5
  groups trails, which may repeat an entity, so its groups are not the simple-path levels;
- time order depends on the whole path, which no per-step predicate can express:
  candidates come from the server with every per-step filter applied, in the embedded
  search's order, and timeline.TimeCheck (the same code both stores run) keeps the
  time-respecting ones, reading the stream only until it has enough.

Path lengths are substituted into the Cypher text (quantifier bounds must be literals),
always as an int checked against 1..MAX_HOPS; every value is a parameter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from encircle.graph.cypher import fill, read_cypher
from encircle.graph.stores import Store
from encircle.graph.stores.neo4j import Neo4jStore
from encircle.queries.paths.model import MAX_HOPS, Filters, Hop, Path, PathQuery
from encircle.queries.paths.traversal import SYMMETRIC
from encircle.queries.timeline import TimeCheck, date_bounds

__all__ = ["Neo4jEngine", "filter_params", "query_text"]

RelationProps = Mapping[str, Any]  # a relation as its property map
Row = dict[str, Any]


@cache
def query_text(name: str, hops: int = 0, hubs: bool = True, limit: bool = False) -> str:
    """The query in ``<name>.cypher`` with its fragments spliced in.

    Only package file text and a checked int enter the query: `hops` fills the
    quantifier bound, `hubs=False` adds the hub rule, `limit` the ``LIMIT $limit``.
    """
    if hops and not (isinstance(hops, int) and 1 <= hops <= MAX_HOPS):
        raise ValueError(f"hops must be an int between 1 and {MAX_HOPS}, not {hops!r}")
    step = _text("step") + ("" if hubs else _text("hub"))
    cut = "LIMIT $limit" if limit else ""
    rows = fill(_text("path_rows"), LIMIT=cut)
    return fill(_text(name), ROWS=rows, STEP=step, HOPS=str(hops), LIMIT=cut)


def _text(name: str) -> str:
    return read_cypher("encircle.queries.paths", name)


def filter_params(filters: Filters, forward: bool | None = None) -> dict[str, Any]:
    """The parameters of ``neo4j_step.cypher`` for `filters`."""
    return {
        "types": list(filters.relation_types),
        "statuses": list(filters.statuses),
        "forward": filters.direction == "forward" if forward is None else forward,
        "symmetric": sorted(SYMMETRIC),
        # The window's first and last day, as traversal.in_window compares them.
        "date_from": date_bounds(filters.date_from)[0] if filters.date_from else None,
        "date_to": date_bounds(filters.date_to)[1] if filters.date_to else None,
    }


class Neo4jEngine:
    """The engine of a Neo4j store: every question answered by Cypher on the server, exactly
    as the EmbeddedEngine answers it (see the module docstring)."""

    def __init__(self, store: Store) -> None:
        if not isinstance(store, Neo4jStore):
            raise TypeError(f"Neo4jEngine needs a Neo4jStore, not {type(store).__name__}")
        self.store = store

    # ------------------------------------------------------------------------- paths

    def candidate_paths(self, source: str, target: str, query: PathQuery, allow_hubs: bool) -> list[Path]:
        params = {
            **filter_params(query.filters),
            "source": source,
            "target": target,
            "endpoints": [source, target],
            "hub_degree": query.filters.hub_degree,
        }
        if query.mode == "shortest" and not query.time_respecting:
            text = query_text("paths_shortest", query.max_hops, allow_hubs, limit=True)
            return self._paths(self.store.read(text, limit=query.limit + 1, **params), query)
        distance = self.store.read(query_text("path_length", query.max_hops, allow_hubs), **params)
        if not distance:
            return []
        found: list[Path] = []
        enough = query.k if query.mode == "k" else query.limit + 1
        # Iterative deepening, as nx_paths.candidate_paths: the same stops, the same cuts.
        for hops in range(int(distance[0]["hops"]), query.max_hops + 1):
            found += self._level(hops, query.limit + 1 - len(found), query, allow_hubs, params)
            if len(found) > query.limit or (found and query.mode == "shortest") or len(found) >= enough:
                break
        return found

    def _level(self, hops: int, count: int, query: PathQuery, allow_hubs: bool, params: Row) -> list[Path]:
        """The first `count` simple paths of exactly `hops` steps, in the embedded order."""
        if not query.time_respecting:
            text = query_text("paths_exact", hops, allow_hubs, limit=True)
            return self._paths(self.store.read(text, limit=count, **params), query)
        check = TimeCheck(query.max_gap_days)
        kept: list[Row] = []
        rows = self.store.stream_rows(query_text("paths_exact", hops, allow_hubs), **params)
        try:
            for row in rows:
                if _in_time_order(check, row["relations"]):
                    kept.append(row)
                    if len(kept) == count:
                        break
        finally:
            rows.close()  # stop the stream early: the server discards the rest
        return self._paths(kept, query)

    def _paths(self, rows: list[Row], query: PathQuery) -> list[Path]:
        endpoints = {rows[0]["nodes"][0], rows[0]["nodes"][-1]} if rows else set()
        inner = {node for row in rows for node in row["nodes"][1:-1]} - endpoints
        hubs = {node for node, degree in self.degrees(sorted(inner)).items() if degree > query.filters.hub_degree}
        paths = []
        for row in rows:
            nodes, relations = row["nodes"], row["relations"]
            steps = tuple(Hop(nodes[i], nodes[i + 1], relation) for i, relation in enumerate(relations))
            paths.append(Path(steps, tuple(node for node in nodes[1:-1] if node in hubs)))
        return paths

    # ----------------------------------------------------------------- neighbourhood

    def distances(self, center: str, hops: int, filters: Filters, entity_types: tuple[str, ...]) -> dict[str, int]:
        if center not in self.degrees([center]):
            return {}
        # Breadth first, one query per depth: each frontier expands one step on the server.
        seen, frontier = {center: 0}, [center]
        params = {**filter_params(filters), "entity_types": list(entity_types)}
        for depth in range(1, hops + 1):
            if not frontier:
                break
            rows = self.store.read(query_text("reach"), ids=frontier, **params)
            frontier = sorted({row["id"] for row in rows} - seen.keys())
            seen.update((node, depth) for node in frontier)
        return seen

    def relations_among(self, ids: Iterable[str], filters: Filters) -> list[RelationProps]:
        rows = self.store.read(query_text("among"), ids=sorted(set(ids)), **filter_params(filters, forward=False))
        return sorted((row["relation"] for row in rows), key=lambda relation: str(relation["id"]))

    def adjacent(self, ids: Iterable[str], filters: Filters) -> list[tuple[str, str, RelationProps]]:
        given = list(ids)
        rows = self.store.read(query_text("moves"), ids=given, **filter_params(filters))
        order = {node: i for i, node in reversed(list(enumerate(given)))}
        rows.sort(key=lambda row: (order[row["node"]], str(row["relation"]["id"])))
        return [(row["node"], row["other"], row["relation"]) for row in rows]

    def degrees(self, ids: Iterable[str]) -> dict[str, int]:
        return self.store.degrees(list(ids))


def _in_time_order(check: TimeCheck, relations: list[RelationProps]) -> bool:
    """timeline.TimeCheck along the path in travel order, as the embedded search does."""
    clock = check.start()
    for relation in relations:
        advanced = check.advance(clock, relation)
        if advanced is None:
            return False
        clock = advanced
    return True
