"""`encircle load`: read case records and write them to a store, in one transaction or
(with --commit-every) in several after checking all of them, or (with --bulk) into an
empty Neo4j database through Neo4j's offline importer."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import click

from encircle.cli.common import echo, progress_bar, store_option, warn
from encircle.graph.errors import ErrorLog, LoadErrors, StoreError
from encircle.graph.stores import NEO4J_SCHEMES, PartialWriteError, Store, WriteSummary, open_store, store_spec
from encircle.graph.stores.base import Progress
from encircle.graph.stores.chunked import write_in_chunks
from encircle.loaders import Bundle, read_all, stream
from encircle.loaders.bundle import count_unknown, unknown_note
from encircle.loaders.stream import StreamedInputs

__all__ = ["load"]


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
@click.option(
    "--max-errors",
    type=click.IntRange(1, ErrorLog.KEEP),
    default=50,
    show_default=True,
    metavar="N",
    help="Bad input: print the first N errors (each file:line:col), then how many more there are.",
)
@click.option(
    "--bulk",
    is_flag=True,
    help="Neo4j only, into an EMPTY database: write Neo4j's admin-import files and build the database "
    "with `neo4j-admin database import full`. The server is stopped for the import and started again "
    "(Neo4j Community imports offline only); any failure leaves the database empty.",
)
@click.option(
    "--neo4j-home",
    metavar="DIR",
    envvar="NEO4J_HOME",
    type=click.Path(file_okay=False),
    help="With --bulk: the server's folder with bin/neo4j (stop, start) and bin/neo4j-admin "
    "(default $NEO4J_HOME; the test server's is services/neo4j).",
)
@click.option(
    "--import-option",
    "import_options",
    metavar="OPT",
    multiple=True,
    help="With --bulk: an option for neo4j-admin database import full, e.g. --import-option=--threads=2 (repeatable).",
)
def load(
    paths: tuple[str, ...],
    store: str | None,
    commit_every: int | None,
    max_errors: int,
    bulk: bool,
    neo4j_home: str | None,
    import_options: tuple[str, ...],
) -> None:
    """Load case records into a store.

    PATH is a case bundle folder (entities.csv + relations.csv), an .xlsx workbook, a
    JSON/YAML case file, a FollowTheMoney .jsonl stream, or OCDS procurement data (release
    or record packages, JSON Lines of releases, or a folder of them: buyers become public
    bodies, suppliers firms, awards decisions of the procuring body). Several paths are loaded as one
    transaction: any error and nothing is written, and every error is reported (the first
    --max-errors of them), each on its own line. Loading the same input twice changes
    nothing. Gifts and approvals without a date load with the date unknown; the load says
    how many there are.

    With --commit-every N the records are written in transactions of at most N records.
    Bad input still writes nothing (all of it is checked against the store first); a
    failure mid-way (the server goes away) leaves what was committed, and running the
    same load again completes it.

    With --bulk the records go into an empty Neo4j database through Neo4j's offline
    importer: checked as for one transaction, written as admin-import files, imported with
    the server stopped, then the constraints and indexes are built and the counts checked.
    A database holding anything is refused; a failed import leaves it empty.

    \b
    Example:
      encircle load cases/ls-01 cases/ls-02.xlsx --store case.db
      encircle load cases/ls-01 contracts/releases.jsonl --store case.db
      encircle load world --store bolt://127.0.0.1:7687 --commit-every 50000
      encircle load world --store bolt://127.0.0.1:7687 --bulk --neo4j-home /opt/neo4j
    """
    spec = store_spec(store)
    if bulk:
        try:
            _bulk(paths, spec, commit_every, neo4j_home, import_options)
        except LoadErrors as errors:
            raise errors.limited(max_errors) from None
        return
    if import_options:
        raise click.UsageError("--import-option goes with --bulk")
    try:
        read = _read([Path(p) for p in paths], commit_every)
        for message in read.warnings:
            warn(message)
        summary, location = _write(spec, read.write, read.records)
    except LoadErrors as errors:
        raise errors.limited(max_errors) from None
    echo(
        f"loaded {summary.entities} entities ({summary.new_entities} new) and "
        f"{summary.relations} relations ({summary.new_relations} new) into {location}"
    )
    echo(*unknown_note(read.unknown))


Write = Callable[[Store, Progress | None], WriteSummary]


@dataclass(frozen=True)
class _Read:
    warnings: tuple[str, ...]
    records: int
    unknown: Mapping[tuple[str, str], int]  # facts the records lack (bundle.count_unknown)
    write: Write


def _read(paths: list[Path], commit_every: int | None) -> _Read:
    """What the inputs hold and how to write them: held whole for one transaction,
    streamed (read again for each pass) for a chunked load."""
    if commit_every is None:
        bundle = read_all(paths)
        records = len(bundle.entities) + len(bundle.relations)
        return _Read(bundle.warnings, records, count_unknown(bundle.relations), partial(_write_bundle, bundle))
    inputs = stream(paths)
    return _Read(inputs.warnings, inputs.ids.records, inputs.unknown, partial(_write_streamed, inputs, commit_every))


def _write_bundle(bundle: Bundle, store: Store, progress: Progress | None) -> WriteSummary:
    return store.write(bundle.entities, bundle.relations, progress)


def _write_streamed(inputs: StreamedInputs, size: int, store: Store, progress: Progress | None) -> WriteSummary:
    return write_in_chunks(store, inputs, inputs.ids, progress, size)


def _write(spec: str, write: Write, total: int) -> tuple[WriteSummary, str]:
    created = not spec.startswith(NEO4J_SCHEMES) and not Path(spec).exists()
    summary: WriteSummary | None = None
    try:
        with open_store(spec) as store:
            with progress_bar(total, "writing") as progress:
                summary = write(store, progress)
            with suppress(StoreError):  # a cache: the first whole read writes it otherwise
                store.prepare_reads()  # so the first `detect` after a load reads the snapshot
            return summary, store.location
    except PartialWriteError:
        raise  # keep what was committed: re-running the load completes it
    except BaseException:
        if created and summary is None:  # a failed first load leaves no empty database behind
            with suppress(OSError):  # the error to report is the load's, not this one
                Path(spec).unlink(missing_ok=True)
        raise


def _bulk(
    paths: tuple[str, ...], spec: str, commit_every: int | None, home: str | None, options: tuple[str, ...]
) -> None:
    """`load --bulk`: checked here before any input is read, so a mistake costs nothing."""
    from encircle.graph.stores.neo4j_bulk import Neo4jHome, bulk_import  # the Neo4j driver: only when asked for

    if not spec.startswith(NEO4J_SCHEMES):
        raise click.UsageError("--bulk imports into a Neo4j database: give --store bolt://HOST:PORT")
    if commit_every is not None:
        raise click.UsageError("--bulk and --commit-every do not go together (the import is not transactional)")
    if not home:
        raise click.UsageError("--bulk needs the server's folder: --neo4j-home DIR or $NEO4J_HOME")
    neo4j = Neo4jHome.at(home)
    bundle = read_all([Path(p) for p in paths])
    for message in bundle.warnings:
        warn(message)
    with progress_bar(len(bundle.entities) + len(bundle.relations), "writing import files") as progress:
        summary = bulk_import(spec, bundle.entities, bundle.relations, neo4j, options, progress)
    echo(f"bulk-imported {summary.entities} entities and {summary.relations} relations into {spec}")
    echo(*unknown_note(count_unknown(bundle.relations)))
