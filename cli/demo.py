"""`encircle demo`: load the fictional demo case into a fresh embedded store and report on it."""

from __future__ import annotations

from pathlib import Path

import click

from encircle.cli.common import echo
from encircle.cli.report import summary_lines
from encircle.cli.stats import format_stats
from encircle.graph.files import cannot_write
from encircle.graph.stores import open_store
from encircle.loaders import load
from encircle.loaders.demo import demo_bundle
from encircle.queries.report import write_report
from encircle.web.settings import DEFAULT_HOST, DEFAULT_PORT

DEFAULT_URL = f"http://{DEFAULT_HOST}:{DEFAULT_PORT}/"

__all__ = ["demo"]


@click.command()
@click.option(
    "-o",
    "--output",
    "output",
    default="encircle-demo",
    show_default=True,
    metavar="DIR",
    help="Folder for the demo store (DIR/encircle.db, replaced if present) and its report.",
)
def demo(output: str) -> None:
    """Load the demo case (one instance of each capture tactic, plus decoys), run the
    detectors and write the report next to the store: DIR/report.html, DIR/report.md,
    DIR/findings.json and DIR/views/.

    \b
    Example:
      encircle demo -o /tmp/demo
      encircle stats --store /tmp/demo/encircle.db
    """
    folder = Path(output)
    db = folder / "encircle.db"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            stale.unlink(missing_ok=True)  # a WAL left by a crash must not be applied to the new file
    except OSError as error:
        raise cannot_write(folder, error) from None
    with open_store(str(db)) as store:
        load([demo_bundle()], store)
        echo(f"loaded the demo case from {demo_bundle()}")
        echo(*format_stats(store.stats(), store.location).split("\n"))
        files = write_report(store, folder)
    echo(
        "",
        *summary_lines(files),
        "",
        f"next: open {files.html}, or encircle detect --store {db}",
        f"To work through the findings in a browser: encircle serve --store {db}",
        f"  then open {DEFAULT_URL} (Ctrl+C stops it)",
    )
