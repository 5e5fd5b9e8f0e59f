"""`encircle load`: read case records and write them to a store in one transaction."""

from __future__ import annotations

from pathlib import Path

import click

from encircle.cli.common import progress_bar, store_option, warn
from encircle.graph.stores import NEO4J_SCHEMES, Store, WriteSummary, open_store, store_spec
from encircle.loaders import Bundle, read_all


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@store_option
def load(paths: tuple[str, ...], store: str | None) -> None:
    """Load case records into a store.

    PATH is a case bundle folder (entities.csv + relations.csv), an .xlsx workbook, a
    JSON/YAML case file or a FollowTheMoney .jsonl stream. Several paths are loaded as one
    transaction: any error and nothing is written. Loading the same input twice changes
    nothing.

    \b
    Example:
      encircle load cases/ls-01 cases/ls-02.xlsx --store case.db
    """
    spec = store_spec(store)
    bundle = read_all([Path(p) for p in paths])
    for message in bundle.warnings:
        warn(message)
    summary, location = _write(spec, bundle)
    click.echo(
        f"loaded {summary.entities} entities ({summary.new_entities} new) and "
        f"{summary.relations} relations ({summary.new_relations} new) into {location}"
    )


def _write(spec: str, bundle: Bundle) -> tuple[WriteSummary, str]:
    created = not spec.startswith(NEO4J_SCHEMES) and not Path(spec).exists()
    try:
        with open_store(spec) as store:
            return _write_with_progress(store, bundle), store.location
    except BaseException:
        if created:  # a failed first load leaves no empty database behind
            Path(spec).unlink(missing_ok=True)
        raise


def _write_with_progress(store: Store, bundle: Bundle) -> WriteSummary:
    total = len(bundle.entities) + len(bundle.relations)
    with progress_bar(total, "writing") as progress:
        return store.write(bundle.entities, bundle.relations, progress)
