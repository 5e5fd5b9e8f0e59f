"""The tactic registry: every tactic registers once, and everything else reads it.

A throwaway tactic, written to a folder of its own and registered with one call (what
the registry's line does for the real ones), shows up in detection, `encircle detect
--tactic`, the report and the synthetic worlds without touching anything else."""

from __future__ import annotations

import importlib
import inspect
import json
import re
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from encircle.cli.main import cli
from encircle.graph.records import Entity, Relation
from encircle.graph.stores import open_store
from encircle.queries.detection import TACTICS, detect
from encircle.queries.detection.registry import FOLDERS, register
from encircle.queries.detection.tactic import Tactic
from encircle.queries.report import write_report
from encircle.queries.synth.generate import generate, instances_per_tactic

DETECTOR = '''
"""throwaway: one gift of a million or more is a lead.

Score
    size 1.0 for a gift of at least `floor`.
"""
from dataclasses import asdict, dataclass

from encircle.queries.detection.case import CaseIndex
from encircle.queries.detection.findings import Chain, Finding, flag, scored

TACTIC = "throwaway"
WEIGHTS = {"size": 1.0}


@dataclass(frozen=True)
class Parameters:
    floor: float = 1_000_000
    threshold: float = 0.5


def detect(index: CaseIndex, parameters: Parameters | None = None) -> list[Finding]:
    p = parameters or Parameters()
    findings = []
    for gift in index.by_type.get("GIFT", []):
        if (gift.amount or 0) >= p.floor:
            score, contributions = scored({"size": WEIGHTS["size"]}, [gift])
            chain = Chain.of("the gift", [gift])
            entities = (gift.source_id, gift.target_id)
            verdict = flag(score, p.threshold)
            findings.append(Finding(TACTIC, verdict, score, contributions, entities, (chain,), "big.", asdict(p)))
    return findings
'''
PLANT = """
from encircle.queries.synth.planting import Decoy, Planted
from encircle.queries.synth.world import World


def plant(world: World) -> Planted:
    leader, firm = world.free_leader(3), world.firm()
    gift = world.gift(firm.owner, leader.person, world.within(leader), 5e6, "cash")
    key = {"approval": gift, "official": leader.person}
    return Planted("throwaway", "one big gift", key, [firm.owner], [gift], [gift])


def decoy(world: World, i: int) -> Decoy:
    leader, firm = world.free_leader(3), world.firm()
    gift = world.gift(firm.owner, leader.person, world.within(leader), 5e3, "tea")
    return Decoy("throwaway", "a small gift", [gift], [firm.owner, leader.person])
"""
INIT = """
from throwaway import detector, plant
from encircle.queries.detection.tactic import Tactic

TACTIC = Tactic.of(detector, plant=plant.plant, decoy=plant.decoy)
"""


@pytest.fixture
def throwaway(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Tactic]:
    folder = tmp_path / "packages" / "throwaway"
    folder.mkdir(parents=True)
    for name, text in {"__init__": INIT, "detector": DETECTOR, "plant": PLANT}.items():
        (folder / f"{name}.py").write_text(textwrap.dedent(text), encoding="utf-8")
    monkeypatch.syspath_prepend(str(folder.parent))
    tactic = register(importlib.import_module("throwaway").TACTIC)  # the one registration line
    try:
        yield tactic
    finally:
        del TACTICS[tactic.id]


def _store_with_a_big_gift(path: Path) -> str:
    db = str(path / "case.db")
    with open_store(db) as store:
        store.write(
            [Entity("b", "Person", "Boss"), Entity("o", "Person", "Official", roles=("official",))],
            [
                Relation("g1", "GIFT", "b", "o", date="2017-02-10", amount=2e6),
                Relation("g2", "GIFT", "b", "o", amount=10.0, date="2018"),
            ],
        )
    return db


def test_a_registered_tactic_is_detected_chosen_reported_and_planted(throwaway: Tactic, tmp_path: Path) -> None:
    db = _store_with_a_big_gift(tmp_path)
    with open_store(db) as store:
        found = [f for f in detect(store) if f.tactic == "throwaway"]
        assert [(f.verdict, f.score, f.relations, f.entities) for f in found] == [("flagged", 1.0, ("g1",), ("b", "o"))]
        report = write_report(store, tmp_path / "report")
    assert "## throwaway" in report.markdown.read_text(encoding="utf-8")

    result = CliRunner().invoke(cli, ["detect", "--tactic", "throwaway", "--json", "--store", db])
    assert result.exit_code == 0, result.output
    assert [
        f["relations"] if "relations" in f else f["evidence"][0]["steps"][0]["relation"]
        for f in json.loads(result.stdout)
    ] == ["g1"]

    truth = generate(tmp_path / "world", entities=1000, seed=1)
    planted = [p for p in truth["planted"] if p["tactic"] == "throwaway"]
    assert len(planted) == instances_per_tactic(1000)
    assert sum(d["near_tactic"] == "throwaway" for d in truth["decoys"]) == instances_per_tactic(1000)


def test_the_registry_lists_each_folder_once_in_order() -> None:
    assert list(TACTICS) == list(FOLDERS)
    with pytest.raises(ValueError, match="registered already"):
        register(TACTICS["roundabout"])
    assert all(t.detector.__package__ == f"encircle.queries.detection.{t.id}" for t in TACTICS.values())


def test_unknown_tactic_is_a_query_error() -> None:
    result = CliRunner().invoke(cli, ["detect", "--tactic", "nope", "--store", ":memory:"])
    assert result.exit_code != 0 and "nope" in result.output


@pytest.mark.parametrize("tactic", list(FOLDERS))
def test_weights_are_declared_once_and_documented(tactic: str) -> None:
    """The weights each tactic declares are what its Score section says, and cap what its
    findings on the demo case and a synthetic world contribute."""
    detector = TACTICS[tactic].detector
    weights: dict[str, float] = detector.WEIGHTS
    score_section = (inspect.getdoc(detector) or "").split("\nScore\n", 1)[1].split("\n\n", 1)[0]
    for name, weight in weights.items():
        mentioned = name.removeprefix("affiliation_") if tactic == "blacklist_evasion" else name
        # the name, then its weight within the same clause (clauses end at ';')
        clause = rf"\b{re.escape(mentioned)}\b[^;]*?\b{re.escape(f'{weight:g}')}\b"
        assert re.search(clause, score_section), f"{tactic}: Score does not give {name} its weight {weight:g}"


def test_contributions_stay_within_the_declared_weights(demo_db: str, tmp_path: Path) -> None:
    generate(tmp_path, entities=1000, seed=2)
    from encircle.loaders import load

    with open_store(str(tmp_path / "w.db")) as world, open_store(demo_db) as demo:
        load([tmp_path], world)
        findings = detect(demo) + detect(world)
    assert {f.tactic for f in findings} == set(TACTICS)
    for finding in findings:
        weights = TACTICS[finding.tactic].detector.WEIGHTS
        for name, value in finding.contributions.items():
            if name in ("cap", "evidence_status"):
                assert value <= 0
            else:
                assert name in weights and value <= weights[name], (finding.id, name, value)
