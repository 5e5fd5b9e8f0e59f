"""Synthetic political-business worlds with planted capture cases, for measuring the
detectors: `generate()` writes a CSV bundle (the DESIGN.md contract) and truth.json.

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
from encircle.loaders.synth import background
from encircle.loaders.synth.capture import blacklist_evasion, collective_capture, interest_group
from encircle.loaders.synth.decoys import DECOYS
from encircle.loaders.synth.tactics import PLANTERS, Planted
from encircle.loaders.synth.world import World
from encircle.loaders.synth.writer import BundleWriter

__all__ = ["RELATIONS_PER_ENTITY", "TACTICS", "generate", "instances_per_tactic"]

TACTICS = {
    **PLANTERS,
    "collective_capture": collective_capture,
    "blacklist_evasion": blacklist_evasion,
    "interest_group": interest_group,
}
PER_10K = 3  # planted instances (and as many decoys) per tactic per 10,000 entities
RELATIONS_PER_ENTITY = 3.0


def instances_per_tactic(entities: int) -> int:
    """At least three of each tactic, so a 1k world still tests them all."""
    return max(3, round(entities * PER_10K / 10_000))


def generate(
    folder: str | Path, entities: int, seed: int, relations_per_entity: float = RELATIONS_PER_ENTITY
) -> dict[str, Any]:
    """Write entities.csv, relations.csv and truth.json into `folder`; return the truth.

    The same arguments give byte-identical files. `entities` is met exactly from about
    5,000 up; below, the background's minimum (6 bodies, a ministry, a bank) and the
    planted cases' fresh actors exceed it (1,000 asked gives about 1,200). Relations
    reach `relations_per_entity` x entities through citizens' friendships and presents
    (the background alone makes about 0.9 per entity).
    """
    folder = Path(folder)
    rng = random.Random(seed)
    planted: list[Planted] = []
    decoys = []
    with BundleWriter(folder, seed) as writer:
        world = World(writer, rng)
        background.populate(world, entities)
        background.flows(world, entities)
        for i in range(instances_per_tactic(entities)):
            for tactic, plant in TACTICS.items():  # interleaved: no tactic gets the leftovers
                planted.append(plant(world))
                decoys.append(DECOYS[tactic](world, i))
        background.fill(world, entities, relations_per_entity)
        truth = {
            "seed": seed,
            "entities": writer.entities,
            "relations": writer.relations,
            "planted": [p.to_dict() for p in planted],
            "decoys": [d.to_dict() for d in decoys],
        }
    atomic_write(folder / "truth.json", json.dumps(truth, ensure_ascii=False, indent=1) + "\n")
    return truth
