"""How the workbench runs: which store, where it listens, who may use it.

Safe by default: it listens on 127.0.0.1 only. Listening on any other address lets other
machines reach the case, so it is refused unless a token is set (`--token` or
$ENCIRCLE_TOKEN); then every request must carry it (security.py).

>>> Settings(":memory:").check()
>>> Settings(":memory:", host="0.0.0.0").check()  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
encircle.graph.errors.EncircleError: refusing to listen on 0.0.0.0 without a token: ...
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path

from encircle.graph.errors import EncircleError
from encircle.graph.stores import NEO4J_SCHEMES
from encircle.queries.reviews import default_reviewer

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
MIN_TOKEN = 16  # characters: a token is a password a network can guess at


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


@dataclass(frozen=True)
class Settings:
    """The workbench's configuration; `check()` refuses unsafe combinations."""

    store: str
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    token: str | None = None
    read_only: bool = False
    reviewer: str = field(default_factory=default_reviewer)

    @classmethod
    def of(
        cls,
        store: str,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        token: str | None = None,
        read_only: bool = False,
        reviewer: str | None = None,
    ) -> Settings:
        """Settings with the token from $ENCIRCLE_TOKEN when none is given."""
        token = token or os.environ.get("ENCIRCLE_TOKEN") or None
        return cls(store, host, port, token, read_only, reviewer or default_reviewer())

    def check(self) -> None:
        if not is_loopback(self.host) and not self.token:
            raise EncircleError(
                f"refusing to listen on {self.host} without a token: other machines could read the case. "
                "Set --token (or $ENCIRCLE_TOKEN) to require one, or keep the default --host 127.0.0.1"
            )
        if self.token is not None and len(self.token) < MIN_TOKEN:
            raise EncircleError(f"the token must be at least {MIN_TOKEN} characters long")
        if not self.reviewer.strip():
            raise EncircleError("the reviewer name must not be empty")
        if not self.store.startswith(NEO4J_SCHEMES) and self.store != ":memory:" and not Path(self.store).is_file():
            raise EncircleError(
                f"no store at {self.store}: load one first (encircle demo, or encircle load PATH --store {self.store})"
            )

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"
