"""The neighbours of a few entities, for the shared-neighbours feature of `xref`.

Read from the store's indexes rather than by scanning every relation: candidates are a
few thousand entities of a case that may hold millions of relations. Answers for the
resolved view (queries/resolution/view.py) as it sees the case: a canonical entity's
neighbours are its members', each named by its canonical id.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from encircle.graph.cypher import fill, read_cypher
from encircle.graph.stores import Store
from encircle.queries.resolution.view import ResolvedStore

if TYPE_CHECKING:
    from encircle.graph.stores.neo4j import Neo4jStore

Linked = dict[str, dict[str, set[str]]]  # entity -> neighbour -> relation types
CHUNK = 900  # ids per IN (...) list, under SQLite's variable limit


def neighbourhoods(store: Store, ids: Iterable[str]) -> tuple[Linked, dict[str, int]]:
    """For each of `ids`: its neighbours and the types of relation to each; and each
    neighbour's number of relations."""
    view = store if isinstance(store, ResolvedStore) else None
    inner = view.inner if view else store
    canonical = view.canonical_of if view else (lambda i: i)
    members = {m: c for c in ids for m in (view.resolution.groups.get(c, (c,)) if view else (c,))}
    linked: Linked = defaultdict(lambda: defaultdict(set))
    degree: dict[str, int] = defaultdict(int)
    counted: set[str] = set()
    for member, other, kind, other_degree in _rows(inner, sorted(members)):
        owner, neighbour = members[member], canonical(other)
        if neighbour != owner:
            linked[owner][neighbour].add(kind)
        if other not in counted:
            counted.add(other)
            degree[neighbour] += other_degree
    return linked, degree


def _rows(store: Store, ids: Sequence[str]) -> Iterator[tuple[str, str, str, int]]:
    """(given id, other end, relation type, the other end's degree) per relation."""
    from encircle.graph.stores.sqlite import SqliteStore  # stdlib only: cheap to import

    if isinstance(store, SqliteStore):
        yield from _sqlite_rows(store, ids)
        return
    neo4j = _neo4j(store)
    if neo4j is not None:
        query = fill(read_cypher("encircle.queries.resolution", "links"))
        for row in neo4j.read(query, ids=list(ids)):
            yield row["id"], row["other"], row["type"], int(row["degree"])
        return
    yield from _scanned_rows(store, set(ids))


def _sqlite_rows(store: Store, ids: Sequence[str]) -> Iterator[tuple[str, str, str, int]]:
    conn = store.conn  # type: ignore[attr-defined]
    found: list[tuple[str, str, str]] = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        marks = ",".join("?" * len(chunk))
        found += conn.execute(f"SELECT source_id, target_id, type FROM relation WHERE source_id IN ({marks})", chunk)
        found += [
            (t, s, k)
            for s, t, k in conn.execute(
                f"SELECT source_id, target_id, type FROM relation WHERE target_id IN ({marks})", chunk
            )
        ]
    others = sorted({other for _, other, _ in found})
    degrees: dict[str, int] = {}
    for start in range(0, len(others), CHUNK):
        chunk = others[start : start + CHUNK]
        marks = ",".join("?" * len(chunk))
        degrees.update(
            conn.execute(
                "SELECT e.id, (SELECT count(*) FROM relation WHERE source_id = e.id) + "
                f"(SELECT count(*) FROM relation WHERE target_id = e.id) FROM entity e WHERE e.id IN ({marks})",
                chunk,
            )
        )
    for given, other, kind in found:
        yield given, other, kind, degrees.get(other, 0)


def _neo4j(store: Store) -> Neo4jStore | None:
    """`store` if it is a Neo4j store (whose module is loaded only if one was opened)."""
    module = sys.modules.get("encircle.graph.stores.neo4j")
    return store if module is not None and isinstance(store, module.Neo4jStore) else None


def _scanned_rows(store: Store, ids: set[str]) -> Iterator[tuple[str, str, str, int]]:
    degree: dict[str, int] = defaultdict(int)
    found = []
    for relation in store.relations():
        degree[relation.source_id] += 1
        degree[relation.target_id] += 1
        if relation.source_id in ids:
            found.append((relation.source_id, relation.target_id, relation.type))
        if relation.target_id in ids:
            found.append((relation.target_id, relation.source_id, relation.type))
    for given, other, kind in found:
        yield given, other, kind, degree[other]
