"""What each tactic judged, and what a case lacks for it: in `encircle detect`, the report
and findings.json (beside the findings, not inside them)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from encircle.cli.main import cli
from encircle.graph.records import Entity, Relation
from encircle.graph.stores import open_store
from encircle.queries.detection import detect
from encircle.queries.detection.coverage import coverage
from encircle.queries.report import write_report

GIFTS_ONLY = (
    [Entity("a", "Person", "A"), Entity("b", "Person", "B", roles=("official",))],
    [Relation("g", "GIFT", "a", "b", date="2017", amount=5.0)],
)
NO_DECISIONS = "no APPROVED relations in this case; add decisions (APPROVED rows or an OCDS file)"


def _store(path: Path) -> str:
    db = str(path / "case.db")
    with open_store(db) as store:
        store.write(*GIFTS_ONLY)
    return db


def test_a_case_without_decisions_says_so_for_each_tactic(tmp_path: Path) -> None:
    with open_store(_store(tmp_path)) as store:
        covered = coverage(store.stats(), detect(store))
    assert [(c.tactic, c.judged, c.missing) for c in covered] == [
        ("direct_transaction", 0, (NO_DECISIONS,)),
        ("friendship_investment", 0, (NO_DECISIONS,)),
        ("private_customization", 0, (NO_DECISIONS,)),
        (
            "roundabout",
            0,
            (
                NO_DECISIONS,
                "no RELATIVE_OF or EMPLOYED_BY or ASSOCIATE_OF or OWNS or DIRECTS relations in this case; "
                "add the people around officials (RELATIVE_OF, EMPLOYED_BY, ASSOCIATE_OF, OWNS, DIRECTS rows)",
            ),
        ),
        ("bid_rigging", 0, (NO_DECISIONS,)),
        ("collective_capture", 0, ("no HOLDS_POST relations in this case; add posts (HOLDS_POST rows)",)),
        ("blacklist_evasion", 0, (NO_DECISIONS,)),
        ("interest_group", 0, (NO_DECISIONS,)),
    ]


def test_detect_prints_what_each_tactic_judged(tmp_path: Path, demo_db: str) -> None:
    result = CliRunner().invoke(cli, ["detect", "--tactic", "bid_rigging", "--store", _store(tmp_path)])
    assert result.exit_code == 0
    assert result.stdout.endswith(f"What each tactic judged:\n  bid_rigging: judged nothing: {NO_DECISIONS}\n")
    result = CliRunner().invoke(cli, ["detect", "--tactic", "roundabout", "--store", demo_db])
    assert result.stdout.endswith("What each tactic judged:\n  roundabout: judged 2 candidates, 1 flagged\n")


def test_the_report_and_findings_json_say_what_the_case_lacks(tmp_path: Path) -> None:
    with open_store(_store(tmp_path)) as store:
        files = write_report(store, tmp_path / "report")
    document = json.loads(files.json.read_text(encoding="utf-8"))
    assert document["coverage"][0] == {
        "tactic": "direct_transaction",
        "judged": 0,
        "flagged": 0,
        "missing": [NO_DECISIONS],
    }
    assert document["findings"] == []
    markdown = files.markdown.read_text(encoding="utf-8")
    assert "## collective_capture\n" in markdown
    assert "The case lacks what this tactic needs: no HOLDS_POST relations in this case" in markdown
    html = files.html.read_text(encoding="utf-8")
    assert '<p class="lacks"><strong>The case lacks what this tactic needs:</strong> no APPROVED' in html
