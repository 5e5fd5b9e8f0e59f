"""`encircle view`: an interactive graph view written as one offline HTML file."""

from __future__ import annotations

import click

from encircle.cli.common import echo, open_case, store_option
from encircle.graph.views import DEFAULT_MAX_ENTITIES, write_html
from encircle.queries.paths.model import MAX_HOPS
from encircle.queries.report.views import around_view, finding_view, path_view

__all__ = ["view"]


@click.command()
@click.option("--around", "around", metavar="ID", help="Draw the neighbourhood of an entity (id, name or alias).")
@click.option("--hops", type=click.IntRange(0, 6), default=1, show_default=True, help="With --around: how far to look.")
@click.option("--path", "path", nargs=2, metavar="A B", help="Draw the shortest paths from A to B, highlighted.")
@click.option(
    "--max-hops",
    type=click.IntRange(1, MAX_HOPS),
    default=4,
    show_default=True,
    help="With --path: longest path to consider.",
)
@click.option(
    "--finding",
    "finding",
    metavar="FINDING_ID",
    help="Draw a finding (an id from `encircle detect`) with its evidence chains numbered.",
)
@click.option(
    "--max-entities",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_ENTITIES,
    show_default=True,
    help="Most entities to draw; beyond it leaves are collapsed into 'N more <type>' nodes.",
)
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True), help="HTML file to write."
)
@store_option
def view(
    around: str | None,
    hops: int,
    path: tuple[str, str] | None,
    max_hops: int,
    finding: str | None,
    max_entities: int,
    output: str,
    store: str | None,
) -> None:
    """Write an interactive view of part of the graph to one HTML file.

    The file works offline and contacts no host: open it in any browser, hover an
    entity or relation for its details and source, drag to rearrange, scroll to zoom.
    A finding's evidence steps are numbered in date order, a path's steps along the
    path; dashed lines are alleged, dotted inferred. Around a hub, its leaves are
    collapsed into one node ("385 more officials via House of Commons").

    \b
    Example:
      encircle view --around 周平 --hops 2 -o zhou.html
      encircle view --path 钱磊 "Leixin New Energy Co. Ltd." -o path.html
      encircle detect  # lists finding ids
      encircle view --finding direct_transaction-1a2b3c4d5e -o finding.html
    """
    chosen = [name for name, value in (("--around", around), ("--path", path), ("--finding", finding)) if value]
    if len(chosen) != 1:
        raise click.UsageError("give exactly one of --around ID, --path A B, --finding FINDING_ID")
    with open_case(store) as opened:
        if around:
            network = around_view(opened, around, hops, max_entities)
        elif path:
            network = path_view(opened, path[0], path[1], max_hops, max_entities)
        else:
            network = finding_view(opened, finding or "", max_entities)
    write_html(network, output)
    echo(f"wrote {output}: {len(network.nodes)} nodes, {len(network.edges)} edges")
