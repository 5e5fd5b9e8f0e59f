"""`encircle synth`: write a synthetic world with planted capture cases (a CSV bundle
plus truth.json), for measuring the detectors."""

from __future__ import annotations

from pathlib import Path

import click

from encircle.cli.common import echo
from encircle.queries.synth.generate import RELATIONS_PER_ENTITY, generate
from encircle.queries.synth.stress import SHAPES

__all__ = ["synth"]


@click.command()
@click.option(
    "--entities",
    "-n",
    type=click.IntRange(min=100),
    default=10_000,
    show_default=True,
    help="Entities to write (1k to 1M).",
)
@click.option("--seed", "-s", type=int, default=1, show_default=True, help="Same seed, same bytes.")
@click.option(
    "--relations-per-entity",
    type=click.FloatRange(min=1.0),
    default=RELATIONS_PER_ENTITY,
    show_default=True,
    help="Relations per entity, topped up with citizens' friendships and presents (the background alone makes ~0.9).",
)
@click.option(
    "--shape",
    "shapes",
    multiple=True,
    type=click.Choice(("ordinary", "stress", *SHAPES)),
    help="Add a stress shape (repeatable; 'stress' adds them all): see docs/performance.md. Default: ordinary.",
)
@click.option(
    "--duplicates", is_flag=True, help="Also plant duplicate records and near misses for `encircle xref` (truth.json)."
)
@click.option("-o", "--out", "out", required=True, type=click.Path(file_okay=False), help="Folder to write.")
def synth(
    entities: int, seed: int, relations_per_entity: float, shapes: tuple[str, ...], duplicates: bool, out: str
) -> None:
    """Generate a synthetic political-business world with planted capture cases.

    Writes OUT/entities.csv and OUT/relations.csv (the case bundle contract) and
    OUT/truth.json: every planted instance of each tactic with the key a finding must hit,
    and the decoys. With --duplicates, also second records of people and firms spelled
    another way and hard non-duplicates, with their truth (docs/resolution.md).

    Stress shapes (--shape) test how encircle scales with the shape of a case: big_body
    (thousands of leaders whose circles receive presents from thousands of givers), hub
    (one entity with about N relations), candidates (about N/6 near misses per tactic),
    chains (deep ownership chains), clusters (dense friendship cliques), flagged (six
    times the planted cases); 'stress' is all of them.

    \b
    Example:
      encircle synth --entities 10000 --seed 1 -o world
      encircle load world --store world.db && encircle detect --store world.db
      encircle synth --entities 50000 --shape big_body --shape hub -o stressed
      encircle synth --entities 10000 --seed 1 --duplicates -o world
    """
    truth = generate(Path(out), entities, seed, relations_per_entity, tuple(shapes), duplicates)
    resolution = truth.get("resolution")
    planted = (
        f", {len(resolution['duplicates'])} duplicates, {len(resolution['non_duplicates'])} near misses"
        if resolution
        else ""
    )
    echo(
        f"wrote {out}: {truth['entities']} entities, {truth['relations']} relations, "
        f"{len(truth['planted'])} planted cases, {len(truth['decoys'])} decoys{planted} (truth.json)"
    )
