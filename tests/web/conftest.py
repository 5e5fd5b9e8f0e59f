"""Fixtures for the workbench tests: the demo case in each store, and clients of the
application running on it (Starlette's TestClient runs the app's start and stop)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from starlette.testclient import TestClient

from encircle.graph.stores import Store
from encircle.loaders import load
from encircle.loaders.demo import demo_bundle
from encircle.web import Settings, create_app

BASE = "http://127.0.0.1:8765"
ROUNDABOUT = "roundabout-92718fffd6"
TOKEN = "a-token-of-24-characters"
MakeClient = Callable[..., TestClient]


@pytest.fixture
def demo(store: Store) -> Store:
    """The demo case in each store in turn (the `store` fixture: SQLite, then Neo4j)."""
    load([demo_bundle()], store)
    return store


@pytest.fixture
def make_client() -> Iterator[MakeClient]:
    """make_client(location, **settings) -> a started TestClient on a workbench."""
    with ExitStack() as stack:

        def make(location: str, candidates: Any = None, base_url: str = BASE, **options: Any) -> TestClient:
            settings = Settings(location, **{"reviewer": "ana", **options})
            app = create_app(settings) if candidates is None else create_app(settings, candidates)
            return stack.enter_context(TestClient(app, base_url=base_url))

        yield make


@pytest.fixture
def client(demo: Store, make_client: MakeClient) -> TestClient:
    return make_client(demo.location)
