"""What every command shares: the --store option, JSON output, one-line errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from encircle.graph.errors import EncircleError
from encircle.graph.stores import Store, open_store
from encircle.queries.resolution.view import resolved

F = TypeVar("F", bound=Callable[..., Any])


def store_option(function: F) -> F:
    return click.option(
        "--store",
        metavar="S",
        help="SQLite file (default ./encircle.db, or $ENCIRCLE_STORE) or a bolt:// / neo4j:// URI; "
        "Neo4j credentials come from $NEO4J_USER and $NEO4J_PASSWORD.",
    )(function)


def json_option(function: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(function)


def print_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False))


@contextmanager
def open_case(spec: str | None) -> Iterator[Store]:
    """The store a spec names as its entity-resolution judgements resolve it (entities
    judged the same are one; queries/resolution/view.py). Every command that queries a
    case opens it here; `load` and the judgement commands write to the store itself."""
    with open_store(spec) as store:
        yield resolved(store)


def warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


@contextmanager
def progress_bar(total: int, label: str) -> Iterator[Callable[[int], None] | None]:
    """A progress callback drawing a bar on a terminal, and nothing when piped."""
    if not sys.stderr.isatty() or total < 10_000:
        yield None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update


class EncircleGroup(click.Group):
    """Turns every EncircleError into one line on stderr and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except EncircleError as error:
            click.echo(f"error: {error}", err=True)
            ctx.exit(1)
