"""Every ``.cypher`` file the package installs loads through the query-text function of the
module that runs it, with each placeholder (graph/cypher.py PLACEHOLDER) filled: a
placeholder no loader fills would only fail when that query first runs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import encircle.graph
from encircle.graph.cypher import PLACEHOLDER
from encircle.graph.stores import neo4j as store_queries
from encircle.queries.detection import server
from encircle.queries.paths import neo4j_engine

INSTALLED = Path(encircle.graph.__file__).resolve().parents[1]  # site-packages/encircle


def _store_query(package: str, name: str) -> str:
    # Every part the store's cypher() can fill, with schema names.
    return store_queries.cypher(
        name.removeprefix("neo4j_"), type="GIFT", labels=("Person", "Official"), types=("GIFT", "OWNS")
    )


def _path_query(package: str, name: str) -> str:
    return neo4j_engine.query_text(name, hops=3, hubs=False, limit=True)


# Package -> the function its module reads its Cypher with. A new package with .cypher
# files needs its loader here.
LOADERS: dict[str, Callable[[str, str], str]] = {
    "encircle.graph.stores": _store_query,
    "encircle.queries.paths": _path_query,
    "encircle.queries.detection": server.query_text,
}


def _loader(package: str) -> Callable[[str, str], str] | None:
    if package in LOADERS:
        return LOADERS[package]
    # A tactic's folder: its extraction reads through detection/server.py.
    parent = package.rpartition(".")[0]
    return server.query_text if parent == "encircle.queries.detection" else None


CYPHER_FILES = sorted(INSTALLED.rglob("*.cypher"))


def _package(path: Path) -> str:
    return ".".join(("encircle", *path.parent.relative_to(INSTALLED).parts))


def test_the_installed_package_has_cypher_files() -> None:
    packages = {_package(p) for p in CYPHER_FILES}
    assert {"encircle.graph.stores", "encircle.queries.paths", "encircle.queries.detection"} <= packages
    assert len(CYPHER_FILES) > 40


@pytest.mark.parametrize("path", CYPHER_FILES, ids=lambda p: f"{_package(p)}/{p.name}")
def test_every_placeholder_is_filled_by_its_loader(path: Path) -> None:
    package = _package(path)
    loader = _loader(package)
    assert loader is not None, f"no query-text function known for {package}: add it to LOADERS"

    text = loader(package, path.stem)  # raises ValueError naming a placeholder left over

    assert PLACEHOLDER.search(text) is None
    if PLACEHOLDER.search(path.read_text(encoding="utf-8")) is None:
        assert text == path.read_text(encoding="utf-8")  # nothing to fill: the file as it is
