"""Server-side detection on Neo4j: Cypher extracts each heavy tactic's candidates, Python
scores them with the tactic's own `detect()`.

A tactic that runs server-side registers an `extract(job, parameters)` (its folder's
``neo4j.py``) that reads its ``.cypher`` files through an `Extraction`; this module holds
what they share: the extraction, its shared fragments (``side``, ``circle``, ``held``,
``counting_gifts``) and follow-up queries (``side_of``, ``degrees``; the gifts into an
entity come from `Store.adjacent`), and `index_for`.

There is one scoring implementation, so findings match the embedded run by construction.
What has to match is the *index*: `index_for(store, tactic)` builds a CaseIndex from only
the relations (and their endpoints) that the tactic's detector reads, chosen so that every
lookup the detector makes answers as it would over the whole case. The queries
(each tactic's ``candidates.cypher``) are typed, bounded patterns anchored on approvals (or
posts, or blacklisted entities), joining the beneficiary's side and the official's end
meet-in-the-middle, so approvals that cannot give a finding never come back over Bolt.

Why each index answers exactly (the rule: a lookup is exact when every relation it reads
is present; adding more relations never changes an exact lookup):

- side(x), circle(o), controllers/controlled: the fragments ``side`` and ``circle``
  return every relation those builds read;
- gift lookups the detectors filter by side (``into(o, "GIFT")`` then ``source in side``)
  get every gift that passes the filter; the rest would be dropped anyway;
- `index.approvals` holds only the anchors a query returned, each with its whole read set;
  an approval left out would have given no finding (no gift from the side, no
  restricted procedure, no affiliate);
- global state, by tactic:
  roundabout's hub degree of an intermediary and bid_rigging's hub rule read
  `index.degree()`, answered from the server's degrees (``degrees``);
  roundabout's "sides paying an intermediary" needs every gift into it and the side of
  every giver (second round: `add_gifts_into`, ``side_of``);
  bid_rigging's tie path walks `max_hops` levels of standing ties from the official,
  fetched level by level (bid_rigging's ``ties``) past everything but hubs - a superset of
  the detector's walk, which also stops at the side and at seen entities - except the
  last level, met from the winners' sides (``ties_into``): there the walk can
  only end at a side member, so a tie to anyone else cannot change the path it returns;
  collective_capture scans every HOLDS_POST body: bodies with fewer than two leaders
  reached by a gift that can count (not from a fellow leader, in a year the leader
  held a post there: a superset of the detector's day-level test) cannot give a
  finding and are left out; the others come with all posts, and every reached leader's
  circle, those gifts and his approvals (an unreached leader's gifts cannot count in
  the detector either), then the sides of every gift's receiver and of every giver
  whose gift reached a leader (second and third rounds);
  blacklist_evasion scans every entity for a blacklist period: the query starts from
  exactly those entities.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from encircle.graph.cypher import fill, read_cypher
from encircle.graph.records import Entity, Relation, relation_from_properties, to_properties
from encircle.graph.stores import Store
from encircle.graph.stores.neo4j import Neo4jStore
from encircle.queries.detection.case import CaseIndex
from encircle.queries.detection.tactic import Tactic

__all__ = ["FETCHED", "ExtractedIndex", "Extraction", "index_for", "uses_server"]

BATCH = 1_000  # ids per UNWIND in the follow-up queries
# Relations fetched per tactic since import (after de-duplication): the tests read it to
# check the server-side path ran, docs/performance.md reports it.
FETCHED: Counter[str] = Counter()
FRAGMENTS = ("side", "circle", "held", "counting_gifts")

Props = Mapping[str, Any]


class ExtractedIndex(CaseIndex):
    """A CaseIndex over part of a case that answers `degree()` from the whole case."""

    def __init__(
        self,
        entities: Iterable[Entity],
        relations: Iterable[Relation],
        degrees: Mapping[str, int],
        confirmed_only: bool = False,
    ) -> None:
        super().__init__(entities, relations, confirmed_only)
        self.degrees = dict(degrees)

    def degree(self, node: str) -> int:
        return self.degrees[node] if node in self.degrees else super().degree(node)


def uses_server(store: Store, tactic: Tactic) -> bool:
    """Whether `tactic` extracts its candidates on the server of `store`: it registers an
    extraction, and the case has no body decisions (attributing those to a body's leaders
    needs every post at the body: the whole-case index does it)."""
    return isinstance(store, Neo4jStore) and tactic.extract is not None and not has_body_decisions(store)


def has_body_decisions(store: Neo4jStore) -> bool:
    """Whether any APPROVED comes from a PublicBody."""
    return bool(store.read(fill(read_cypher(__package__, "body_decisions")))[0]["found"])


def query_text(package: str, name: str) -> str:
    """``name.cypher`` of `package` (a tactic's folder, or this one) with the shared
    fragments spliced in: only package file text enters the query, every value is a
    parameter."""
    fragments = {f.upper(): read_cypher(__package__, f) for f in FRAGMENTS}
    return fill(read_cypher(package, name), **fragments)


class Extraction:
    """Relations and entity ids gathered for one tactic, de-duplicated by id.

    `read(name)` runs the tactic's own ``name.cypher``; `read_shared` one of this
    package's follow-up queries."""

    def __init__(self, store: Neo4jStore, tactic: Tactic, confirmed_only: bool) -> None:
        self.store = store
        self.package = tactic.detector.__package__ or ""
        self.confirmed_only = confirmed_only
        self.params: dict[str, Any] = {"everything": not confirmed_only}
        self.relations: dict[str, Props] = {}
        self.entity_ids: set[str] = set()
        self.degrees: dict[str, int] = {}

    def read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        return self._run(self.package, name, **params)

    def read_shared(self, name: str, **params: Any) -> list[dict[str, Any]]:
        return self._run(__package__, name, **params)

    def _run(self, package: str, name: str, **params: Any) -> list[dict[str, Any]]:
        return self.store.read(query_text(package, name), **self.params, **params)

    def read_ids(self, name: str, ids: Iterable[str], batch: int = BATCH, **params: Any) -> Iterator[dict[str, Any]]:
        """The tactic's query `name` on the distinct `ids` (its $ids), `batch` at a time."""
        yield from self.read_batches(name, sorted(set(ids)), batch, **params)

    def read_batches(self, name: str, items: Sequence[Any], batch: int, **params: Any) -> Iterator[dict[str, Any]]:
        """The tactic's query `name` on `items` (its $ids) `batch` at a time."""
        for start in range(0, len(items), batch):
            yield from self.read(name, ids=items[start : start + batch], **params)

    def _shared_ids(self, name: str, ids: Iterable[str]) -> Iterator[dict[str, Any]]:
        items = sorted(set(ids))
        for start in range(0, len(items), BATCH):
            yield from self.read_shared(name, ids=items[start : start + BATCH])

    def add(self, relations: Iterable[Props]) -> None:
        for props in relations:
            self.relations.setdefault(props["id"], props)

    def add_rows(self, rows: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
        """Each row's `relations` added; the rows returned."""
        rows = list(rows)
        for row in rows:
            self.add(row["relations"])
        return rows

    def add_sides(self, ids: Iterable[str]) -> None:
        for row in self._shared_ids("side_of", ids):
            self.add(row["relations"])

    def add_gifts_into(self, ids: Iterable[str]) -> None:
        """Every gift into each id (the confirmed ones with confirmed_only): the detectors
        that weigh an intermediary count all its givers. From the store's adjacency."""
        gifts = self.store.adjacent(sorted(set(ids)), ("GIFT",), "in")
        self.add(to_properties(g) for g in gifts if not self.confirmed_only or g.status == "confirmed")

    def add_degrees(self, ids: Iterable[str]) -> None:
        self.degrees.update((row["id"], row["degree"]) for row in self._shared_ids("degrees", ids))

    def index(self, confirmed_only: bool, with_entities: bool = True) -> ExtractedIndex:
        records = sorted(map(relation_from_properties, self.relations.values()), key=lambda r: r.id)
        if not with_entities:
            return ExtractedIndex((), records, self.degrees, confirmed_only=confirmed_only)
        ids = set(self.entity_ids)
        for r in records:  # endpoints, and what findings name: the body, excluded firms
            ids.update((r.source_id, r.target_id, *([r.body_id] if r.body_id else []), *r.excluded))
        entities = self.store.get_entities(sorted(ids))
        return ExtractedIndex(
            (entities[i] for i in sorted(entities)), records, self.degrees, confirmed_only=confirmed_only
        )


def index_for(
    store: Neo4jStore, tactic: Tactic, confirmed_only: bool = False, parameters: Any = None
) -> ExtractedIndex:
    """The CaseIndex `tactic`'s detector needs, extracted on the server."""
    if tactic.extract is None:
        raise ValueError(f"{tactic.id!r} does not run server-side")
    job = Extraction(store, tactic, confirmed_only)
    tactic.extract(job, parameters or tactic.parameters())
    index = job.index(confirmed_only)
    FETCHED[tactic.id] += len(index.relations)
    return index
