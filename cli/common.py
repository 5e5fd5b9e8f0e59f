"""What every command shares: the --store option, JSON output, one-line errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from importlib import import_module
from typing import Any, TypeVar

import click

from encircle.graph.errors import EncircleError

__all__ = ["EncircleGroup", "LazyGroup", "json_option", "print_json", "progress_bar", "store_option", "warn"]

F = TypeVar("F", bound=Callable[..., Any])


def store_option(function: F) -> F:
    """Add the --store option (a SQLite file or a Neo4j URI) to a command."""
    return click.option(
        "--store",
        metavar="S",
        help="SQLite file (default ./encircle.db, or $ENCIRCLE_STORE) or a bolt:// / neo4j:// URI; "
        "Neo4j credentials come from $NEO4J_USER and $NEO4J_PASSWORD.",
    )(function)


def json_option(function: F) -> F:
    """Add the --json flag (print JSON instead of a table), passed as `as_json`."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(function)


def print_json(value: Any) -> None:
    """Echo `value` as indented JSON, non-ASCII characters as they are."""
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False))


def warn(message: str) -> None:
    """Echo `warning: <message>` on stderr."""
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


class LazyGroup(EncircleGroup):
    """A group whose subcommands are imported when one runs (or shows its own help).

    `lazy` maps each name to (module, function, first paragraph of its help): the
    group's help lists them from that text, as click would from the docstring, without
    importing anything. A command added with add_command is listed as usual."""

    def __init__(self, *args: Any, lazy: Mapping[str, tuple[str, str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            module, function, _ = self.lazy[cmd_name]
            self.add_command(getattr(import_module(module), function), cmd_name)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click's listing, with the help of commands not imported yet from `lazy`."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in self.commands:
                command = self.commands[name]
                if not command.hidden:
                    rows.append((name, command.get_short_help_str(limit)))
            else:
                # a stand-in command with the same help: click's own shortening, via public API
                rows.append((name, click.Command(name, help=self.lazy[name][2]).get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)
