"""What every command shares: the --store option, JSON output, one-line errors."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from importlib import import_module
from typing import TYPE_CHECKING, Any, TypeVar

import click

from encircle.graph.errors import EncircleError, LoadErrors
from encircle.graph.text import json_bytes, visible

if TYPE_CHECKING:
    from encircle.graph.stores import Store

__all__ = [
    "EncircleGroup",
    "LazyGroup",
    "collector_off",
    "echo",
    "json_option",
    "open_case",
    "own_process",
    "print_json",
    "progress_bar",
    "store_option",
    "warn",
]

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
    """Strict JSON (no NaN or Infinity), with control and bidi characters as \\u escapes,
    printed as it is made (an array may be given as a generator of its items)."""
    for block in _blocks(json_bytes(value, indent=2)):
        click.echo(block, nl=False)  # bytes go to the binary stream as they are
    click.echo()


def _blocks(chunks: Iterable[bytes], size: int = 1 << 20) -> Iterator[bytes]:
    """Chunks joined into blocks of about `size` bytes: click flushes after each echo,
    and a hundred thousand findings would otherwise be as many writes."""
    block: list[bytes] = []
    held = 0
    for chunk in chunks:
        block.append(chunk)
        held += len(chunk)
        if held >= size:
            yield b"".join(block)
            block, held = [], 0
    if block:
        yield b"".join(block)


def echo(*lines: str, err: bool = False) -> None:
    """click.echo for lines that may hold case data, each printed as exactly one line:
    control characters (a newline too) and bidi overrides in names are shown as escapes
    (`\\u202e`), so nothing printed can add a line, move the cursor, recolour the
    terminal or reorder what a reader sees."""
    for line in lines:
        click.echo(visible(line), err=err)


@contextmanager
def open_case(spec: str | None) -> Iterator[Store]:
    """The store a spec names as its entity-resolution judgements resolve it (entities
    judged the same are one; queries/resolution/view.py). Every command that queries a
    case opens it here; `load` and the judgement commands write to the store itself. A
    store that does not exist is refused (StoreError), and nothing is created."""
    from encircle.graph.stores import open_store  # imported when a command runs, not for --help
    from encircle.queries.resolution.view import resolved

    with open_store(spec, must_exist=True) as store:
        yield resolved(store)


def warn(message: str) -> None:
    """Echo `warning: <message>` on stderr, control characters shown as escapes."""
    click.echo(f"warning: {visible(message)}", err=True)


@contextmanager
def progress_bar(total: int, label: str) -> Iterator[Callable[[int], None] | None]:
    """A progress callback drawing a bar on a terminal, and nothing when piped."""
    if not sys.stderr.isatty() or total < 10_000:
        yield None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update


class EncircleGroup(click.Group):
    """Turns every EncircleError into one line on stderr (a line per error, for the
    errors of a load) and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except EncircleError as error:
            # One line per error (a load reports all it found), each exactly one line
            # whatever the input held.
            for line in error.lines() if isinstance(error, LoadErrors) else [str(error)]:
                click.echo(f"error: {visible(line)}", err=True)
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
                rows.append((name, _short_help(self.lazy[name][2], limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _short_help(text: str, limit: int) -> str:
    """What click lists for a command: its first sentence, cut to `limit` with '...'."""
    first = text.split(". ", 1)[0].rstrip(".")
    return first if len(first) <= limit else first[: max(0, limit - 3)].rstrip() + "..."


class _Process:
    owned = False  # main() runs the command: its process ends when the command does


def collector_off() -> None:
    """Python's cycle collector off for the rest of a command that ends its process when
    done (cli/main.py; not when the command is called in a longer-lived process, such as
    a test's). Once detection has run, each full collection walks every object of the
    case index it leaves (0.5 s at 100,000 entities, seconds at a million); what it would
    collect goes when the process ends."""
    if _Process.owned:
        gc.disable()


def own_process() -> None:
    """Say that the process ends when the command does (cli/main.py `main`)."""
    _Process.owned = True
