"""Fixtures for the workbench tests: the demo case in each store, and clients of the
application running on it (Starlette's TestClient runs the app's start and stop)."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from encircle.graph.records import Entity, Relation
from encircle.graph.stores import Store, open_store
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
            client = stack.enter_context(TestClient(app, base_url=base_url))
            warmed_up(app.state.workbench)
            return client

        yield make


def warmed_up(workbench: Any, timeout: float = 120.0) -> None:
    """Wait for the detection the workbench starts with (pages show findings once it is done)."""
    deadline = time.monotonic() + timeout
    while workbench.current is None:
        assert time.monotonic() < deadline, "the first detection did not finish"
        time.sleep(0.02)


@pytest.fixture
def client(demo: Store, make_client: MakeClient) -> TestClient:
    return make_client(demo.location)


HOSTILE = ("<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>")


def hostile_records() -> tuple[list[Entity], list[Relation]]:
    """Every text a case file controls, set to markup that would run if injected."""
    img, script = HOSTILE
    entities = [
        Entity("h-off", "Person", img, aliases=(script,), roles=("official",), source=script),
        Entity("h-biz", "Person", script, aliases=(img,), roles=("businessperson",), source=img),
        Entity("h-co", "Company", f"{img} & Sons", source="<svg onload=alert(1)>"),
    ]
    relations = [
        Relation("h-gift", "GIFT", "h-biz", "h-off", date="2020-01", amount=1e6, kind="<i>cash</i>", source=script),
        Relation("h-gift-2", "GIFT", "h-biz", "h-off", date="2020-03", amount=2e6, source=img),
        Relation("h-appr", "APPROVED", "h-off", "h-co", date="2020-05", kind="license", source=img),
        Relation("h-owns", "OWNS", "h-biz", "h-co", start_date="2019", status="inferred", source=f"{img}{script}"),
    ]
    return entities, relations


@pytest.fixture
def case_db(demo_db: str, tmp_path: Path) -> str:
    """A private copy of the demo store (tests here write reviews into it)."""
    copy = tmp_path / "case.db"
    shutil.copyfile(demo_db, copy)
    return str(copy)


@pytest.fixture
def hostile_db(tmp_path: Path) -> str:
    db = str(tmp_path / "hostile.db")
    with open_store(db) as store:
        store.write(*hostile_records())
    return db
