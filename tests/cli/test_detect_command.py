"""`encircle detect` on the demo case: table, JSON contract, filters."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from encircle.cli.main import cli

CONTRACT = {"id", "tactic", "verdict", "score", "contributions", "entities", "evidence", "explanation", "parameters"}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_follows_the_findings_contract_and_is_deterministic(demo_db: str) -> None:
    code, out, _ = run("detect", "--json", "--store", demo_db)
    findings = json.loads(out)
    assert code == 0
    assert all(set(f) >= CONTRACT for f in findings)
    assert {f["verdict"] for f in findings} <= {"flagged", "insufficient_data"}
    step = findings[0]["evidence"][0]["steps"][0]
    assert {"relation", "type", "source_id", "target_id", "status"} <= set(step)
    assert run("detect", "--json", "--store", demo_db)[1] == out


def test_table_shows_evidence_and_contributions(demo_db: str) -> None:
    code, out, _ = run("detect", "--tactic", "roundabout", "--store", demo_db)
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == "1 finding (1 flagged); leads, not verdicts"
    assert lines[2].startswith("[flagged] roundabout  score 0.68  roundabout-")
    step = "    钱磊 (p-qian) -[GIFT cash 2016-09 200,000 CNY]-> 徐涛 (p-xu)  [confirmed; LS-06 §7; gift-qian-xu-1]"
    assert step in lines
    assert lines[-4].startswith("  score: channel +0.30")
    assert lines[-2:] == ["What each tactic judged:", "  roundabout: judged 2 candidates, 1 flagged"]


def test_all_adds_the_candidates_that_were_not_flagged(demo_db: str) -> None:
    default = json.loads(run("detect", "--json", "--tactic", "direct_transaction", "--store", demo_db)[1])
    everything = json.loads(run("detect", "--json", "--all", "--tactic", "direct_transaction", "--store", demo_db)[1])
    assert len(everything) == len(default) + 1
    assert everything[-1]["verdict"] == "not_flagged"


def test_confirmed_only_drops_alleged_steps(demo_db: str) -> None:
    findings = json.loads(run("detect", "--json", "--confirmed-only", "--store", demo_db)[1])
    statuses = {s["status"] for f in findings for c in f["evidence"] for s in c["steps"]}
    assert statuses == {"confirmed"}


def test_unknown_tactic_is_a_usage_error(demo_db: str, tmp_path: Path) -> None:
    code, _, err = run("detect", "--tactic", "bribery", "--store", demo_db)
    assert code == 2 and "bribery" in err
