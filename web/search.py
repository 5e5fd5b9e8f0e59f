"""Finding entities by what people type: the one search the workbench calls.

A stand-in until the search of the resolution work (fuzzy, pinyin, full-text indexes)
lands: swap `search` for it and the pages and `/api/search` follow. Until then:

- an exact id, name or alias (queries/lookup.py, from the store's indexes) scores 1.0;
- a name starting with the text 0.8, an alias 0.7;
- a name containing it 0.6, an alias 0.5;

names compared as `values.name_key` folds them (NFKC, case-folded, single spaces), so
"zhou" finds "Zhou Ping" and "龙腾" finds "龙腾咨询有限公司". Ranked by score, then
shorter names, then by name and id. The prefix and substring matches scan an in-memory
list of names built once per store and rebuilt when the store changes (a scan takes
tens of milliseconds at 100,000 entities; workbench_benchmark.py measures it).

>>> from encircle.graph.stores import open_store
>>> store = open_store(":memory:")
>>> _ = store.write([Entity("p1", "Person", "Zhou Ping", aliases=("周平",)), Entity("c1", "Company", "Zhouhe Ltd")], [])
>>> [(h.id, h.score) for h in search(store, "zhou")]
[('p1', 0.8), ('c1', 0.8)]
>>> [(h.id, h.score) for h in search(store, "周平")]
[('p1', 1.0)]
"""

from __future__ import annotations

import bisect
import threading
import time
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from encircle.graph.records import Entity
from encircle.graph.stores import Store
from encircle.graph.values import name_key

DEFAULT_LIMIT = 20
MAX_LIMIT = 200


@dataclass(frozen=True)
class Hit:
    """One entity found; `to_dict()` is a result of `GET /api/search`."""

    id: str
    name: str
    type: str
    roles: tuple[str, ...]
    aliases: tuple[str, ...]
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "roles": list(self.roles),
            "aliases": list(self.aliases),
            "score": self.score,
        }

    @classmethod
    def of(cls, entity: Entity, score: float) -> Hit:
        return cls(entity.id, entity.name, entity.type, entity.roles, entity.aliases, score)


@dataclass(frozen=True)
class _Row:
    entity: Entity
    name: str  # name_key of the name
    aliases: tuple[str, ...]  # name_key of each alias


class NameIndex:
    """Every entity's folded name and aliases, for prefix and substring matches.

    The keys are also joined into one text, a line per entity, so a query first finds
    its occurrences with `str.find` (C speed) and only the entities it occurs in are
    scored: a query costs about its number of matches, not the number of entities.
    """

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.rows = [_Row(e, name_key(e.name), tuple(name_key(a) for a in e.aliases)) for e in entities]
        lines = ["\x1f".join((row.name, *row.aliases)) for row in self.rows]  # name_key leaves no newline
        self.starts: list[int] = []
        offset = 0
        for line in lines:
            self.starts.append(offset)
            offset += len(line) + 1
        self.text = "\n".join(lines)

    def matches(self, key: str) -> list[Hit]:
        hits = []
        at = self.text.find(key)
        while at != -1:
            line = bisect.bisect_right(self.starts, at) - 1
            row = self.rows[line]
            score = _score(row, key)  # 0 when the text spans a separator: not a match
            if score:
                hits.append(Hit.of(row.entity, score))
            following = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
            at = self.text.find(key, following)
        return hits


def _score(row: _Row, key: str) -> float:
    if row.name.startswith(key):
        return 0.8
    if any(alias.startswith(key) for alias in row.aliases):
        return 0.7
    if key in row.name:
        return 0.6
    if any(key in alias for alias in row.aliases):
        return 0.5
    return 0.0


# One index per open store, rebuilt when the store's change token moves; a store that
# cannot tell (Neo4j) keeps it for UNKNOWN_CHANGE_TTL seconds.
UNKNOWN_CHANGE_TTL = 60.0
_INDEXES: weakref.WeakKeyDictionary[Store, tuple[object, float, NameIndex]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def _index(store: Store) -> NameIndex:
    token = store.change_token()
    with _LOCK:
        cached = _INDEXES.get(store)
    if cached is not None:
        held, built, index = cached
        if (token is not None and held == token) or (token is None and time.monotonic() - built < UNKNOWN_CHANGE_TTL):
            return index
    index = NameIndex(store.entities())
    with _LOCK:
        _INDEXES[store] = (token, time.monotonic(), index)
    return index


def search(store: Store, text: str, limit: int = DEFAULT_LIMIT) -> list[Hit]:
    """Entities matching `text`, best first, at most `limit` (see the module docstring).
    Empty text finds nothing (and builds the index, to warm it)."""
    key = name_key(text)
    index = _index(store)
    if not key:
        return []
    exact = {e.id: Hit.of(e, 1.0) for e in store.find_entities(text.strip())}
    found = {h.id: h for h in index.matches(key) if h.id not in exact}
    ranked = sorted(found.values(), key=lambda h: (-h.score, len(h.name), h.name, h.id))
    best = sorted(exact.values(), key=lambda h: (h.id != text.strip(), h.name, h.id))
    return [*best, *ranked][: max(1, min(limit, MAX_LIMIT))]
