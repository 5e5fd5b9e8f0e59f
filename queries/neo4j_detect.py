"""Server-side detection on Neo4j: Cypher extracts each heavy tactic's candidates, Python
scores them with the tactic's own `detect()`.

There is one scoring implementation, so findings match the embedded run by construction.
What has to match is the *index*: `index_for(store, tactic)` builds a CaseIndex from only
the relations (and their endpoints) that the tactic's detector reads, chosen so that every
lookup the detector makes answers as it would over the whole case. The queries
(``neo4j_detect_<tactic>.cypher``) are typed, bounded patterns anchored on approvals (or
posts, or blacklisted entities), joining the beneficiary's side and the official's end
meet-in-the-middle, so approvals that cannot give a finding never come back over Bolt.

Why each index answers exactly (the rule: a lookup is exact when every relation it reads
is present; adding more relations never changes an exact lookup):

- side(x), circle(o), controllers/controlled: the fragments ``neo4j_detect_side`` and
  ``neo4j_detect_circle`` return every relation those builds read;
- gift lookups the detectors filter by side (``into(o, "GIFT")`` then ``source in side``)
  get every gift that passes the filter; the rest would be dropped anyway;
- `index.approvals` holds only the anchors a query returned, each with its whole read set;
  an approval left out would have given no finding (no gift from the side, no
  restricted procedure, no affiliate);
- global state, by tactic:
  roundabout's hub degree of an intermediary and bid_rigging's hub rule read
  `index.degree()`, answered from the server's degrees (``neo4j_detect_degrees``);
  roundabout's "sides paying an intermediary" needs every gift into it and the side of
  every giver (second round: ``neo4j_detect_gifts_into``, ``neo4j_detect_side_of``);
  bid_rigging's tie path walks `max_hops` levels of standing ties from the official,
  fetched level by level (``neo4j_detect_ties``) past everything but hubs - a superset of
  the detector's walk, which also stops at the side and at seen entities - except the
  last level, met from the winners' sides (``neo4j_detect_ties_into``): there the walk can
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
from functools import cache
from importlib.resources import files
from typing import Any, LiteralString

from encircle.graph.records import Entity, Relation, relation_from_properties
from encircle.graph.stores import Store
from encircle.graph.stores.neo4j import Neo4jStore
from encircle.queries.case import CaseIndex
from encircle.queries.detectors import bid_rigging, collective_capture

SERVER_TACTICS = ("direct_transaction", "roundabout", "bid_rigging", "collective_capture", "blacklist_evasion")
BATCH = 1_000  # ids per UNWIND in the follow-up queries
BODY_BATCH = 100  # bodies per collective_capture query: the server walks every leader's circle
# Relations fetched per tactic since import (after de-duplication): the tests read it to
# check the server-side path ran, docs/performance.md reports it.
FETCHED: Counter[str] = Counter()

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
        super().__init__(entities, relations, confirmed_only, dated_only=True)  # as detect()'s own index
        self.degrees = dict(degrees)

    def degree(self, node: str) -> int:
        return self.degrees[node] if node in self.degrees else super().degree(node)


def uses_server(store: Store, tactic: str) -> bool:
    return isinstance(store, Neo4jStore) and tactic in SERVER_TACTICS


@cache
def _text(name: str) -> str:
    return files("encircle.queries").joinpath(f"neo4j_detect_{name}.cypher").read_text(encoding="utf-8")


@cache
def query_text(name: str) -> LiteralString:
    """``neo4j_detect_<name>.cypher`` with the side and circle fragments spliced in: only
    package file text enters the query, every value is a parameter."""
    text = _text(name).replace("__SIDE__", _text("side")).replace("__CIRCLE__", _text("circle"))
    text = text.replace("__HELD__", _text("held")).replace("__COUNTING_GIFTS__", _text("counting_gifts"))
    return text  # package file text only: safe as a LiteralString


class _Extraction:
    """Relations and entity ids gathered for one tactic, de-duplicated by id."""

    def __init__(self, store: Neo4jStore, confirmed_only: bool) -> None:
        self.store = store
        self.confirmed_only = confirmed_only
        self.params: dict[str, Any] = {"everything": not confirmed_only}
        self.relations: dict[str, Props] = {}
        self.entity_ids: set[str] = set()
        self.degrees: dict[str, int] = {}

    def read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        return self.store.read(query_text(name), **self.params, **params)

    def read_ids(self, name: str, ids: Iterable[str], batch: int = BATCH, **params: Any) -> Iterator[dict[str, Any]]:
        yield from self.read_batches(name, sorted(set(ids)), batch, **params)

    def read_batches(self, name: str, items: Sequence[Any], batch: int, **params: Any) -> Iterator[dict[str, Any]]:
        """The query run on `items` (its $ids) `batch` at a time."""
        for start in range(0, len(items), batch):
            yield from self.read(name, ids=items[start : start + batch], **params)

    def add(self, relations: Iterable[Props]) -> None:
        for props in relations:
            self.relations.setdefault(props["id"], props)

    def add_sides(self, ids: Iterable[str]) -> None:
        for row in self.read_ids("side_of", ids):
            self.add(row["relations"])

    def add_gifts_into(self, ids: Iterable[str]) -> None:
        self.add(row["relation"] for row in self.read_ids("gifts_into", ids))

    def add_degrees(self, ids: Iterable[str]) -> None:
        self.degrees.update((row["id"], row["degree"]) for row in self.read_ids("degrees", ids))

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


def index_for(store: Neo4jStore, tactic: str, confirmed_only: bool = False, parameters: Any = None) -> ExtractedIndex:
    """The CaseIndex `tactic`'s detector needs, extracted on the server."""
    if tactic not in SERVER_TACTICS:
        raise ValueError(f"{tactic!r} does not run server-side; expected one of {', '.join(SERVER_TACTICS)}")
    job = _Extraction(store, confirmed_only)
    rows = _candidates(job, tactic)
    for row in rows:
        job.add(row["relations"])
    if tactic == "roundabout":
        _roundabout(job, rows)
    elif tactic == "bid_rigging":
        _bid_rigging(job, rows, parameters or bid_rigging.Parameters())
    elif tactic == "collective_capture":
        _collective_capture(job)
    elif tactic == "blacklist_evasion":
        job.entity_ids.update(row["blacklisted"] for row in rows)  # even with nothing around them
    index = job.index(confirmed_only)
    FETCHED[tactic] += len(index.relations)
    return index


def _candidates(job: _Extraction, tactic: str) -> list[dict[str, Any]]:
    return _collective_capture_candidates(job) if tactic == "collective_capture" else job.read(tactic)


def _collective_capture_candidates(job: _Extraction) -> list[dict[str, Any]]:
    """In steps small enough for a server's transaction memory (a ministry can have 20,000
    posts): the bodies with two leaders or more; a batch of bodies at a time, those with
    two reached leaders (ids only); their posts, a row each; then each reached leader's
    circle, counting gifts and approvals. An unreached leader's relations are not needed:
    no gift into him or his circle can count, on the server's superset test or, so, in
    the detector."""
    bodies = [row["body"] for row in job.read("collective_capture_bodies")]
    reached = list(job.read_ids("collective_capture_reached", bodies, batch=BODY_BATCH))
    posts = job.read_ids("collective_capture_posts", (row["body"] for row in reached), batch=BODY_BATCH)
    job.add(row["relation"] for row in posts)
    pairs = sorted(({"body": row["body"], "leader": leader} for row in reached for leader in row["reached"]), key=_pair)
    return list(job.read_batches("collective_capture", pairs, BATCH))


def _pair(pair: Mapping[str, str]) -> tuple[str, str]:
    return pair["body"], pair["leader"]


def _roundabout(job: _Extraction, rows: Sequence[Mapping[str, Any]]) -> None:
    """Per intermediary: every gift into it, its side and each giver's side (how many
    sides pay it), and its degree (is it a hub)."""
    receivers = {m for row in rows for m in row["receivers"]}
    job.add_gifts_into(receivers)
    givers = {p["source_id"] for p in job.relations.values() if p["type"] == "GIFT" and p["target_id"] in receivers}
    job.add_sides(receivers | givers)
    job.add_degrees(receivers)


def _bid_rigging(job: _Extraction, rows: Sequence[Mapping[str, Any]], p: bid_rigging.Parameters) -> None:
    """The tie search from each official, level by level, walking past all but hubs; the
    last level meets the winners' sides from the other end: only its ties into a side."""
    sides = sorted({member for row in rows for member in row["side"]})
    expanded: set[str] = set()
    frontier = {row["official"] for row in rows}
    for level in range(p.max_hops):
        if level == p.max_hops - 1:
            # The walk's last step only ends at the side (the detector returns there); its
            # other ties are never walked from, so they cannot change the path found.
            job.add(row["relation"] for row in job.read_ids("ties_into", frontier - expanded, targets=sides))
            break
        ties = list(job.read_ids("ties", frontier - expanded))
        job.add(row["relation"] for row in ties)
        others = {row["other"] for row in ties}
        job.add_degrees(others - job.degrees.keys())
        expanded |= frontier
        frontier = {other for other in others if job.degrees[other] <= p.hub_degree} - expanded


def _collective_capture(job: _Extraction) -> None:
    """The side of every gift's receiver (a present from his own side is not capture),
    then the side of every giver whose gift reached a leader (givers are grouped into
    sides; approvals must be for the side). Which gifts reach a leader is the detector's
    own `_reaches`, run on what is fetched so far: posts, circles, gifts and receivers'
    sides are all it reads, so its answer is already the whole case's."""
    gifts = [p for p in job.relations.values() if p["type"] == "GIFT"]
    job.add_sides({p["target_id"] for p in gifts})
    index = job.index(job.confirmed_only, with_entities=False)
    givers: set[str] = set()
    for body in {r.target_id for r in index.by_type.get("HOLDS_POST", [])}:
        posts: dict[str, list[Relation]] = {}
        for post in index.into(body, "HOLDS_POST"):
            posts.setdefault(post.source_id, []).append(post)
        givers.update(reach.gift.source_id for reach in collective_capture._reaches(index, posts))
    job.add_sides(givers)
