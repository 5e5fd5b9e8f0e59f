"""`encircle export`: the case, or a slice of it, in another tool's format."""

from __future__ import annotations

import click

from encircle.cli.common import echo, open_case, store_option, warn
from encircle.graph.exports import FORMATS, Source, export
from encircle.graph.stores import Store
from encircle.queries.paths.model import MAX_HOPS
from encircle.queries.report.export_slice import around_slice, finding_slice, path_slice
from encircle.queries.resolution.view import ResolvedStore

__all__ = ["FORMAT_HELP", "export_command"]

FORMAT_HELP = (
    "ftm: FollowTheMoney entity stream (JSON lines, for Aleph and OpenSanctions tools); "
    "gexf: GEXF 1.3 for Gephi, dates as spells for its timeline; graphml: GraphML; "
    "csv: a case bundle folder (entities.csv, relations.csv) in encircle's input contract; "
    "cypher: a Cypher script recreating the records in Neo4j."
)


@click.command("export")
@click.option("--format", "-f", "format_", type=click.Choice(list(FORMATS)), required=True, help=FORMAT_HELP)
@click.option(
    "-o", "--output", required=True, type=click.Path(), help="File to write; for csv, the folder to write into."
)
@click.option("--around", metavar="ID", help="Only the neighbourhood of an entity (id, name or alias).")
@click.option("--hops", type=click.IntRange(0, 6), default=1, show_default=True, help="With --around: how far.")
@click.option("--path", nargs=2, metavar="A B", help="Only the shortest paths from A to B.")
@click.option(
    "--max-hops",
    type=click.IntRange(1, MAX_HOPS),
    default=4,
    show_default=True,
    help="With --path: longest path to consider.",
)
@click.option("--finding", metavar="FINDING_ID", help="Only a finding (an id from `encircle detect`) and its evidence.")
@store_option
def export_command(
    format_: str,
    output: str,
    around: str | None,
    hops: int,
    path: tuple[str, str] | None,
    max_hops: int,
    finding: str | None,
    store: str | None,
) -> None:
    """Export the case, or a slice of it, to FollowTheMoney, GEXF, GraphML, CSV or Cypher.

    The whole case is streamed from the store (it is never held in memory) and written
    under a temporary name, renamed when complete. Every record keeps its id, source
    and evidential status; loading an ftm or csv export gives the same records back.
    Records are written as stored, with the entity-resolution judgements and finding
    reviews (their history) in ftm and csv; a slice is chosen as the other commands see
    the case (records judged the same are one entity). Formats, mappings and the Gephi
    timeline: docs/exports.md.

    \b
    Example:
      encircle export --format ftm -o case.ftm.jsonl
      encircle export --format gexf -o case.gexf
      encircle export --format graphml --around 周平 --hops 2 -o zhou.graphml
      encircle export --format csv --finding roundabout-92718fffd6 -o finding-bundle
      encircle export --format cypher --path 钱磊 周平 -o path.cypher
    """
    chosen = [name for name, value in (("--around", around), ("--path", path), ("--finding", finding)) if value]
    if len(chosen) > 1:
        raise click.UsageError(f"give at most one of --around, --path, --finding (got {', '.join(chosen)})")
    with open_case(store) as opened:
        summary = export(_source(opened, around, hops, path, max_hops, finding), format_, output)
    for warning in summary.warnings:
        warn(warning)
    counts = ((summary.judgements, "judgement entr", "y", "ies"), (summary.reviews, "review", "", "s"))
    added = [f"{n} {what}{one if n == 1 else more}" for n, what, one, more in counts if n]
    echo(
        f"wrote {output} ({format_}): {summary.entities} entities, {summary.relations} relations"
        + "".join(f", {part}" for part in added)
    )


def _source(
    store: Store, around: str | None, hops: int, path: tuple[str, str] | None, max_hops: int, finding: str | None
) -> Source:
    if around:
        return around_slice(store, around, hops)
    if path:
        return path_slice(store, path[0], path[1], max_hops)
    if finding:
        return finding_slice(store, finding)
    return store.inner if isinstance(store, ResolvedStore) else store  # the whole case as stored
