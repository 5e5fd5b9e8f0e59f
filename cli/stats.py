"""`encircle stats`: what a store holds, by entity type, role and relation type."""

from __future__ import annotations

import click

from encircle.cli.common import echo, json_option, print_json, store_option
from encircle.graph.stores import Stats, open_store

__all__ = ["format_stats", "stats"]


@click.command()
@store_option
@json_option
def stats(store: str | None, as_json: bool) -> None:
    """Count entities by type and role, and relations by type.

    \b
    Example:
      encircle stats --store case.db
      encircle stats --store bolt://127.0.0.1:7687 --json
    """
    with open_store(store) as opened:
        counts = opened.stats()
        location = opened.location
    if as_json:
        print_json(counts.to_dict())
    else:
        echo(*format_stats(counts, location).split("\n"))


def format_stats(counts: Stats, location: str) -> str:
    """Store statistics as `encircle stats` prints them: the totals, then the counts per
    entity type, role and relation type."""
    lines = [f"{location}: {counts.entities} entities, {counts.relations} relations"]
    for title, table in (
        ("entity types", counts.entity_types),
        ("roles", counts.roles),
        ("relation types", counts.relation_types),
    ):
        if table:
            lines.append(f"  {title}:")
            width = max(len(name) for name in table)
            lines += [f"    {name:<{width}}  {count:>8}" for name, count in table.items()]
    return "\n".join(lines)
