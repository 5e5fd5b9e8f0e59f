"""Click options shared by the query commands, turned into query objects."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from encircle.graph.schema import SCHEMA
from encircle.queries.paths.model import MAX_HOPS, STATUS_LEVELS, Filters

__all__ = ["filter_options", "filters_from", "max_hops_option"]

F = TypeVar("F", bound=Callable[..., Any])


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def filter_options(function: F) -> F:
    """Add the relation filter options (--type, --direction, --status, --from, --to,
    --hub-degree, --hubs) to a command; :func:`filters_from` turns them into Filters."""
    options = [
        click.option(
            "--type",
            "relation_types",
            multiple=True,
            metavar="TYPE",
            help=f"Relation types to follow (repeat or comma-separate): {', '.join(SCHEMA.relation_types)}.",
        ),
        click.option(
            "--direction",
            type=click.Choice(["any", "forward"]),
            default="any",
            show_default=True,
            help="forward: follow relations from source to target (kinship and friendship both ways).",
        ),
        click.option(
            "--status",
            type=click.Choice(list(STATUS_LEVELS)),
            default="inferred",
            show_default=True,
            help="Weakest evidence to follow: confirmed only, also alleged, also inferred.",
        ),
        click.option("--from", "date_from", metavar="DATE", help="Only relations dated or valid on/after DATE."),
        click.option("--to", "date_to", metavar="DATE", help="Only relations dated or valid on/before DATE."),
        click.option(
            "--hub-degree",
            type=click.IntRange(min=1),
            default=100,
            show_default=True,
            help="Entities with more relations than this are hubs.",
        ),
        click.option(
            "--hubs",
            "hub_policy",
            type=click.Choice(["exclude", "penalize", "allow"]),
            default="exclude",
            show_default=True,
            help="Paths through hubs: leave out, list last, or treat like any other.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def filters_from(options: dict[str, Any]) -> Filters:
    """Pop the filter options out of a command's keyword arguments."""
    return Filters(
        relation_types=tuple(name.upper() for name in _split(options.pop("relation_types"))),
        direction=options.pop("direction"),
        statuses=STATUS_LEVELS[options.pop("status")],
        date_from=_date(options.pop("date_from"), "--from"),
        date_to=_date(options.pop("date_to"), "--to"),
        hub_degree=options.pop("hub_degree"),
        hub_policy=options.pop("hub_policy"),
    )


def _date(value: str | None, flag: str) -> str | None:
    from encircle.graph.values import parse_date

    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint=flag) from None


def max_hops_option(function: F) -> F:
    """Add the --max-hops option (default 4, at most MAX_HOPS) to a command."""
    return click.option(
        "--max-hops",
        type=click.IntRange(1, MAX_HOPS),
        default=4,
        show_default=True,
        help=f"Longest path to consider (at most {MAX_HOPS}).",
    )(function)
