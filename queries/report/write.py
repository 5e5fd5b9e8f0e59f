"""Write a report folder: findings.json, report.md, report.html and views/<finding-id>.html."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from encircle.graph.errors import EncircleError
from encircle.graph.files import atomic_open_bytes, atomic_write, write_changed
from encircle.graph.stores import Store
from encircle.graph.text import json_bytes
from encircle.queries.detection import TACTICS, detect, gc_paused
from encircle.queries.detection.coverage import Coverage, coverage
from encircle.queries.detection.findings import Finding, ordered
from encircle.queries.report.content import NOTICE, build_report, carded
from encircle.queries.report.html import render_html
from encircle.queries.report.markdown import render_markdown
from encircle.queries.reviews import Review, reviews_of, with_reviews

if TYPE_CHECKING:
    from encircle.graph.views.compose import ViewOptions

__all__ = ["ReportFiles", "findings_document", "view_name", "write_report"]

VIEWS = "views"
# Views built at a time: their layouts are computed together (graph/views/layout.py,
# spring_layouts: one numpy call for all views of a size), and memory stays bounded.
VIEWS_AT_ONCE = 256
_VIEW_FILE = re.compile(r"^(?P<tactic>[a-z_]+)-[0-9a-f]{10}\.html$")  # a view this module wrote


@dataclass(frozen=True)
class ReportFiles:
    """What `write_report` wrote, and the findings it wrote about."""

    folder: Path
    json: Path
    markdown: Path
    html: Path
    views: tuple[Path, ...]
    findings: tuple[Finding, ...]

    def counts(self) -> dict[str, dict[str, int]]:
        """Tactic -> verdict -> number of findings, tactics in canonical order."""
        counted: dict[str, dict[str, int]] = {}
        for f in self.findings:
            verdicts = counted.setdefault(f.tactic, {})
            verdicts[f.verdict] = verdicts.get(f.verdict, 0) + 1
        rank = {t: i for i, t in enumerate(TACTICS)}
        return dict(sorted(counted.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0])))


def write_report(
    store: Store,
    out_dir: str | os.PathLike[str],
    findings: Iterable[Finding] | None = None,
    confirmed_only: bool = False,
    views: bool = True,
) -> ReportFiles:
    """Run the detectors (unless `findings` are given) and write the report into `out_dir`.

    `confirmed_only` is passed to `detect()` and noted in the report; it does not filter
    findings given by the caller. The same store gives the same bytes in findings.json,
    report.md and report.html: nothing in them depends on the time or on set order.
    `views/` ends up holding one interactive view per flagged finding (older views of
    findings no longer flagged are removed; other files there are left alone) and one
    copy of the vis-network script and stylesheet they share.
    """
    # The collector stays paused for the whole report: once detection has run, each full
    # collection walks every object of the case index it leaves (0.8 s of a 100k report).
    with gc_paused():
        return _write_report(store, Path(out_dir), findings, confirmed_only, views)


def _write_report(
    store: Store, folder: Path, findings: Iterable[Finding] | None, confirmed_only: bool, views: bool
) -> ReportFiles:
    chosen = ordered(detect(store, confirmed_only=confirmed_only) if findings is None else findings)
    names = _names(store, carded(chosen))  # the cards' names: the 400k stress world has 493k findings
    reviews = reviews_of(store, [f.id for f in chosen])
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = _write_views(store, folder / VIEWS, chosen) if views else {}
        links = {finding_id: f"{VIEWS}/{path.name}" for finding_id, path in written.items()}
        covered = coverage(store.stats(), chosen)
        lacks = {c.tactic: "; ".join(c.missing) for c in covered if c.missing}
        report = build_report(chosen, names, links, store.location, confirmed_only, lacks, reviews)
        paths = (folder / "findings.json", folder / "report.md", folder / "report.html")
        document = findings_document(chosen, store.location, confirmed_only, covered, reviews, stream=True)
        with atomic_open_bytes(paths[0]) as handle:  # whole or not at all: no truncated report
            handle.writelines(json_bytes(document, indent=2))  # strict JSON, a finding at a time
            handle.write(b"\n")
        for path, text in zip(paths[1:], (render_markdown(report), render_html(report, names)), strict=True):
            atomic_write(path, text, newline="\n")
    except OSError as error:
        where = error.filename or f"the report into {folder}"
        raise EncircleError(f"cannot write {where}: {error.strerror or error}") from None
    return ReportFiles(folder, *paths, tuple(written[k] for k in sorted(written)), tuple(chosen))


def findings_document(
    findings: Sequence[Finding],
    location: str,
    confirmed_only: bool = False,
    covered: Sequence[Coverage] = (),
    reviews: Mapping[str, Sequence[Review]] | None = None,
    stream: bool = False,
) -> dict[str, Any]:
    """The findings.json document (see docs/findings.md): `coverage` says, per tactic,
    how many candidates it judged and what the case lacks for it; each finding is
    `Finding.to_dict()` plus its `reviews` (oldest first, empty when none). With
    `stream`, `findings` is a generator, for `json_bytes` to write a finding at a time:
    the 400k stress world has half a million of them."""
    reviewed = reviews or {}
    made = (with_reviews(f.to_dict(), reviewed.get(f.id, ())) for f in findings)
    return {
        "generated_from": location,
        "confirmed_only": confirmed_only,
        "notice": NOTICE,
        "coverage": [c.to_dict() for c in covered],
        "findings": made if stream else list(made),
    }


def view_name(finding_id: str) -> str:
    """A file name for the finding's view: the id itself when it is a safe name."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", finding_id) + ".html"


def _names(store: Store, findings: Sequence[Finding]) -> dict[str, str]:
    ids = {i for f in findings for i in f.entities}
    ids |= {end for f in findings for c in f.evidence for s in c.steps for end in (s.source_id, s.target_id)}
    return {i: e.name for i, e in store.get_entities(sorted(ids)).items()}


def _write_views(store: Store, folder: Path, findings: Sequence[Finding]) -> dict[str, Path]:
    # the views need numpy and jinja2: imported only when there are views
    from encircle.graph.views.compose import draw_views
    from encircle.graph.views.page import render_page, write_assets

    flagged = [f for f in findings if f.verdict == "flagged"]
    if flagged:
        folder.mkdir(exist_ok=True)
        write_assets(folder)
    written: dict[str, Path] = {}
    for start in range(0, len(flagged), VIEWS_AT_ONCE):
        chunk = flagged[start : start + VIEWS_AT_ONCE]
        for f, page in zip(chunk, draw_views(_view_options(store, chunk)), strict=True):
            path = written[f.id] = folder / view_name(f.id)
            # Not synced one by one: a view is drawn again by the next report (see atomic_open).
            write_changed(path, render_page(page.data(), assets=""), sync=False)
    _remove_stale(folder, {p.name for p in written.values()})
    return written


def _view_options(store: Store, findings: Sequence[Finding]) -> list[ViewOptions]:
    from encircle.graph.views.select import for_findings

    chains = [(f.entities, [[s.relation for s in chain.steps] for chain in f.evidence]) for f in findings]
    return [
        {
            "entities": selection.entities,
            "relations": selection.relations,
            "highlight": selection.highlight,
            "title": f"{f.tactic} [{f.verdict}] score {f.score:.2f} \u00b7 {f.id}",
            "focus": selection.focus,
            "subtitle": f.explanation,
        }
        for f, selection in zip(findings, for_findings(store, chains), strict=True)
    ]


def _remove_stale(folder: Path, keep: set[str]) -> None:
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        match = _VIEW_FILE.match(path.name)
        if match and match["tactic"] in TACTICS and path.name not in keep and path.is_file():
            path.unlink()
