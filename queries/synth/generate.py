"""Synthetic political-business worlds with planted capture cases, for measuring the
detectors: `generate()` writes a CSV bundle (the input contract) and truth.json.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> truth = generate(folder, entities=1000, seed=1)
>>> sorted({p["tactic"] for p in truth["planted"]}) == sorted(TACTICS)
True
>>> truth["entities"] >= 1000, truth["relations"] == 3 * truth["entities"]
(True, True)
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from encircle.graph.files import atomic_write
from encircle.queries.detection.registry import TACTICS
from encircle.queries.synth import background
from encircle.queries.synth.duplicates import plant_duplicates
from encircle.queries.synth.planting import Decoy, Planted
from encircle.queries.synth.stress import Stress, shapes_of
from encircle.queries.synth.world import World
from encircle.queries.synth.writer import BundleWriter

__all__ = ["RELATIONS_PER_ENTITY", "generate", "instances_per_tactic"]

PER_10K = 3  # planted instances (and as many decoys) per tactic per 10,000 entities
RELATIONS_PER_ENTITY = 3.0


def instances_per_tactic(entities: int) -> int:
    """At least three of each tactic, so a 1k world still tests them all."""
    return max(3, round(entities * PER_10K / 10_000))


def generate(
    folder: str | Path,
    entities: int,
    seed: int,
    relations_per_entity: float = RELATIONS_PER_ENTITY,
    shapes: tuple[str, ...] = (),
    duplicates: bool = False,
) -> dict[str, Any]:
    """Write entities.csv, relations.csv and truth.json into `folder`; return the truth.

    The same arguments give byte-identical files. `entities` is met exactly from about
    5,000 up; below, the background's minimum (6 bodies, a ministry, a bank) and the
    planted cases' fresh actors exceed it (1,000 asked gives about 1,200). Relations
    reach `relations_per_entity` x entities through citizens' friendships and presents
    (the background alone makes about 0.9 per entity). `shapes` adds stress shapes
    (queries/synth/stress.py); truth.json then says which, under "shapes". `duplicates`
    appends duplicate records and hard non-duplicates for entity resolution
    (synth/duplicates.py), with their truth under "resolution"; without it the files are
    as they always were.
    """
    folder = Path(folder)
    rng = random.Random(seed)
    planted: list[Planted] = []
    decoys: list[Decoy] = []
    with BundleWriter(folder, seed) as writer:
        world = World(writer, rng)
        background.populate(world, entities)
        background.flows(world, entities)
        stress = Stress(world, entities, shapes_of(shapes)) if shapes_of(shapes) else None
        if stress:
            stress.structure()
        for i in range(instances_per_tactic(entities) * (stress.density if stress else 1)):
            for tactic in TACTICS.values():  # interleaved: no tactic gets the leftovers
                if tactic.plant is not None:
                    planted.append(tactic.plant(world))
                if tactic.decoy is not None:
                    decoys.append(tactic.decoy(world, i))
        if stress:
            planted += stress.plant()
        background.pad(world, entities)
        if stress:
            stress.flows()
        background.top_up(world, entities, relations_per_entity)
        truth: dict[str, Any] = {
            "seed": seed,
            "entities": writer.entities,
            "relations": writer.relations,
            "planted": [p.to_dict() for p in planted],
            "decoys": [d.to_dict() for d in decoys],
        }
        if stress:
            truth["shapes"] = stress.to_dict()
    if duplicates:
        truth["resolution"] = plant_duplicates(folder, seed, entities)
        truth["entities"] += truth["resolution"]["entities_added"]
        truth["relations"] += len(truth["resolution"]["duplicates"])
    atomic_write(folder / "truth.json", json.dumps(truth, ensure_ascii=False, indent=1) + "\n")
    return truth
