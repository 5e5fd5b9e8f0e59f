"""Fixtures for the view tests: the demo store, a hostile case, a 2000-leaf star, and
views opened in headless Chromium (the `browser` fixture of tests/conftest.py: Debian's
`chromium`, driven by Playwright; never `playwright install`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from encircle.graph.records import Entity, Relation
from encircle.graph.stores import Store, open_store

HOSTILE = ("<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>")


@pytest.fixture
def demo_store(demo_db: str) -> Iterator[Store]:
    with open_store(demo_db) as store:
        yield store


def hostile_records() -> tuple[list[Entity], list[Relation]]:
    """Every text field a case file controls, set to markup that would run if injected."""
    img, script = HOSTILE
    entities = [
        Entity("h-off", "Person", img, aliases=(script, "Official <b>X</b>"), roles=("official",), source=script),
        Entity("h-biz", "Person", script, aliases=(img,), roles=("businessperson",), source=img),
        Entity("h-co", "Company", f"{img} & Sons Ltd \u2028 line", source="<svg onload=alert(1)>"),
    ]
    relations = [
        Relation(
            "h-gift",
            "GIFT",
            "h-biz",
            "h-off",
            date="2020-01",
            amount=1e6,
            currency="CNY",
            kind="<i>cash</i>",
            status="alleged",
            source=script,
        ),
        Relation("h-appr", "APPROVED", "h-off", "h-co", date="2020-05", kind="license", source=img),
        Relation("h-owns", "OWNS", "h-biz", "h-co", status="inferred", source=f"{img}{script}"),
    ]
    return entities, relations


@pytest.fixture
def hostile_db(tmp_path: Path) -> str:
    db = str(tmp_path / "hostile.db")
    with open_store(db) as store:
        store.write(*hostile_records())
    return db


@pytest.fixture
def hostile() -> tuple[str, str]:
    return HOSTILE


@pytest.fixture
def make_star() -> Any:
    return star


def star(leaves: int) -> tuple[list[Entity], list[Relation]]:
    """A company employing `leaves` people: one hub and nothing but leaves around it."""
    entities = [Entity("hub", "Company", "Hub Holdings")]
    entities += [Entity(f"p{i:05d}", "Person", f"Person {i}") for i in range(leaves)]
    relations = [Relation(f"e{i:05d}", "EMPLOYED_BY", f"p{i:05d}", "hub") for i in range(leaves)]
    return entities, relations


# --- the browser (the `browser` fixture is in tests/conftest.py) ---------------------


@dataclass
class Opened:
    """A view opened in the browser, with everything that went wrong while it loaded."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    settled_ms: float = 0.0

    def counts(self) -> tuple[int, int]:
        return tuple(self.page.evaluate("[encircleView.nodes.length, encircleView.edges.length]"))  # type: ignore[return-value]

    def assert_clean(self) -> None:
        assert self.console_errors == []
        assert self.outside_requests == []
        assert self.dialogs == []


@pytest.fixture
def open_view(browser: Any) -> Iterator[Any]:
    """open_view(path) -> Opened: the file loaded from file://, drawn and settled."""
    contexts = []

    def opener(path: Path, width: int = 1280, height: int = 800) -> Opened:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page)

        def route(route: Any) -> None:
            if route.request.url.startswith("file:"):
                route.continue_()
            else:
                opened.outside_requests.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page.on("console", lambda m: opened.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: opened.console_errors.append(str(e)))

        def on_dialog(dialog: Any) -> None:
            opened.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.goto(path.resolve().as_uri())
        page.wait_for_function("window.encircleView && window.encircleView.settled", timeout=30_000)
        opened.settled_ms = float(page.evaluate("encircleView.settledMs"))
        return opened

    yield opener
    for context in contexts:
        context.close()
