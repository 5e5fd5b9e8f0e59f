"""Running the workbench: uvicorn serving `create_app` until Ctrl+C."""

from __future__ import annotations

from collections.abc import Callable

import uvicorn

from encircle.web.app import create_app
from encircle.web.settings import Settings


def serve(settings: Settings, say: Callable[[str], None] = print) -> None:
    """Serve the workbench on settings.host:settings.port (checked first: a non-loopback
    host needs a token, the store must exist)."""
    app = create_app(settings)
    mode = "read-only" if settings.read_only else f"reviews signed {settings.reviewer!r}"
    say(f"encircle workbench on {settings.url} (store {settings.store}; {mode})")
    if settings.token:
        say("every request needs the token: open the page and sign in, or send Authorization: Bearer TOKEN")
    say("open it in a browser; Ctrl+C stops it")
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_level="warning",
        server_header=False,
        proxy_headers=False,
        lifespan="on",
    )
    uvicorn.Server(config).run()
