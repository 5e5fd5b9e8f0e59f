"""`encircle load`: read case records and write them to a store, in one transaction or
(with --commit-every) in several after checking all of them."""

from __future__ import annotations

from pathlib import Path

import click

from encircle.cli.common import progress_bar, store_option, warn
from encircle.graph.stores import NEO4J_SCHEMES, PartialWriteError, Store, WriteSummary, open_store, store_spec
from encircle.loaders import Bundle, read_all


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@store_option
@click.option(
    "--commit-every",
    type=click.IntRange(min=1),
    metavar="N",
    help="Commit every N records (entities first, then relations) instead of one transaction, for "
    "loads larger than the server's transaction memory (Neo4j: ~4 KB of heap per record). The whole "
    "input is still checked before the first commit; if the load fails later, re-run it to complete it.",
)
def load(paths: tuple[str, ...], store: str | None, commit_every: int | None) -> None:
    """Load case records into a store.

    PATH is a case bundle folder (entities.csv + relations.csv), an .xlsx workbook, a
    JSON/YAML case file or a FollowTheMoney .jsonl stream. Several paths are loaded as one
    transaction: any error and nothing is written. Loading the same input twice changes
    nothing.

    With --commit-every N the records are written in transactions of at most N records.
    Bad input still writes nothing (all of it is checked against the store first); a
    failure mid-way (the server goes away) leaves what was committed, and running the
    same load again completes it.

    \b
    Example:
      encircle load cases/ls-01 cases/ls-02.xlsx --store case.db
      encircle load world --store bolt://127.0.0.1:7687 --commit-every 50000
    """
    spec = store_spec(store)
    bundle = read_all([Path(p) for p in paths])
    for message in bundle.warnings:
        warn(message)
    summary, location = _write(spec, bundle, commit_every)
    click.echo(
        f"loaded {summary.entities} entities ({summary.new_entities} new) and "
        f"{summary.relations} relations ({summary.new_relations} new) into {location}"
    )


def _write(spec: str, bundle: Bundle, commit_every: int | None) -> tuple[WriteSummary, str]:
    created = not spec.startswith(NEO4J_SCHEMES) and not Path(spec).exists()
    try:
        with open_store(spec) as store:
            return _write_with_progress(store, bundle, commit_every), store.location
    except PartialWriteError:
        raise  # keep what was committed: re-running the load completes it
    except BaseException:
        if created:  # a failed first load leaves no empty database behind
            Path(spec).unlink(missing_ok=True)
        raise


def _write_with_progress(store: Store, bundle: Bundle, commit_every: int | None) -> WriteSummary:
    total = len(bundle.entities) + len(bundle.relations)
    with progress_bar(total, "writing") as progress:
        return store.write(bundle.entities, bundle.relations, progress, commit_every)
