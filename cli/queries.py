"""`encircle paths | neighbors | common | connect`: how entities are connected."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import click

from encircle.cli.common import echo, json_option, open_case, print_json, store_option
from encircle.cli.options import filter_options, filters_from, max_hops_option
from encircle.cli.render import entity_label, evidence_label, path_lines, relation_label
from encircle.queries.paths.common_connections import common_connections
from encircle.queries.paths.connect import connect as connect_network
from encircle.queries.paths.find import find_paths
from encircle.queries.paths.model import Hub, Mode, PathQuery, PathResult
from encircle.queries.paths.neighbors import DEFAULT_CAP
from encircle.queries.paths.neighbors import neighbors as neighborhood

__all__ = ["common", "connect", "hub_note", "neighbors", "paths"]


@click.command()
@click.argument("source")
@click.argument("target")
@click.option("--k", "k", type=click.IntRange(min=1), help="The K shortest simple paths instead of every shortest.")
@click.option("--all", "all_paths", is_flag=True, help="Every simple path up to --max-hops (at most --limit).")
@max_hops_option
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True, help="Most paths to list.")
@click.option("--time-ordered", is_flag=True, help="Each dated step no earlier than the one before; posts held then.")
@click.option(
    "--max-gap", type=click.IntRange(min=0), metavar="DAYS", help="With --time-ordered: most days between dated steps."
)
@filter_options
@store_option
@json_option
def paths(source: str, target: str, store: str | None, as_json: bool, **options: Any) -> None:
    """How is SOURCE connected to TARGET, through whom, and when?

    SOURCE and TARGET are ids, names or aliases. Lists every shortest path (or the --k
    shortest, or --all up to --max-hops), one step per line with its evidence.

    \b
    Example:
      encircle paths 钱磊 "Leixin New Energy Co. Ltd." --all --time-ordered --type GIFT,EMPLOYED_BY,APPROVED
      encircle paths p-qian p-zhou --k 3 --status alleged --json
    """
    filters = filters_from(options)
    mode: Mode = "all" if options["all_paths"] else "k" if options["k"] else "shortest"
    query = PathQuery(
        mode,
        options["k"] or 3,
        options["max_hops"],
        options["limit"],
        options["time_ordered"],
        options["max_gap"],
        filters,
    )
    with open_case(store) as opened:
        result = find_paths(opened, source, target, query)
    if as_json:
        print_json(result.to_dict())
        return
    echo(*_paths_text(result))


def _paths_text(result: PathResult) -> list[str]:
    names = result.names
    head = f"{entity_label(result.source, names)} -> {entity_label(result.target, names)}"
    lines = [f"{head}: {len(result.paths)} path{'s' if len(result.paths) != 1 else ''}"]
    if not result.paths:
        lines.append(f"  no path within {result.query.max_hops} hops under these filters")
    for number, path in enumerate(result.paths, 1):
        lines += path_lines(number, path, names)
    if result.truncated:
        lines.append(f"... more paths exist: raise --limit (now {result.query.limit})")
    if result.hubs_skipped:
        lines.append(hub_note("paths through hubs were left out", result.hubs_skipped))
    return lines


def hub_note(what: str, hubs: Iterable[Hub]) -> str:
    """`note: <what>: Name (id, 14 relations), ...; use --hubs penalize or --hubs allow`."""
    named = ", ".join(
        f"{h.name} ({h.id}, {h.degree} relations)" if h.name and h.name != h.id else f"{h.id} ({h.degree} relations)"
        for h in hubs
    )
    return f"note: {what}: {named}; use --hubs penalize or --hubs allow"


@click.command()
@click.argument("entity")
@click.option("--hops", type=click.IntRange(1, 6), default=1, show_default=True, help="How far to look.")
@click.option(
    "--entity-type",
    "entity_types",
    multiple=True,
    metavar="TYPE",
    help="Only walk through and show entities of these types (repeat or comma-separate).",
)
@click.option(
    "--cap",
    type=click.IntRange(min=1),
    default=DEFAULT_CAP,
    show_default=True,
    help="Most entities to show; the rest are counted per relation type.",
)
@filter_options
@store_option
@json_option
def neighbors(entity: str, store: str | None, as_json: bool, **options: Any) -> None:
    """Entities around ENTITY, nearest first, and the relations among them.

    Hubs (entities with more than --hub-degree relations) are shown but not walked
    through, and the output names them; --hubs penalize walks through them and lists
    what only they reach last, --hubs allow treats them like any other entity.

    \b
    Example:
      encircle neighbors 周平 --hops 2 --entity-type Person,Company
    """
    filters = filters_from(options)
    types = tuple(t.strip() for value in options["entity_types"] for t in value.split(",") if t.strip())
    with open_case(store) as opened:
        hood = neighborhood(opened, entity, options["hops"], filters, types, options["cap"])
    if as_json:
        print_json(hood.to_dict())
        return
    names = {e["id"]: e["name"] for e in hood.entities}
    echo(f"{entity_label(hood.center, names)}: {len(hood.entities) - 1} entities within {hood.hops} hops")
    for e in hood.entities[1:]:
        roles = f" {'/'.join(e['roles'])}" if e.get("roles") else ""
        echo(f"  {e['distance']}  {e['type']}{roles}  {entity_label(e['id'], names)}")
    if hood.omitted:
        more = ", ".join(f"{count} via {rel_type}" for rel_type, count in hood.more.items())
        echo(f"  and {hood.omitted} more not shown (--cap {options['cap']}), reached {more}")
    echo(f"relations among them: {len(hood.relations)}")
    for r in hood.relations:
        line = f"{entity_label(r['source_id'], names)} -[{relation_label(r)}]-> {entity_label(r['target_id'], names)}"
        echo(f"  {line}  {evidence_label(r)}")
    if hood.hubs:
        echo(hub_note("hubs were not walked through", hood.hubs))


@click.command()
@click.argument("entities", nargs=-1, required=True)
@filter_options
@store_option
@json_option
def common(entities: tuple[str, ...], store: str | None, as_json: bool, **options: Any) -> None:
    """What two or more entities share: the entities linked to several of them.

    \b
    Example:
      encircle common 周平 钱磊 "Zhou Xiaolong"
    """
    with open_case(store) as opened:
        result = common_connections(opened, entities, filters_from(options))
    if as_json:
        print_json(result.to_dict())
        return
    echo(f"{len(result.shared)} entities shared by at least two of {', '.join(result.given)}")
    for shared in result.shared:
        links = "; ".join(f"{given}: {', '.join(rels)}" for given, rels in shared.links.items())
        echo(f"  {shared.count}  {shared.type}  {shared.name} ({shared.id})  [{links}]")


@click.command()
@click.argument("entities", nargs=-1, required=True)
@max_hops_option
@filter_options
@store_option
@json_option
def connect(entities: tuple[str, ...], store: str | None, as_json: bool, **options: Any) -> None:
    """The network connecting several entities: shortest paths between every pair, and
    the intermediaries most of them pass through.

    \b
    Example:
      encircle connect 钱磊 周平 "Longteng Consulting Co. Ltd."
    """
    query = PathQuery("shortest", max_hops=options.pop("max_hops"), filters=filters_from(options))
    with open_case(store) as opened:
        network = connect_network(opened, entities, query)
    if as_json:
        print_json(network.to_dict())
        return
    names = network.names
    echo(f"intermediaries ({len(network.intermediaries)}), by shortest paths through them:")
    for node, count in network.intermediaries:
        echo(f"  {count}  {entity_label(node, names)}")
    for number, path in enumerate(network.paths, 1):
        echo(*path_lines(number, path, names))
    for a, b in network.unconnected:
        echo(f"no path within {query.max_hops} hops: {entity_label(a, names)} - {entity_label(b, names)}")
