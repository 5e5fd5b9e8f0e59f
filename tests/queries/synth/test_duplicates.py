"""`generate(..., duplicates=True)`: duplicate records and near misses with their truth,
appended to a world that is otherwise byte for byte the default one; xref finds them."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from encircle.cli.main import cli
from encircle.graph.stores import open_store
from encircle.loaders import load
from encircle.queries.resolution import xref
from encircle.queries.synth.generate import generate


def test_duplicates_are_appended_and_found(tmp_path: Path) -> None:
    plain = generate(tmp_path / "plain", entities=1000, seed=3)
    truth = generate(tmp_path / "dups", entities=1000, seed=3, duplicates=True)
    for name in ("entities.csv", "relations.csv"):
        before = (tmp_path / "plain" / name).read_bytes()
        after = (tmp_path / "dups" / name).read_bytes()
        assert after.startswith(before) and len(after) > len(before)
    resolution = truth["resolution"]
    assert len(resolution["duplicates"]) == 20  # 10 people, 10 firms (the minimum)
    assert len(resolution["non_duplicates"]) >= 8
    assert truth["entities"] == plain["entities"] + resolution["entities_added"]
    assert {d["how"] for d in resolution["duplicates"]} <= {
        "legal_form",
        "transliteration",
        "transliteration_no_number",
        "typo",
        "homophone",
        "transliteration_swapped",
        "transliteration_year_only",
    }
    with open_store(str(tmp_path / "w.db")) as store:
        load([tmp_path / "dups"], store)
        proposed = {frozenset(c.entities) for c in xref(store).candidates}
    planted = {frozenset(d["entities"]) for d in resolution["duplicates"]}
    near = {frozenset(d["entities"]) for d in resolution["non_duplicates"]}
    assert planted <= proposed
    assert not near & proposed
    written = json.loads((tmp_path / "dups" / "truth.json").read_text(encoding="utf-8"))
    assert written["resolution"]["duplicates"] == resolution["duplicates"]


def test_cli_duplicates_flag(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["synth", "-n", "1000", "-s", "1", "--duplicates", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "20 duplicates" in result.output
