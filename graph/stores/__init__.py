"""Stores behind one interface: embedded SQLite (+ networkx) and Neo4j.

A store is chosen by a spec string: a ``bolt://``/``neo4j://`` URI selects Neo4j, anything
else is the path of an embedded SQLite file (``:memory:`` for a throwaway one).
"""

from __future__ import annotations

import os

from encircle.graph.errors import StoreError
from encircle.graph.stores.base import PartialWriteError, Stats, Store, WriteSummary, build_networkx

DEFAULT_STORE = "encircle.db"
NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")

__all__ = [
    "DEFAULT_STORE",
    "NEO4J_SCHEMES",
    "PartialWriteError",
    "Stats",
    "Store",
    "WriteSummary",
    "build_networkx",
    "open_store",
    "require_store",
    "store_spec",
]


def store_spec(spec: str | None = None) -> str:
    """The spec in force: the argument, else $ENCIRCLE_STORE, else ./encircle.db."""
    return spec or os.environ.get("ENCIRCLE_STORE") or DEFAULT_STORE


def require_store(spec: str) -> None:
    """A StoreError when `spec` is the path of an embedded store that does not exist (a
    typo, or nothing loaded yet); creates nothing. A Neo4j URI is checked on connecting."""
    if not spec.startswith(NEO4J_SCHEMES) and spec != ":memory:" and not os.path.exists(spec):
        raise StoreError(f"no store at {spec}; load something first")


def open_store(spec: str | None = None, must_exist: bool = False) -> Store:
    """Open the store a spec names; Neo4j credentials come from NEO4J_USER/NEO4J_PASSWORD.

    An embedded store is created when its file does not exist, unless `must_exist`: then
    a path that names nothing (a typo) is a StoreError, and no file is created.
    """
    spec = store_spec(spec)
    if spec.startswith(NEO4J_SCHEMES):
        from encircle.graph.stores.neo4j import Neo4jStore

        return Neo4jStore(spec)
    if must_exist:
        require_store(spec)
    from encircle.graph.stores.sqlite import SqliteStore

    return SqliteStore(spec)
