"""The workbench in headless Chromium: a person's way from search to a saved review that
survives a restart, hostile names, duplicate review, the token rule; no request may leave
the host, no script error, no dialog. Makes the README's screenshots."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from encircle.graph.stores import Store, open_store
from encircle.web import Settings, create_app
from encircle.web.duplicates import Candidate

pytestmark = pytest.mark.browser
ROUNDABOUT = "roundabout-92718fffd6"
TOKEN = "a-token-of-24-characters"
# The README's screenshots are rewritten only when asked (ENCIRCLE_SCREENSHOTS=1): each run
# shows a new review time, so writing them always would leave the checkout changed.
IMG = (
    Path(__file__).resolve().parents[2] / "docs" / "img"
    if os.environ.get("ENCIRCLE_SCREENSHOTS")
    else Path(tempfile.mkdtemp(prefix="encircle-screenshots-"))
)
ENCIRCLE = Path(sys.executable).parent / "encircle"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(base: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "assets/workbench.css", timeout=2):
                break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    else:
        raise AssertionError(f"the workbench at {base} did not start within {timeout} s")
    try:  # the findings page waits for the first detection (with a token: 401 at once)
        with urllib.request.urlopen(base + "findings", timeout=timeout):
            pass
    except urllib.error.HTTPError:
        pass


@contextmanager
def serve_command(db: str, port: int, *options: str) -> Iterator[str]:
    """`encircle serve` as a person runs it, in its own process."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [str(ENCIRCLE), "serve", "--store", db, "--port", str(port), "--reviewer", "ana", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(base)
        yield base
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0].decode()
    assert f"encircle workbench on {base}" in output


@contextmanager
def serve_app(settings: Settings, candidates: Any = None) -> Iterator[str]:
    """The application on a uvicorn server in a thread of this process."""
    app = create_app(settings) if candidates is None else create_app(settings, candidates)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=settings.port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{settings.port}/"
    try:
        wait_until_up(base)
        yield base
    finally:
        server.should_exit = True
        thread.join(30)


@dataclass
class Visit:
    """A browser tab on the workbench, with everything that went wrong in it."""

    page: Any
    base: str
    outside_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def go(self, path: str) -> Any:
        return self.page.goto(self.base + path.lstrip("/"))

    def assert_clean(self) -> None:
        assert self.outside_requests == []
        assert self.console_errors == []
        assert self.dialogs == []


@pytest.fixture
def visit(browser: Any) -> Iterator[Callable[[str], Visit]]:
    contexts = []

    def open_tab(base: str) -> Visit:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        tab = Visit(page, base)

        def route(route: Any) -> None:
            if route.request.url.startswith(base) or route.request.url.startswith("data:"):
                route.continue_()
            else:
                tab.outside_requests.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page.on("console", lambda m: tab.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: tab.console_errors.append(str(e)))

        def on_dialog(dialog: Any) -> None:
            tab.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        return tab

    yield open_tab
    for context in contexts:
        context.close()


def settled(frame: Any) -> None:
    """Wait for a graph view inside its iframe to draw."""
    frame.locator("body[data-settled=true]").wait_for(timeout=30_000)


@pytest.fixture
def case_copy(demo_db: str, tmp_path: Path) -> str:
    copy = tmp_path / "case.db"
    copy.write_bytes(Path(demo_db).read_bytes())
    return str(copy)


def test_from_search_to_a_review_that_survives_a_restart(case_copy: str, visit: Any) -> None:
    port = free_port()
    with serve_command(case_copy, port) as base:
        tab = visit(base)
        page = tab.page
        tab.go("/")
        page.locator("#q").press_sequentially("zhou", delay=40)  # search as you type
        page.locator("#suggestions a", has_text="周平").click()
        page.wait_for_url(base + "entities/p-zhou")
        assert page.locator("#entity-name").text_content() == "周平"
        timeline = page.locator("#timeline svg")
        assert timeline.locator("g.bar").count() == 2 and timeline.locator("g.mark.approved").count() == 1
        settled(page.frame_locator("#neighbourhood iframe"))
        page.screenshot(path=str(IMG / "workbench-entity.png"), full_page=False)

        page.get_by_role("link", name="Paths from here").click()
        page.locator("input[name=b]").fill("钱磊")
        page.get_by_role("button", name="Find paths").click()
        assert page.locator("#result").text_content() == "周平 → 钱磊: 3 paths"
        view = page.frame_locator(".view iframe")
        settled(view)
        labels = view.locator("body").evaluate(
            "() => encircleView.edges.get().map(e => e.label).filter(Boolean).sort()"
        )
        assert labels == ["1", "1", "2", "2", "2"]  # numbered along each path from 周平

        page.get_by_role("link", name="Findings").first.click()
        page.locator(f'a.finding[href="/findings/{ROUNDABOUT}"]').click()
        page.wait_for_url(base + f"findings/{ROUNDABOUT}")
        assert page.locator("table.steps tr.alleged").count() == 1
        settled(page.frame_locator("#view iframe"))
        page.get_by_label("confirmed").check()
        page.locator("textarea[name=note]").fill("The bank records match LS-06 §7.")
        page.get_by_role("button", name="Save review").click()
        page.wait_for_url(base + f"findings/{ROUNDABOUT}#reviews")
        history = page.locator("ol.history li")
        assert history.count() == 1 and "The bank records match LS-06 §7." in history.first.text_content()
        page.locator("#reviews").scroll_into_view_if_needed()
        page.screenshot(path=str(IMG / "workbench-finding.png"), full_page=False)
        tab.assert_clean()

    with serve_command(case_copy, port):  # a new server process on the same store
        page.reload()
        history = page.locator("ol.history li")
        assert history.count() == 1 and "ana" in history.first.text_content()
        assert "confirmed" in history.first.text_content()
        reviews = page.request.get(base + f"api/findings/{ROUNDABOUT}/reviews").json()["reviews"]
        assert [(r["status"], r["note"]) for r in reviews] == [("confirmed", "The bank records match LS-06 §7.")]
        tab.assert_clean()
    with open_store(case_copy) as store:
        assert [e.body["status"] for e in store.ledger("review")] == ["confirmed"]


def test_hostile_names_show_as_text_and_never_run(hostile_db: str, visit: Any) -> None:
    img, script = "<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>"
    with serve_app(Settings(hostile_db, port=free_port(), reviewer=script)) as base:
        tab = visit(base)
        page = tab.page
        tab.go("/")
        page.locator("#q").press_sequentially("alert", delay=30)
        page.locator("#suggestions a").first.wait_for()
        texts = page.locator("#suggestions a").all_text_contents()
        assert any(t.startswith(img) for t in texts) and any(t.startswith(script) for t in texts)
        for path in ("entities/h-off", "entities/h-biz", "entities/h-co", "findings?verdict=any", "search?q=alert"):
            tab.go(path)
            assert (
                page.evaluate("document.querySelectorAll('img, iframe:not([src^=\"/views/\"]), svg image').length") == 0
            )
        tab.go("entities/h-off")
        assert page.locator("#entity-name").text_content() == img
        assert page.locator(".who").text_content() == script  # even the reviewer's name
        settled(page.frame_locator("#neighbourhood iframe"))
        finding = page.locator("#findings a").first
        finding.click()
        settled(page.frame_locator("#view iframe"))
        assert img in page.locator(".involves").text_content()
        page.wait_for_timeout(300)  # give any injected handler the chance to fire
        tab.assert_clean()


def test_duplicate_review_in_the_browser(case_copy: str, visit: Any) -> None:
    def candidates(store: Store) -> list[Candidate]:
        return [Candidate("co-leixin", "co-longteng", 0.42, ("both paid by 钱磊's side",))]

    with serve_app(Settings(case_copy, port=free_port(), reviewer="ana"), candidates) as base:
        tab = visit(base)
        tab.go("duplicates")
        tab.page.get_by_role("button", name="Different").click()
        tab.page.locator("table.judgements").wait_for()
        assert "judged different by ana" in tab.page.locator("li.candidate").text_content()
        tab.assert_clean()
    with open_store(case_copy) as store:
        assert [e.body["verdict"] for e in store.ledger("judgement")] == ["different"]


def test_the_token_rule_in_the_browser(case_copy: str, visit: Any, browser: Any) -> None:
    with serve_app(Settings(case_copy, port=free_port(), token=TOKEN, reviewer="ana")) as base:
        tab = visit(base)
        page = tab.page
        response = tab.go(f"findings/{ROUNDABOUT}")
        assert response.status == 401 and page.locator("input[name=token]").count() == 1
        page.locator("input[name=token]").fill("wrong-wrong-wrong-wrong")
        page.get_by_role("button", name="Sign in").click()
        assert "not the token" in page.locator(".notice").text_content()
        page.locator("input[name=token]").fill(TOKEN)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(base + f"findings/{ROUNDABOUT}")
        settled(page.frame_locator("#view iframe"))
        assert page.evaluate("fetch('/api/findings').then(r => r.status)") == 200  # the session cookie
        page.get_by_label("dismissed").check()
        page.get_by_role("button", name="Save review").click()
        assert page.locator("ol.history li").count() == 1
        outsider = browser.new_context()
        try:
            assert outsider.request.get(base + "api/findings").status == 401
            bearer = {"Authorization": f"Bearer {TOKEN}"}
            assert outsider.request.get(base + "api/findings", headers=bearer).status == 200
        finally:
            outsider.close()
        page.get_by_role("button", name="Sign out").click()
        assert tab.go("findings").status == 401
        # the browser logs each 401 page it was shown; nothing else may have gone wrong
        tab.console_errors = [e for e in tab.console_errors if "401 (Unauthorized)" not in e]
        tab.assert_clean()
