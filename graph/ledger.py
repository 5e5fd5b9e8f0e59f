"""What people add to a case, kept apart from the loaded records: an append-only ledger.

Entity-resolution judgements and finding reviews are entries of a `kind` about a `key`
(a pair of entity ids, a finding id), written by an `author` at a time, with a JSON
`body`. Nothing is ever updated or deleted (an undo is a new entry), so the history is
the ledger itself; loading records again never touches it. Both stores hold it
(`Store.append`, `Store.ledger`), in the order written.

>>> from encircle.graph.stores import open_store
>>> with open_store(":memory:") as store:
...     store.append([Entry("review", "roundabout-1", "ana", {"status": "confirmed"})])
...     [(e.key, e.author, e.body["status"], e.seq) for e in store.ledger("review")]
[('roundabout-1', 'ana', 'confirmed', 1)]
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from encircle.graph.errors import StoreError

__all__ = ["ANNOTATIONS", "Entry", "now"]

KIND = re.compile(r"[a-z][a-z_]{0,39}")
# Kinds that only annotate and never change what queries see (a finding review; not an
# entity-resolution judgement, which changes the entities queries see): appending them
# does not move a store's change_token, so caches built from the graph (the findings,
# the query engine's networkx graph) stay valid.
ANNOTATIONS = frozenset({"review"})


def now() -> str:
    """The current UTC time as ISO 8601 to the second (`2026-12-03T20:31:05Z`)."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Entry:
    """One ledger entry. `at` defaults to now; `seq` is given by the store on append
    (its position in the ledger, from 1)."""

    kind: str
    key: str
    author: str
    body: Mapping[str, Any]
    at: str = field(default_factory=now)
    seq: int = 0

    def __post_init__(self) -> None:
        if not KIND.fullmatch(self.kind):
            raise StoreError(f"ledger kind must be lower-case letters and '_', not {self.kind!r}")
        if not self.key:
            raise StoreError("a ledger entry needs a key")

    def body_json(self) -> str:
        """The body as the stores keep it: JSON with sorted keys, no NaN."""
        try:
            return json.dumps(dict(self.body), ensure_ascii=False, sort_keys=True, allow_nan=False)
        except (TypeError, ValueError) as error:
            raise StoreError(f"ledger entry body is not JSON: {error}") from None

    @classmethod
    def from_row(cls, kind: str, key: str, author: str, body: str, at: str, seq: int) -> Entry:
        return cls(kind, key, author, json.loads(body), at, seq)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "key": self.key, "author": self.author, "at": self.at, "body": dict(self.body)}
