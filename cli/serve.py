"""`encircle serve`: the workbench, a local web application on a store."""

from __future__ import annotations

import click

from encircle.cli.common import store_option
from encircle.graph.stores import store_spec
from encircle.web import Settings
from encircle.web import serve as run_server
from encircle.web.settings import DEFAULT_HOST, DEFAULT_PORT

__all__ = ["serve"]


@click.command()
@store_option
@click.option(
    "--host",
    default=DEFAULT_HOST,
    show_default=True,
    help="Address to listen on; any but a loopback address needs --token.",
)
@click.option(
    "--port", type=click.IntRange(1, 65535), default=DEFAULT_PORT, show_default=True, help="Port to listen on."
)
@click.option(
    "--token",
    metavar="TOKEN",
    help="Require this token (at least 16 characters) on every request: Authorization: Bearer TOKEN, or the "
    "sign-in form. Default $ENCIRCLE_TOKEN.",
)
@click.option("--read-only", is_flag=True, help="Refuse every write: no reviews, no judgements.")
@click.option(
    "--reviewer", metavar="NAME", help="Name reviews and judgements are signed with (default: your user name)."
)
def serve(store: str | None, host: str, port: int, token: str | None, read_only: bool, reviewer: str | None) -> None:
    """Open the workbench: search, entities with their timelines, paths, findings to
    review, duplicates to judge, in a browser, on a store.

    It listens on 127.0.0.1 only, unless --host names another address and --token (or
    $ENCIRCLE_TOKEN) is set. Findings are computed once at the start and again when the
    store changes; reviews are kept in the store, append-only, and show in `encircle
    report` too. Stop it with Ctrl+C.

    \b
    Example:
      encircle demo
      encircle serve --store encircle-demo/encircle.db
      # then open http://127.0.0.1:8765/ in a browser
      ENCIRCLE_TOKEN=$(openssl rand -hex 16) encircle serve --store case.db --host 0.0.0.0 --reviewer ana
    """
    settings = Settings.of(store_spec(store), host, port, token, read_only, reviewer)
    run_server(settings, click.echo)
