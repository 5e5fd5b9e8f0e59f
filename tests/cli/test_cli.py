"""The CLI through click's CliRunner: every command, its example, its errors."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from encircle.cli.main import cli
from encircle.loaders.demo import demo_bundle


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_load_then_stats_json_counts_the_demo(tmp_path: Path) -> None:
    db = str(tmp_path / "case.db")
    code, out, err = run("load", str(demo_bundle()), "--store", db)
    assert (code, err) == (0, "")
    assert out == f"loaded 43 entities (43 new) and 73 relations (73 new) into {db}\n"
    code, out, _ = run("stats", "--store", db, "--json")
    counts = json.loads(out)
    assert (code, counts["entities"], counts["relations"]) == (0, 43, 73)
    assert counts["entity_types"] == {"Company": 13, "Organization": 1, "Person": 24, "PublicBody": 5}
    assert counts["roles"] == {"businessperson": 9, "official": 10, "relative": 4, "staff": 1}
    assert counts["relation_types"] == {
        "APPROVED": 12,
        "ASSOCIATE_OF": 2,
        "DIRECTS": 6,
        "EMPLOYED_BY": 1,
        "GIFT": 28,
        "HOLDS_POST": 11,
        "OWNS": 9,
        "RELATIVE_OF": 4,
    }


def test_loading_twice_changes_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "case.db")
    run("load", str(demo_bundle()), "--store", db)
    before = run("stats", "--store", db, "--json")[1]
    code, out, _ = run("load", str(demo_bundle()), "--store", db)
    assert code == 0
    assert "(0 new)" in out and out.count("(0 new)") == 2
    assert run("stats", "--store", db, "--json")[1] == before


def test_stats_table_is_readable(tmp_path: Path) -> None:
    db = str(tmp_path / "case.db")
    run("load", str(demo_bundle()), "--store", db)
    code, out, _ = run("stats", "--store", db)
    assert code == 0
    assert out.splitlines()[0] == f"{db}: 43 entities, 73 relations"
    assert "    GIFT" in out


def test_bad_input_is_one_line_nonzero_and_writes_nothing(tmp_path: Path) -> None:
    bundle = tmp_path / "bad"
    bundle.mkdir()
    (bundle / "entities.csv").write_text("id,type,name\np1,Person,Li\nc1,Compny,Co\n", encoding="utf-8")
    (bundle / "relations.csv").write_text("type,source_id,target_id\n", encoding="utf-8")
    db = tmp_path / "case.db"
    code, out, err = run("load", str(bundle), "--store", str(db))
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"error: {bundle / 'entities.csv'}:3:2: unknown entity type 'Compny'")
    assert not db.exists()


def test_demo_writes_a_fresh_store_and_says_where(tmp_path: Path) -> None:
    out_dir = tmp_path / "demo"
    for _ in range(2):  # a second run starts from scratch again
        code, out, _ = run("demo", "-o", str(out_dir))
        assert code == 0
    assert f"{out_dir / 'encircle.db'}: 43 entities, 73 relations" in out
    assert (out_dir / "encircle.db").is_file()
    # ... then runs the detectors and writes the report next to the store
    assert "25 findings, 16 flagged (leads, not verdicts):" in out
    assert "  roundabout               1 flagged (1 not flagged)" in out
    assert f"wrote {out_dir / 'report.html'}" in out
    assert f"      {out_dir / 'views'}/ (16 interactive views)" in out
    for name in ("report.html", "report.md", "findings.json"):
        assert (out_dir / name).is_file()
    assert len(list((out_dir / "views").glob("*.html"))) == 16
    # ... and ends by saying how to open the workbench on it
    assert out.splitlines()[-2:] == [
        f"To work through the findings in a browser: encircle serve --store {out_dir / 'encircle.db'}",
        "  then open http://127.0.0.1:8765/ (Ctrl+C stops it)",
    ]
