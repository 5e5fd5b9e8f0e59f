"""Finding entities by what people remember of a name: part of it, a misspelling, Chinese
characters (a prefix or any part: "习近" finds 习近平) or their pinyin.

The store gathers candidates from its full-text index (Store.search_entities: FTS5 on
SQLite, a Lucene full-text index on Neo4j); they are ranked here the same way for both:
the best of each name's and alias's match with the query (exact, prefix, substring, the
pinyin of a Chinese name, or rapidfuzz's similarity for a misspelling), then by name
and id.

>>> from encircle.graph.stores import open_store
>>> from encircle.graph.records import Entity
>>> with open_store(":memory:") as store:
...     _ = store.write([Entity("p1", "Person", "习近平"), Entity("p2", "Person", "Steven Mnuchin")], [])
...     [(h.id, h.score) for h in search(store, "习近")], [(h.id, h.score) for h in search(store, "Mnuchn")]
([('p1', 0.95)], [('p2', 0.7846)])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from encircle.graph.errors import QueryError
from encircle.graph.records import Entity
from encircle.graph.search import has_cjk, pinyin
from encircle.graph.stores import Store
from encircle.graph.values import name_key

__all__ = ["Hit", "search", "suggestions"]

DEFAULT_LIMIT = 10
GATHER = 50  # candidates asked of the index per result wanted, at least
MIN_FUZZY = 0.7  # below this similarity a candidate is not a result


@dataclass(frozen=True)
class Hit:
    """One entity found; `to_dict()` is a result of `encircle search --json`."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    score: float
    matched: str  # the name or alias that matched best

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "roles": list(self.roles),
            "score": self.score,
        }


def search(store: Store, text: str, types: Iterable[str] = (), limit: int = DEFAULT_LIMIT) -> list[Hit]:
    """Entities matching `text`, best first, at most `limit` (of `types`, when given)."""
    query = name_key(text)
    if not query:
        raise QueryError("search for what? the query is empty")
    chosen = set(types)
    gathered = store.search_entities(text, max(GATHER, limit * 5))
    hits = [_hit(e, query) for e in gathered if not chosen or e.type in chosen]
    ranked = sorted((h for h in hits if h.score >= MIN_FUZZY), key=lambda h: (-h.score, h.name, h.id))
    return ranked[:limit]


def _hit(entity: Entity, query: str) -> Hit:
    best, matched = 0.0, entity.name
    for name in (entity.name, *entity.aliases):
        score = match(query, name, person=entity.type == "Person")
        if score > best:
            best, matched = score, name
    return Hit(entity.id, entity.name, entity.type, entity.aliases, entity.roles, round(best, 4), matched)


def match(query: str, name: str, person: bool = False) -> float:
    """How well `query` (a name key) matches `name`: 1 the whole name, 0.95 its start,
    0.9 a part; the same for its pinyin less 0.05; else 0.85 x the similarity of a
    misspelling (rapidfuzz: to the whole name, one of its words, or its best-matching part)."""
    key = name_key(name)
    forms = [(key, 0.0)]
    if has_cjk(key) and not has_cjk(query):
        reading = pinyin(key, person)
        forms += [(reading, 0.05), (reading.replace(" ", ""), 0.05)]
    best = 0.0
    compact = query.replace(" ", "")
    for form, less in forms:
        if query == form or (less and compact == form):
            best = max(best, 1.0 - less)
        elif form.startswith(query):
            best = max(best, 0.95 - less)
        elif query in form:
            best = max(best, 0.9 - less)
    if best:
        return best
    whole = max(fuzz.ratio(query, key), fuzz.token_sort_ratio(query, key)) / 100
    word = max((fuzz.ratio(query, w) for w in key.split()), default=0) / 100
    part = fuzz.partial_ratio(query, key) / 100 if len(query) >= 4 else 0.0
    return round(max(whole, word, part * 0.9) * 0.85, 4)


def suggestions(store: Store, text: str, limit: int = 3) -> list[Hit]:
    """The closest entities to a name that matched none (for "did you mean ...?")."""
    try:
        return search(store, text, limit=limit)
    except QueryError:
        return []


def did_you_mean(hits: Sequence[Hit]) -> str:
    """`did you mean Steven Mnuchin (P:STEVEN-MNUCHIN)?`, or nothing."""
    if not hits:
        return ""
    listed = ", ".join(f"{h.name} ({h.id})" for h in hits)
    return f"; did you mean {listed}?"
