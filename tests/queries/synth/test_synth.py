"""The synthetic world generator: deterministic, within the CSV bundle contract, with a
planted instance of every tactic that the detectors find."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from encircle.cli.main import cli
from encircle.graph.stores import open_store
from encircle.loaders import load, read_all
from encircle.queries.detection import TACTICS, detect
from encircle.queries.synth.generate import generate, instances_per_tactic
from encircle.queries.synth.truth import Score, matches, score_findings

FILES = ("entities.csv", "relations.csv", "truth.json")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("world")
    return folder, generate(folder, entities=1000, seed=1)


def test_same_seed_same_bytes(world: tuple[Path, dict], tmp_path: Path) -> None:
    folder, _ = world
    generate(tmp_path, entities=1000, seed=1)
    assert all((tmp_path / f).read_bytes() == (folder / f).read_bytes() for f in FILES)


def test_another_seed_another_world(world: tuple[Path, dict], tmp_path: Path) -> None:
    folder, _ = world
    generate(tmp_path, entities=1000, seed=2)
    assert all((tmp_path / f).read_bytes() != (folder / f).read_bytes() for f in FILES)


def test_bundle_obeys_the_contract(world: tuple[Path, dict]) -> None:
    folder, truth = world
    bundle = read_all([folder])
    assert bundle.warnings == ()
    assert (len(bundle.entities), len(bundle.relations)) == (truth["entities"], truth["relations"])
    assert truth["entities"] >= 1000
    assert truth["relations"] >= 1.7 * truth["entities"]


def test_truth_covers_every_tactic(world: tuple[Path, dict]) -> None:
    _, truth = world
    counts = {t: sum(p["tactic"] == t for p in truth["planted"]) for t in TACTICS}
    assert counts == dict.fromkeys(TACTICS, instances_per_tactic(1000))
    assert {d["near_tactic"] for d in truth["decoys"]} == set(TACTICS)


def test_truth_names_only_records_in_the_bundle(world: tuple[Path, dict]) -> None:
    folder, truth = world
    with open(folder / "relations.csv", encoding="utf-8") as file:
        relations = {row["id"] for row in csv.DictReader(file)}
    with open(folder / "entities.csv", encoding="utf-8") as file:
        entities = {row["id"] for row in csv.DictReader(file)}
    named = [r for case in truth["planted"] + truth["decoys"] for r in case["relations"]]
    assert named and set(named) <= relations
    assert {e for case in truth["planted"] + truth["decoys"] for e in case["entities"]} <= entities
    for case in truth["planted"]:
        key = case["key"]
        assert key.get("approval", next(iter(relations))) in relations
        assert set(key.get("members", ())) | {key.get("official", key.get("body", ""))} - {""} <= entities


# Measured on seeds 1-3 at 1,000 entities (docs/quality.md): every tactic finds all its
# planted cases with no false positive (interest_group since its groups are built from
# benefit loops, not communities).
RECALL_FLOOR = dict.fromkeys(TACTICS, 0.9)
PRECISION_FLOOR = dict.fromkeys(TACTICS, 0.9)


def test_detectors_find_the_planted_cases(world: tuple[Path, dict], tmp_path: Path) -> None:
    folder, truth = world
    with open_store(str(tmp_path / "synth.db")) as store:
        load([folder], store)
        scores = score_findings(detect(store), truth)
    for tactic, score in scores.items():
        assert score.recall >= RECALL_FLOOR[tactic], (tactic, score.to_dict())
        assert score.precision >= PRECISION_FLOOR[tactic], (tactic, score.to_dict())


class _Finding:
    def __init__(self, tactic: str, entities: tuple[str, ...], relations: tuple[str, ...]) -> None:
        self.tactic, self.verdict, self.entities, self.relations = tactic, "flagged", entities, relations


def test_matching_rules() -> None:
    direct = {"tactic": "direct_transaction", "key": {"approval": "a1", "official": "o"}, "flows": ["g1", "a1"]}
    group = {"tactic": "interest_group", "key": {"members": ["b", "f", "o", "x"]}, "flows": ["g2", "a2"]}
    truth = {
        "planted": [direct, group],
        "decoys": [{"near_tactic": "roundabout", "relations": ["g9"], "neutral_for": []}],
    }
    assert matches(_Finding("direct_transaction", ("b", "o"), ("g1", "a1")), direct)
    assert not matches(_Finding("direct_transaction", ("b",), ("g1", "a1")), direct)  # not the official
    assert matches(_Finding("interest_group", ("b", "f", "z"), ("g2", "a2", "g7")), group)
    assert not matches(_Finding("interest_group", ("b", "f", "z"), ("g2", "g7", "g8")), group)  # impure
    findings = [
        _Finding("direct_transaction", ("b", "o"), ("g1", "a1")),  # TP
        _Finding("roundabout", ("b", "o"), ("g1", "a1")),  # rests on a planted flow: related
        _Finding("roundabout", ("q",), ("g9",)),  # a decoy: FP
    ]
    scores = score_findings(findings, truth)
    assert scores["direct_transaction"].to_dict()["tp"] == 1
    assert (scores["roundabout"].related, scores["roundabout"].fp_decoy) == (1, 1)
    assert scores["interest_group"].fn == 1 and isinstance(scores["interest_group"], Score)


def test_cli_writes_a_world(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["synth", "--entities", "1000", "--seed", "3", "-o", str(tmp_path / "w")])
    assert result.exit_code == 0, result.output
    assert "planted cases" in result.output
    truth = json.loads((tmp_path / "w" / "truth.json").read_text(encoding="utf-8"))
    assert truth["seed"] == 3 and truth["entities"] >= 1000
