"""Stress shapes (`encircle synth --shape`): each shape is there, deterministic, within the
contract, and the detectors still find every planted case in it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from encircle.cli.main import cli
from encircle.graph.stores import open_store
from encircle.loaders import load, read_all
from encircle.queries.detection import TACTICS, detect
from encircle.queries.synth.generate import generate, instances_per_tactic
from encircle.queries.synth.stress import FLAGGED_DENSITY, SHAPES, shapes_of
from encircle.queries.synth.truth import score_findings

N = 1000


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("stress")
    return folder, generate(folder, entities=N, seed=1, shapes=("stress",))


def test_shapes_of() -> None:
    assert shapes_of(["stress"]) == SHAPES
    assert shapes_of(["ordinary"]) == ()
    assert shapes_of(["hub", "big_body", "hub"]) == ("big_body", "hub")
    with pytest.raises(ValueError, match="unknown shape 'round'"):
        shapes_of(["round"])


def test_same_seed_same_bytes(world: tuple[Path, dict], tmp_path: Path) -> None:
    folder, _ = world
    generate(tmp_path, entities=N, seed=1, shapes=("stress",))
    for name in ("entities.csv", "relations.csv", "truth.json"):
        assert (tmp_path / name).read_bytes() == (folder / name).read_bytes()


def test_ordinary_world_has_no_shapes(tmp_path: Path) -> None:
    truth = generate(tmp_path, entities=N, seed=1, shapes=("ordinary",))
    assert "shapes" not in truth


def test_each_shape_is_there(world: tuple[Path, dict]) -> None:
    folder, truth = world
    bundle = read_all([folder])
    assert bundle.warnings == ()
    shapes = truth["shapes"]
    assert shapes["names"] == list(SHAPES)
    degree = Counter(end for r in bundle.relations for end in (r.source_id, r.target_id))
    assert degree[shapes["hub"]] >= shapes["counts"]["hub_degree"] == N
    posts = [r for r in bundle.relations if r.type == "HOLDS_POST" and r.target_id == shapes["big_body"]]
    assert len(posts) == shapes["counts"]["big_body_leaders"] >= 200
    depth = Counter(r.source_id for r in bundle.relations if r.type == "OWNS")
    assert shapes["counts"]["chains"] == 5 and len(depth) > 5 * 10
    for tactic in ("direct_transaction", "roundabout", "bid_rigging", "blacklist_evasion", "collective_capture"):
        assert shapes["counts"][f"candidates_{tactic}"] >= N // 6
    planted = Counter(p["tactic"] for p in truth["planted"])
    assert planted["interest_group"] == FLAGGED_DENSITY * instances_per_tactic(N)


def test_detectors_find_the_planted_cases(world: tuple[Path, dict], tmp_path: Path) -> None:
    folder, truth = world
    with open_store(str(tmp_path / "stress.db")) as store:
        load([folder], store)
        findings = detect(store)
    scores = score_findings(findings, truth)
    assert {t: scores[t].recall for t in TACTICS} == dict.fromkeys(TACTICS, 1.0)
    assert all(scores[t].precision >= 0.9 for t in TACTICS), {t: s.to_dict() for t, s in scores.items()}
    not_flagged = Counter(f.tactic for f in findings if f.verdict == "not_flagged")
    assert all(not_flagged[t] >= N // 6 for t in ("direct_transaction", "bid_rigging", "collective_capture"))


def test_cli_shape_option(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["synth", "-n", "1000", "--shape", "hub", "-o", str(tmp_path / "w")])
    assert result.exit_code == 0, result.output
    truth = json.loads((tmp_path / "w" / "truth.json").read_text(encoding="utf-8"))
    assert truth["shapes"]["names"] == ["hub"]
    result = CliRunner().invoke(cli, ["synth", "--shape", "round", "-o", str(tmp_path / "x")])
    assert result.exit_code == 2 and "round" in result.output
