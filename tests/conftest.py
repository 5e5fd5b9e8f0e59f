"""Shared fixtures: an embedded store per test, the Neo4j test server, `store`
parametrized over both backends so one test body checks the store contract on each, and
headless Chromium for the browser tests (views, workbench)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from encircle.graph.errors import StoreError
from encircle.graph.stores import Store, open_store
from encircle.loaders import load
from encircle.loaders.demo import demo_bundle

FIXTURES = Path(__file__).parent / "fixtures"
# Data written outside the project is never copied into it: it sits next to the repository
# (CI puts it there), at <repo>/../shared/data; a fresh clone made elsewhere (a temporary
# folder) finds it next to the checkout it was cloned from.
REPO = Path(__file__).resolve().parents[1]


def _shared_data() -> Path:
    beside = REPO.parent / "shared" / "data"
    if beside.is_dir():
        return beside
    origin = subprocess.run(
        ["git", "-C", str(REPO), "config", "--get", "remote.origin.url"], capture_output=True, text=True
    ).stdout.strip()
    cloned_from = Path(origin) if origin and "://" not in origin and ":" not in origin.split("/")[0] else None
    if cloned_from is not None and (cloned_from.parent / "shared" / "data").is_dir():
        return cloned_from.parent / "shared" / "data"
    return beside


SHARED_DATA = _shared_data()
NEO4J_TEST_URI = os.environ.get("ENCIRCLE_TEST_NEO4J", "bolt://127.0.0.1:7687")


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def shared_data() -> Callable[[str], Path]:
    """The path of a file or folder of outside data (relative to ../shared/data). Outside
    CI a missing one skips the test; in CI (CI=true) it fails: the data must be there."""

    def find(relative: str) -> Path:
        path = SHARED_DATA / relative
        if not path.exists():
            if os.environ.get("CI") == "true":
                pytest.fail(f"outside data missing in CI: {path}")
            pytest.skip(f"outside data not present: {path}")
        return path

    return find


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An embedded store holding the demo case, shared by tests that only read it."""
    db = str(tmp_path_factory.mktemp("demo") / "encircle.db")
    with open_store(db) as store:
        load([demo_bundle()], store)
    return db


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(str(tmp_path / "encircle.db"))
    yield store
    store.close()


@pytest.fixture
def neo4j_store() -> Iterator[Store]:
    """The Neo4j test server (`make neo4j`), empty before and after each test.

    Outside CI a missing server skips; in CI (CI=true) it fails: Neo4j tests must run.
    """
    try:
        store = open_store(NEO4J_TEST_URI)
        empty = store.is_empty()
    except StoreError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Neo4j test server not reachable in CI: {error}")
        pytest.skip(f"Neo4j test server not running (make neo4j): {error}")
    if not empty:
        store.close()
        pytest.fail(f"refusing to run on a non-empty Neo4j database at {NEO4J_TEST_URI}")
    try:
        yield store
    finally:
        store.clear()
        store.close()


def _not_available(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} in CI")
    pytest.skip(reason)


@pytest.fixture
def bulk_neo4j() -> Iterator[tuple[str, Path]]:
    """The test server's URI and home (services/neo4j, whose bin/neo4j stops and starts
    it) for bulk imports, which restart it: empty before, cleared after. Skips outside
    CI unless the server at ENCIRCLE_TEST_NEO4J is the one services/neo4j/run.sh runs."""
    home = REPO / "services" / "neo4j"
    status = subprocess.run(["bash", str(home / "run.sh"), "status"], capture_output=True, text=True).stdout
    port = NEO4J_TEST_URI.rstrip("/").rpartition(":")[2]
    if f"bolt://127.0.0.1:{port}," not in status:
        _not_available(f"the Neo4j test server on port {port} is not run by services/neo4j/run.sh: {status.strip()}")
    with open_store(NEO4J_TEST_URI) as store:
        if not store.is_empty():
            pytest.fail(f"refusing to run on a non-empty Neo4j database at {NEO4J_TEST_URI}")
    try:
        yield NEO4J_TEST_URI, home
    finally:
        with open_store(NEO4J_TEST_URI) as store:  # a new connection: the server has restarted
            store.clear()


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest) -> Store:
    """Each store backend in turn: the same test body runs on both."""
    return request.getfixturevalue(f"{request.param}_store")


# --- the browser --------------------------------------------------------------------
# Debian's `chromium`, driven by Playwright; never `playwright install`. Outside CI a
# missing chromium or playwright skips the browser tests; in CI (CI=true) it fails them.

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests must run in CI: {reason} (make chromium)")
    pytest.skip(f"{reason} (make chromium)")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = shutil.which("chromium")
    if path is None:
        _unavailable("chromium is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install '.[test]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()
