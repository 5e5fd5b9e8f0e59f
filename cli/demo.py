"""`encircle demo`: load the fictional demo case into a fresh embedded store."""

from __future__ import annotations

from pathlib import Path

import click

from encircle.cli.stats import format_stats
from encircle.graph.stores import open_store
from encircle.loaders import load
from encircle.loaders.demo import demo_bundle


@click.command()
@click.option(
    "-o", "--output", "output", default="encircle-demo", show_default=True, metavar="DIR",
    help="Folder for the demo store (DIR/encircle.db, replaced if present).",
)
def demo(output: str) -> None:
    """Load the demo case (one instance of each capture tactic, plus decoys).

    \b
    Example:
      encircle demo -o /tmp/demo
      encircle stats --store /tmp/demo/encircle.db
    """
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "encircle.db"
    db.unlink(missing_ok=True)
    with open_store(str(db)) as store:
        load([demo_bundle()], store)
        click.echo(f"loaded the demo case from {demo_bundle()}")
        click.echo(format_stats(store.stats(), store.location))
    click.echo(f"\nnext: encircle stats --store {db}")
