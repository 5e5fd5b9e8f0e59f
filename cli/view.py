"""`encircle view`: an interactive graph view written as one offline HTML file."""

from __future__ import annotations

import click

from encircle.cli.common import store_option
from encircle.graph.errors import QueryError
from encircle.graph.stores import Store, open_store
from encircle.graph.views import DEFAULT_MAX_ENTITIES, Selection, ViewNetwork, build_view, write_html
from encircle.graph.views import around as around_entity
from encircle.graph.views import for_finding, for_path
from encircle.queries.detectors import detect
from encircle.queries.model import MAX_HOPS, PathQuery
from encircle.queries.paths import find_paths
from encircle.queries.resolve import resolve


@click.command()
@click.option("--around", "around", metavar="ID", help="Draw the neighbourhood of an entity (id, name or alias).")
@click.option("--hops", type=click.IntRange(0, 6), default=1, show_default=True, help="With --around: how far to look.")
@click.option("--path", "path", nargs=2, metavar="A B", help="Draw the shortest paths from A to B, highlighted.")
@click.option("--max-hops", type=click.IntRange(1, MAX_HOPS), default=4, show_default=True,
              help="With --path: longest path to consider.")
@click.option("--finding", "finding", metavar="FINDING_ID",
              help="Draw a finding (an id from `encircle detect`) with its evidence chains numbered.")
@click.option("--max-entities", type=click.IntRange(min=1), default=DEFAULT_MAX_ENTITIES, show_default=True,
              help="Most entities to draw; beyond it leaves are collapsed into 'N more <type>' nodes.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="HTML file to write.")
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
    Evidence steps are numbered in date order; dashed lines are alleged, dotted
    inferred.

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
    with open_store(store) as opened:
        if around:
            network = around_view(opened, around, hops, max_entities)
        elif path:
            network = path_view(opened, path[0], path[1], max_hops, max_entities)
        else:
            network = finding_view(opened, finding or "", max_entities)
    write_html(network, output)
    click.echo(f"wrote {output}: {len(network.nodes)} nodes, {len(network.edges)} edges")


def _build(selection: Selection, title: str, subtitle: str, max_entities: int) -> ViewNetwork:
    return build_view(selection.entities, selection.relations, selection.highlight, title, max_entities,
                      selection.focus, subtitle)


def around_view(store: Store, reference: str, hops: int = 1, max_entities: int = DEFAULT_MAX_ENTITIES) -> ViewNetwork:
    """The neighbourhood of an entity named by id, name or alias (for notebooks too)."""
    entity = resolve(store, reference)
    plural = "s" if hops != 1 else ""
    return _build(around_entity(store, entity.id, hops), f"Around {entity.name} ({hops} hop{plural})", "", max_entities)


def path_view(
    store: Store, source: str, target: str, max_hops: int = 4, max_entities: int = DEFAULT_MAX_ENTITIES
) -> ViewNetwork:
    """Every shortest path from `source` to `target`, highlighted."""
    result = find_paths(store, source, target, PathQuery("shortest", max_hops=max_hops))
    names = result.names
    if not result.paths:
        raise QueryError(f"no path from {source!r} to {target!r} within {max_hops} hops")
    selection = for_path(store, [p.relations for p in result.paths])
    count = len(result.paths)
    title = f"{names.get(result.source, result.source)} \u2192 {names.get(result.target, result.target)}"
    subtitle = f"{count} shortest path{'s' if count != 1 else ''} of {len(result.paths[0].steps)} steps"
    return _build(selection, title, subtitle, max_entities)


def finding_view(store: Store, finding_id: str, max_entities: int = DEFAULT_MAX_ENTITIES) -> ViewNetwork:
    """A finding from `encircle detect` with its evidence chains highlighted."""
    found = [f for f in detect(store) if f.id == finding_id]
    if not found:
        raise QueryError(f"no finding with id {finding_id!r}; `encircle detect --all` lists them")
    f = found[0]
    selection = for_finding(store, f.entities, [[s.relation for s in chain.steps] for chain in f.evidence])
    title = f"{f.tactic} [{f.verdict}] score {f.score:.2f} \u00b7 {f.id}"
    return _build(selection, title, f.explanation, max_entities)
