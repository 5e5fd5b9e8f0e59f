"""Fixtures for the CLI tests: a store spec on each backend in turn."""

from __future__ import annotations

from pathlib import Path

import pytest

from encircle.graph.stores import Store


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def spec(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store spec to pass as --store: a fresh SQLite path, or the (emptied) Neo4j test
    server, so one CLI test body runs on both stores."""
    if request.param == "neo4j":
        store: Store = request.getfixturevalue("neo4j_store")
        return store.location
    return str(tmp_path / "case.db")
