"""The workbench's hold on the store: one thread owns it, detection runs on another.

An SQLite connection may only be used by the thread that opened it, and the query
engine keeps its networkx graph per open store; so every read and write of a request
runs on one store thread (`Workbench.call`), which keeps the store and its caches for
the server's lifetime. Detection reads the whole case for seconds on a large store, so
it runs on a thread of its own with its own connection, and pages that do not need
findings keep answering meanwhile.

Findings are computed once when the server starts and again only when the store's
change token moves (a load in another process). Reviews are annotations
(graph/ledger.py): writing one does not move the token, so it never triggers a
recomputation. A store that cannot tell (`change_token()` is None, Neo4j) keeps the
findings of the server's start until `refresh_findings()`.

Every page reads the store as its entity-resolution judgements resolve it (records
judged the same are one entity; queries/resolution/view.py), detection too. A judgement
is not an annotation: on SQLite it moves the token, so the view and the findings follow
at once; on Neo4j the view follows on the next request, the findings on "Run detection
again".
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from encircle.graph.stores import Store, open_store
from encircle.queries.detection import detect
from encircle.queries.detection.findings import Finding
from encircle.queries.paths.engine import engine_for
from encircle.queries.resolution.canonical import Resolution
from encircle.queries.resolution.view import resolved
from encircle.queries.reviews import Review, reviews_of
from encircle.web.duplicates import CandidateSource, xref_candidates
from encircle.web.search import search
from encircle.web.settings import Settings

T = TypeVar("T")


@dataclass(frozen=True)
class FindingSet:
    """Every finding of one detection run, indexed for the pages."""

    findings: tuple[Finding, ...]
    token: object | None
    computed_at: str
    seconds: float
    names: Mapping[str, str]  # entity id -> name, for every entity a finding shows
    by_id: Mapping[str, Finding]
    by_entity: Mapping[str, tuple[Finding, ...]]  # every finding an entity is in or on the evidence of

    @classmethod
    def of(
        cls,
        findings: Sequence[Finding],
        token: object | None,
        computed_at: str,
        seconds: float,
        names: Mapping[str, str],
    ) -> FindingSet:
        by_entity: dict[str, list[Finding]] = {}
        for f in findings:
            for entity in dict.fromkeys((*f.entities, *involved(f))):
                by_entity.setdefault(entity, []).append(f)
        by_id = {f.id: f for f in findings}
        frozen = {entity: tuple(found) for entity, found in by_entity.items()}
        return cls(tuple(findings), token, computed_at, seconds, names, by_id, frozen)


def involved(finding: Finding) -> list[str]:
    """The ends of every evidence step."""
    return [end for c in finding.evidence for s in c.steps for end in (s.source_id, s.target_id)]


class Workbench:
    """The store, its findings and the duplicate candidates, for the web layer."""

    def __init__(self, settings: Settings, candidates: CandidateSource = xref_candidates) -> None:
        self.settings = settings
        self.candidates = candidates
        self._store_thread = ThreadPoolExecutor(1, thread_name_prefix="encircle-store")
        self._store: Store | None = None  # touched on the store thread only
        self._case: Store | None = None  # the store as its judgements resolve it (store thread only)
        self._case_token: object | None = None
        self._resolution: Resolution | None = None
        self._findings: FindingSet | None = None
        self._findings_lock: asyncio.Lock | None = None
        self.warming: asyncio.Task[None] | None = None

    # -- threads ---------------------------------------------------------------------

    def _open(self) -> Store:
        """The store thread's store, opened on first use and kept, as its judgements
        resolve it (queries/resolution/view.py: records judged the same are one entity on
        every page). The view is kept while the store's change token holds (a judgement
        moves it); a store that cannot tell keeps it while the judgements are the same."""
        if self._store is None:
            self._store = open_store(self.settings.store)
        token = self._store.change_token()
        if self._case is not None and token is not None and token == self._case_token:
            return self._case
        resolution = Resolution.of(self._store)
        if self._case is None or token is not None or resolution != self._resolution:
            self._case = resolved(self._store, resolution)
        self._case_token, self._resolution = token, resolution
        return self._case

    def _close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = self._case = self._resolution = None

    async def call(self, work: Callable[..., T], *args: Any) -> T:
        """`work(store, *args)` on the store thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._store_thread, lambda: work(self._open(), *args))

    async def start(self) -> None:
        """Open the store and warm the caches in the background: the query engine and
        search index first (pages need them), detection beside them."""
        self._findings_lock = asyncio.Lock()
        await self.call(lambda store: store.stats())  # fail now if the store cannot be opened

        async def warm() -> None:
            # a failure here shows on the first request that needs what failed
            with contextlib.suppress(Exception):
                await asyncio.gather(self.call(_warm), self.findings())

        self.warming = asyncio.create_task(warm())

    async def stop(self) -> None:
        if self.warming is not None and not self.warming.done():
            self.warming.cancel()
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._store_thread, self._close)
        self._store_thread.shutdown(wait=False, cancel_futures=True)

    # -- findings --------------------------------------------------------------------

    @property
    def current(self) -> FindingSet | None:
        """The findings held now (None before the first detection finishes)."""
        return self._findings

    async def findings(self, refresh: bool = False) -> FindingSet:
        """The current findings: computed at start, again when the store changed."""
        if self._findings_lock is None:
            self._findings_lock = asyncio.Lock()
        token = await self.call(lambda store: store.change_token())
        async with self._findings_lock:
            held = self._findings
            if held is not None and not refresh and (token is None or token == held.token):
                return held
            self._findings = await self._in_detection_thread(token)
            return self._findings

    async def findings_if_ready(self) -> FindingSet | None:
        """The findings without waiting for a detection that is running (None before
        the first one finishes): for pages where findings are one part among others."""
        if self._findings_lock is not None and self._findings_lock.locked():
            return self._findings
        return await self.findings()

    async def _in_detection_thread(self, token: object | None) -> FindingSet:
        """`_detect` on a daemon thread of its own: a long detection neither blocks the
        store thread nor keeps the process alive after Ctrl+C."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[FindingSet] = loop.create_future()

        def settle(result: FindingSet | None, error: BaseException | None) -> None:
            if done.cancelled():
                return
            if error is not None:
                done.set_exception(error)
            else:
                done.set_result(result)  # type: ignore[arg-type]

        def work() -> None:
            try:
                result, error = self._detect(token), None
            except BaseException as failure:  # handed to the awaiting request
                result, error = None, failure
            with contextlib.suppress(RuntimeError):  # the server stopped meanwhile
                loop.call_soon_threadsafe(settle, result, error)

        threading.Thread(target=work, name="encircle-detect", daemon=True).start()
        return await done

    def _detect(self, token: object | None) -> FindingSet:
        with open_store(self.settings.store) as opened:  # its own connection
            store = resolved(opened)
            started = dt.datetime.now(dt.UTC)
            findings = detect(store)
            ids = {i for f in findings for i in (*f.entities, *involved(f))}
            names = {i: e.name for i, e in store.get_entities(sorted(ids)).items()}
        seconds = (dt.datetime.now(dt.UTC) - started).total_seconds()
        return FindingSet.of(findings, token, started.strftime("%Y-%m-%dT%H:%M:%SZ"), seconds, names)

    async def reviews(self, finding_ids: Sequence[str] | None = None) -> dict[str, list[Review]]:
        return await self.call(reviews_of, finding_ids)


def _warm(store: Store) -> None:
    engine_for(store)
    search(store, "")
