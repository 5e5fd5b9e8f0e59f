"""How are A and B connected: shortest, k shortest and all simple paths, with filters,
time order and hub control.

>>> from encircle.graph.stores import open_store
>>> from encircle.loaders import load
>>> from encircle.loaders.demo import demo_bundle
>>> store = open_store(":memory:")
>>> _ = load([demo_bundle()], store)
>>> result = find_paths(store, "钱磊", "Leixin New Energy Co. Ltd.", PathQuery(mode="all", max_hops=3))
>>> for path in result.paths:
...     print(" > ".join(path.nodes), "|", " > ".join(path.relations))
p-qian > co-leixin | own-qian
p-qian > p-xu > p-zhou > co-leixin | gift-qian-xu-1 > emp-xu > appr-zhou-leixin
p-qian > p-xu > p-zhou > co-leixin | gift-qian-xu-2 > emp-xu > appr-zhou-leixin
"""

from __future__ import annotations

from encircle.graph.errors import QueryError
from encircle.graph.stores import Store
from encircle.queries.lookup import resolve
from encircle.queries.paths.engine import Engine, engine_for
from encircle.queries.paths.model import Hub, Path, PathQuery, PathResult, ordered

__all__ = ["find_paths", "paths_between"]


def find_paths(store: Store, source: str, target: str, query: PathQuery | None = None) -> PathResult:
    """Paths from `source` to `target` (ids, names or aliases) as `query` asks."""
    query = query or PathQuery()
    source_id, target_id = resolve(store, source).id, resolve(store, target).id
    if source_id == target_id:
        raise QueryError(f"{source!r} and {target!r} are the same entity ({source_id})")
    return paths_between(engine_for(store), store, source_id, target_id, query)


def paths_between(engine: Engine, store: Store, source: str, target: str, query: PathQuery) -> PathResult:
    """find_paths for resolved ids and an engine already built (connect() reuses one)."""
    policy = query.filters.hub_policy
    found = engine.candidate_paths(source, target, query, allow_hubs=policy == "allow")
    skipped: tuple[Hub, ...] = ()
    if policy == "penalize":
        found += engine.candidate_paths(source, target, query, allow_hubs=True)
    elif policy == "exclude":
        skipped = _hubs_skipped(engine, source, target, query, found)
    paths = ordered(found)
    cut = query.k if query.mode == "k" else query.limit
    shown = paths[:cut]
    ids = {node for path in shown for node in path.nodes} | {source, target}
    names = {e.id: e.name for e in store.get_entities(sorted(ids)).values()}
    return PathResult(source, target, query, tuple(shown), skipped, query.mode != "k" and len(paths) > cut, names)


def _hubs_skipped(engine: Engine, source: str, target: str, query: PathQuery, found: list[Path]) -> tuple[Hub, ...]:
    """Hubs on shorter paths than the hub-free ones found (or on any, if none was)."""
    best = min((len(p.steps) for p in found), default=query.max_hops + 1)
    if best <= 1:
        return ()
    # Only paths shorter than `best` count, so the search with hubs (the one that can
    # wander through a ministry's thousands of posts) goes no deeper than best - 1.
    shortest = PathQuery(
        "shortest", query.k, best - 1, query.limit, query.time_respecting, query.max_gap_days, query.filters
    )
    with_hubs = engine.candidate_paths(source, target, shortest, allow_hubs=True)
    hubs = sorted({hub for p in with_hubs if len(p.steps) < best for hub in p.hubs})
    degrees = engine.degrees(hubs)
    return tuple(Hub(hub, degrees[hub]) for hub in hubs)
