"""A report on a large case stays readable: not-flagged candidates beyond the top 20 are
counted, long lists are cut with "and N more", and findings.json keeps everything."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from encircle.graph.records import Entity, Relation
from encircle.graph.stores import open_store
from encircle.queries.detection.findings import Chain, Finding
from encircle.queries.report import write_report
from encircle.queries.report.content import build_report
from encircle.queries.report.summary import NOT_FLAGGED_SHOWN, SLACK, cap_names, shown


def gift(i: int) -> Relation:
    return Relation(f"g{i:04d}", "GIFT", f"p{i:04d}", "o", date="2016-01-01", amount=100.0)


def finding(i: int, verdict: str, score: float, names: int = 3, steps: int = 1) -> Finding:
    listed = ", ".join(f"MP{k}" for k in range(names))
    chains = tuple(Chain.of(f"chain {k}", [gift(i * 1000 + k)]) for k in range(steps))
    return Finding(
        "collective_capture",
        verdict,  # type: ignore[arg-type]
        score,
        {},
        tuple(f"p{i * 1000 + k:04d}" for k in range(steps)),
        chains,
        f"G{i} reached 2 leaders; unreached: {listed}. Not collective.",
        {},
    )


def test_cap_names_cuts_only_long_runs() -> None:
    names = [f"N{i}" for i in range(100)]
    text = f"Givers A, B reached 2 of 102 (coverage 0.02): X, Y; unreached: {', '.join(names)}. Not collective."
    assert cap_names(text, 20) == (
        "Givers A, B reached 2 of 102 (coverage 0.02): X, Y; unreached: "
        + ", ".join(names[:20])
        + " and 80 more. Not collective."
    )
    assert cap_names(", ".join(names), 20) == ", ".join(names[:20]) + " and 80 more"
    within = ", ".join(names[: 20 + SLACK])
    assert cap_names(within, 20) == within  # "and 2 more" would save nothing
    assert shown(20 + SLACK, 20) == 20 + SLACK and shown(21 + SLACK, 20) == 20


def test_two_long_runs_are_cut_each() -> None:
    a, b = ", ".join(f"A{i}" for i in range(40)), ", ".join(f"B{i}" for i in range(30))
    assert cap_names(f"reached: {a}; unreached: {b}.", 5) == (
        "reached: A0, A1, A2, A3, A4 and 35 more; unreached: B0, B1, B2, B3, B4 and 25 more."
    )


def test_not_flagged_candidates_beyond_the_top_are_counted() -> None:
    findings = [finding(0, "flagged", 0.9), finding(1, "insufficient_data", 0.0)]
    findings += [finding(i, "not_flagged", round(i / 1000, 4)) for i in range(2, 502)]
    report = build_report(findings, {}, {}, "store")
    section = report.sections[[s.tactic for s in report.sections].index("collective_capture")]
    assert section.counts == {"flagged": 1, "insufficient_data": 1, "not_flagged": 500}
    assert len(section.cards) == 2 + NOT_FLAGGED_SHOWN and section.omitted == 500 - NOT_FLAGGED_SHOWN
    shown_scores = [c.finding.score for c in section.cards[2:]]
    assert shown_scores == sorted((round(i / 1000, 4) for i in range(2, 502)), reverse=True)[:NOT_FLAGGED_SHOWN]


def test_a_finding_with_long_lists_is_cut_in_the_report(tmp_path: Path) -> None:
    big = finding(7, "flagged", 0.8, names=400, steps=200)
    report = build_report([big], {}, {}, "store")
    card = next(c for s in report.sections for c in s.cards)
    assert card.explanation.endswith(" and 380 more. Not collective.")
    assert (len(card.rows), card.more_rows) == (60, 140)
    assert (len(card.chains), card.more_chains) == (30, 170)
    assert (len(card.entities), card.more_entities) == (60, 140)


@pytest.fixture
def many(tmp_path: Path) -> Path:
    """A store whose findings are given: write_report only needs names."""
    store_path = tmp_path / "case.db"
    with open_store(str(store_path)) as store:
        store.write([Entity("o", "Person", "O"), *(Entity(f"p{i:04d}", "Person", f"P{i}") for i in range(10))], [])
    return store_path


def test_report_files_summarise_and_json_keeps_everything(many: Path, tmp_path: Path) -> None:
    findings = [finding(i, "not_flagged", i / 100, names=100) for i in range(50)]
    with open_store(str(many)) as store:
        files = write_report(store, tmp_path / "out", findings=findings, views=False)
    markdown = files.markdown.read_text(encoding="utf-8")
    html = files.html.read_text(encoding="utf-8")
    assert markdown.count("### collective_capture-") == NOT_FLAGGED_SHOWN
    assert "And 30 more not-flagged candidates with lower scores (the 20 highest are shown)" in markdown
    assert "And 30 more not-flagged candidates with lower scores" in html
    assert markdown.count(" and 80 more. Not collective.") == NOT_FLAGGED_SHOWN
    document = json.loads(files.json.read_text(encoding="utf-8"))
    assert len(document["findings"]) == 50
    assert all(f["explanation"].count(", MP") == 99 for f in document["findings"])
