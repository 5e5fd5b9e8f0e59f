"""The Neo4j store: entities as ``:Entity`` nodes labelled by type and roles, relations as
relationships typed by relation type, written with batched ``UNWIND $rows`` in one managed
transaction per write (or per chunk of a chunked write, see stores/base.py).

Cypher lives in ``neo4j_*.cypher`` files next to this module. Values are always parameters;
the only text substituted into a query is a label or relationship type taken from the
validated schema (Cypher cannot parameterize those portably before 5.26).
"""

from __future__ import annotations

import heapq
import os
from collections import defaultdict
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any, LiteralString, TypeVar
from urllib.parse import urlsplit

import networkx as nx
from neo4j import Driver, GraphDatabase, ManagedTransaction, Query, Session, unit_of_work
from neo4j.exceptions import DriverError, Neo4jError

from encircle.graph.cypher import fill, read_cypher
from encircle.graph.errors import StoreError
from encircle.graph.ledger import Entry
from encircle.graph.records import Entity, Relation, entity_from_properties, relation_from_properties, to_properties
from encircle.graph.schema import SCHEMA
from encircle.graph.search import lucene_query, search_text
from encircle.graph.stores.base import Direction, Progress, Stats, Store, WriteTransaction, check_adjacency
from encircle.graph.values import name_key

__all__ = ["Neo4jStore", "cypher"]

T = TypeVar("T")
BATCH = 10_000  # rows per UNWIND: large enough to amortize round trips, small enough to stream
FETCH_SIZE = 5_000  # records the driver pulls per round trip when streaming reads
CLEAR_BATCH = 10_000  # nodes deleted per transaction by clear()
_ALLOWED_NAMES = frozenset({*SCHEMA.entity_types.values(), *SCHEMA.roles.values(), *SCHEMA.relation_types})
_DRIVER_ERRORS = (DriverError, Neo4jError, OSError)
# A value the driver cannot send (a lone surrogate, an integer beyond 64 bits): loaders
# refuse them, but records built in Python reach the store unchecked.
_VALUE_ERRORS = (UnicodeEncodeError, OverflowError)
DEFAULT_TIMEOUT = 3600.0  # seconds; ENCIRCLE_NEO4J_TIMEOUT overrides (see docs/reliability.md)


def cypher(name: str, type: str | None = None, labels: Sequence[str] = (), types: Sequence[str] = ()) -> LiteralString:
    """The query in ``neo4j_<name>.cypher`` with ``__TYPE__``/``__LABELS__``/``__TYPES__``
    filled in (``__TYPES__``: ``:A|B`` for relation types `types`, empty for none).

    Only schema names may be substituted: this is the one place text enters a query.
    """
    names = [*labels, *([type] if type else []), *types]
    unknown = [n for n in names if n not in _ALLOWED_NAMES]
    if unknown:
        raise ValueError(f"not a schema label or relation type: {unknown}")
    parts = {"LABELS": ":".join(labels), "TYPES": ":" + "|".join(types) if types else ""}
    if type:
        parts |= {"TYPE": type, "NAME": f"relation_id_{type.lower()}"}
    # Safe: package file text plus schema-validated identifiers (checked just above).
    return fill(read_cypher("encircle.graph.stores", f"neo4j_{name}"), **parts)


def _batches(rows: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def server_address(uri: str) -> str:
    """The URI to connect to, checked: credentials in it are refused (a command line is
    seen by every user of the machine and kept in shell history), and a malformed one
    is a StoreError, never a traceback. Messages never repeat the userinfo."""
    try:
        parts = urlsplit(uri)
        parts.port  # noqa: B018 (parsing the port is what validates it)
    except ValueError as error:
        shown = uri.rpartition("@")[2] if "@" in uri else uri
        raise StoreError(f"malformed Neo4j URI {shown!r}: {error}") from None
    if "@" in parts.netloc:
        hostport = parts.netloc.rpartition("@")[2]
        raise StoreError(
            f"credentials do not go in the store URI ({parts.scheme}://...@{hostport}): "
            "set NEO4J_USER and NEO4J_PASSWORD in the environment instead"
        )
    if not parts.hostname:
        raise StoreError(f"malformed Neo4j URI {uri!r}: no host")
    return uri


def transaction_timeout() -> float:
    """Seconds a transaction may run before the server ends it: $ENCIRCLE_NEO4J_TIMEOUT, else 3600."""
    text = os.environ.get("ENCIRCLE_NEO4J_TIMEOUT", "").strip()
    if not text:
        return DEFAULT_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < float("inf"):
        raise StoreError(f"ENCIRCLE_NEO4J_TIMEOUT={text!r}: expected a number of seconds above 0")
    return value


class _Neo4jWrite:
    """The WriteTransaction of one managed transaction.

    It remembers what fetch_* found so `put` can CREATE what is new (no lookup) and
    update what exists; ids it was never asked about are looked up in `put` itself.
    """

    def __init__(self, tx: ManagedTransaction) -> None:
        self.tx = tx
        self.old_entities: dict[str, Entity] = {}
        self.old_relations: dict[str, Relation] = {}
        self.checked_entities: set[str] = set()
        self.checked_relations: set[str] = set()

    def _props(self, query: LiteralString, ids: Sequence[str]) -> Iterator[dict[str, Any]]:
        for batch in _batches(ids):
            for record in self.tx.run(query, ids=list(batch)):
                yield record["props"]

    def fetch_entities(self, ids: Sequence[str]) -> dict[str, Entity]:
        found = {e.id: e for e in map(entity_from_properties, self._props(cypher("fetch_entities"), ids))}
        self.checked_entities.update(ids)
        self.old_entities.update(found)
        return found

    def fetch_relations(self, ids: Sequence[str]) -> dict[str, Relation]:
        found: dict[str, Relation] = {}
        for rel_type in self._present_relation_types() if ids else ():
            props = self._props(cypher("fetch_relations", type=rel_type), ids)
            found.update((r.id, r) for r in map(relation_from_properties, props))
        self.checked_relations.update(ids)
        self.old_relations.update(found)
        return found

    def _present_relation_types(self) -> list[str]:
        # Relationship indexes are per type, so a lookup by id probes every type; types
        # with no relationships at all (count store, O(1)) are skipped.
        def count(rel_type: str) -> int:
            return int(self.tx.run(cypher("relation_count", type=rel_type)).single(strict=True)["count"])

        return [t for t in SCHEMA.relation_types if count(t)]

    def entity_types(self, ids: set[str]) -> dict[str, str]:
        types: dict[str, str] = {}
        for batch in _batches(sorted(ids)):
            types.update((r["id"], r["type"]) for r in self.tx.run(cypher("entity_types"), ids=list(batch)))
        return types

    def put(self, entities: Sequence[Entity], relations: Sequence[Relation], progress: Progress | None) -> None:
        self.fetch_entities([e.id for e in entities if e.id not in self.checked_entities])
        self.fetch_relations([r.id for r in relations if r.id not in self.checked_relations])
        self._put_entities(entities, progress)
        self._put_relations(relations, progress)

    def _put_entities(self, entities: Sequence[Entity], progress: Progress | None) -> None:
        # Labels cannot be parameters (before Cypher 5.26): one query per label set.
        groups: dict[tuple[tuple[str, ...], bool], list[Entity]] = defaultdict(list)
        for entity in entities:
            groups[_labels(entity.type, entity.roles), entity.id in self.old_entities].append(entity)
        for (labels, exists), group in sorted(groups.items()):
            query = cypher("update_entities" if exists else "create_entities", labels=labels)
            self._run_batches(query, group, progress)
        _put_names(self.tx, entities)

    def _put_relations(self, relations: Sequence[Relation], progress: Progress | None) -> None:
        groups: dict[tuple[str, str], list[Relation]] = defaultdict(list)
        turned: dict[str, list[str]] = defaultdict(list)
        for relation in relations:
            old = self.old_relations.get(relation.id)
            if old and (old.source_id, old.target_id) != (relation.source_id, relation.target_id):
                turned[relation.type].append(relation.id)
                old = None
            groups[relation.type, "update_relations" if old else "create_relations"].append(relation)
        for rel_type, ids in sorted(turned.items()):
            for batch in _batches(ids):
                self.tx.run(cypher("delete_relations", type=rel_type), ids=list(batch)).consume()
        for (rel_type, name), group in sorted(groups.items()):
            self._run_batches(cypher(name, type=rel_type), group, progress)

    def _run_batches(
        self, query: LiteralString, records: Sequence[Entity | Relation], progress: Progress | None
    ) -> None:
        """Send every batch without waiting for the one before: Bolt pipelines them, so
        Python builds and packs batch k+1 while the server still executes batch k."""
        result = None
        for batch in _batches(records):
            result = self.tx.run(query, rows=[to_properties(record) for record in batch])
            if progress:
                progress(len(batch))
        if result is not None:
            result.consume()  # surfaces a failure of the last batch here, not at commit


def _name_rows(entities: Sequence[Entity]) -> list[dict[str, str]]:
    """One row per distinct name key of each entity (see find_entities)."""
    return [{"id": e.id, "key": key} for e in entities for key in sorted({name_key(n) for n in (e.name, *e.aliases)})]


@cache
def _labels(entity_type: str, roles: tuple[str, ...]) -> tuple[str, ...]:
    return SCHEMA.labels(entity_type, roles)


class Neo4jStore(Store):
    """A Neo4j 5 database over Bolt; credentials from NEO4J_USER / NEO4J_PASSWORD."""

    def __init__(self, uri: str, timeout: float | None = None) -> None:
        address = server_address(uri)
        self.location = address
        self.database = os.environ.get("NEO4J_DATABASE") or None
        # Every transaction carries this timeout: the server ends one that runs longer,
        # so a client that gave up never leaves the server busy for long.
        self.timeout = timeout if timeout is not None else transaction_timeout()
        user = os.environ.get("NEO4J_USER") or "neo4j"
        password = os.environ.get("NEO4J_PASSWORD") or ""
        try:
            # No password: connect without auth (a server with auth disabled, the test server).
            auth = (user, password) if password else None
            # Notifications off: "property key does not exist" on an empty database is noise.
            self.driver: Driver = GraphDatabase.driver(address, auth=auth, notifications_min_severity="OFF")
        except (*_DRIVER_ERRORS, ValueError) as error:
            raise StoreError(f"cannot open Neo4j store {address}: {_one_line(error)}") from None
        try:
            self.driver.verify_connectivity()
            self._ensure_constraints()
        except (*_DRIVER_ERRORS, ValueError) as error:
            self.driver.close()
            raise StoreError(f"cannot connect to Neo4j at {address}: {_one_line(error)}") from None

    @contextmanager
    def _session(self) -> Iterator[Session]:
        session = self.driver.session(database=self.database, fetch_size=FETCH_SIZE)
        try:
            yield session
        except (KeyboardInterrupt, SystemExit):
            self._abandon(session)
            raise
        finally:
            session.close()

    def _abandon(self, session: Session) -> None:
        """Drop a session's connection at once when the client gives up (Ctrl-C).

        A graceful close rolls back, and rolling back first waits for the running query
        to finish: Ctrl-C would leave the client hanging and the server busy for as long
        as the query runs. Closing the socket instead makes the server end the
        transaction within seconds. The driver does this for asyncio cancellation with
        `_handle_cancellation`; it has no public method for it in sync code.
        """
        cancel = getattr(session, "cancel", None) or getattr(session, "_handle_cancellation", None)
        if callable(cancel):
            cancel()
        else:  # a driver without either: closing it closes every connection, in use or not
            self.driver.close()

    def _query(self, text: LiteralString) -> Query:
        """An auto-commit query with the store's timeout."""
        return Query(text, timeout=self.timeout)

    def _timed(self, function: Callable[..., T]) -> Callable[..., T]:
        """A transaction function with the store's timeout (for execute_read/_write)."""
        return unit_of_work(timeout=self.timeout)(function)

    def _ensure_constraints(self) -> None:
        # Schema commands cannot share a transaction with writes: run them up front.
        with self._session() as session:
            session.run(self._query(cypher("entity_constraint"))).consume()
            session.run(self._query(cypher("name_constraint"))).consume()
            session.run(self._query(cypher("name_index"))).consume()
            session.run(self._query(cypher("search_constraint"))).consume()
            session.run(self._query(cypher("search_index"))).consume()
            for rel_type in SCHEMA.relation_types:
                session.run(self._query(cypher("relation_constraint", type=rel_type))).consume()
            counts = session.run(self._query(cypher("name_count"))).single(strict=True)
            if counts["entities"] and not counts["names"]:
                # A database loaded before name keys existed: index its names once.
                rows = session.run(self._query(cypher("entities")))
                entities = [entity_from_properties(r["props"]) for r in rows]
                session.execute_write(self._timed(_put_names), entities)
            counts = session.run(self._query(cypher("search_count"))).single(strict=True)
            if counts["entities"] and not counts["searchable"]:
                # A database loaded before the search text existed: index it once.
                rows = session.run(self._query(cypher("entities")))
                entities = [entity_from_properties(r["props"]) for r in rows]
                for batch in _batches(entities, 50_000):
                    session.execute_write(self._timed(_put_search), batch)

    def _in_write_transaction(self, work: Callable[[WriteTransaction], T]) -> T:
        try:
            with self._session() as session:
                result: T = session.execute_write(self._timed(self._attempt), work)
                return result
        except _DRIVER_ERRORS as error:
            # Out of memory at commit (which needs more than the writes before it) escapes
            # _attempt: the driver retries it once, then gives up.
            raise self._out_of_memory(error) or StoreError(
                f"cannot write to Neo4j at {self.location}: {self._reason(error)}"
            ) from None
        except _VALUE_ERRORS as error:
            raise StoreError(f"cannot write to Neo4j at {self.location}: a value cannot be stored ({error})") from None

    def _reason(self, error: BaseException) -> str:
        code = getattr(error, "code", None) or ""
        if "TransactionTimedOut" in code:
            return (
                f"the transaction ran longer than its timeout of {self.timeout:g} s and the server ended it "
                "(set ENCIRCLE_NEO4J_TIMEOUT to allow longer)"
            )
        return _one_line(error)

    def _attempt(self, tx: ManagedTransaction, work: Callable[[WriteTransaction], T]) -> T:
        try:
            return work(_Neo4jWrite(tx))
        except Neo4jError as error:
            # The driver retries transient errors, but running out of transaction memory
            # fails the same way every time: stop at once, and say what to change.
            out_of_memory = self._out_of_memory(error)
            if out_of_memory:
                raise out_of_memory from None
            raise

    def _out_of_memory(self, error: BaseException) -> StoreError | None:
        if "MemoryPoolOutOfMemoryError" not in (getattr(error, "code", None) or ""):
            return None
        return StoreError(
            f"Neo4j at {self.location} ran out of transaction memory: a transaction needs roughly 4 KB "
            "of server heap per record (load with --commit-every N, e.g. 50000, to commit in smaller "
            f"transactions, or raise db.memory.transaction.max and the heap): {_one_line(error)}"
        )

    def _stream(self, query: LiteralString, **params: Any) -> Iterator[Any]:
        """Records of an auto-commit read, yielded as the driver pulls them."""
        try:
            with self._session() as session:
                yield from session.run(self._query(query), params)
        except _DRIVER_ERRORS as error:
            raise StoreError(f"cannot read from Neo4j at {self.location}: {self._reason(error)}") from None

    def entities(self) -> Iterator[Entity]:
        for record in self._stream(cypher("entities")):
            yield entity_from_properties(record["props"])

    def relations(self) -> Iterator[Relation]:
        for props in self._relation_props():
            yield relation_from_properties(props)

    def _relation_props(self) -> Iterator[dict[str, Any]]:
        """Every relation's properties, ordered by id: each type streamed in its index
        order (a session each), merged here, so the server never sorts them all."""
        streams = [self._stream(cypher("relations", type=t)) for t in sorted(SCHEMA.relation_types)]
        for record in heapq.merge(*streams, key=lambda record: record["props"]["id"]):
            yield record["props"]

    def get_entities(self, ids: Sequence[str]) -> dict[str, Entity]:
        found: dict[str, Entity] = {}
        for batch in _batches(list(ids)):
            props = (r["props"] for r in self._stream(cypher("fetch_entities"), ids=list(batch)))
            found.update((e.id, e) for e in map(entity_from_properties, props))
        return found

    def get_relations(self, ids: Sequence[str]) -> dict[str, Relation]:
        # Relationship indexes are per type: each id is looked up in every type present.
        found: dict[str, Relation] = {}
        for rel_type in self.relation_counts() if ids else ():
            for batch in _batches(list(dict.fromkeys(ids))):
                rows = self._stream(cypher("fetch_relations", type=rel_type), ids=list(batch))
                found.update((r.id, r) for r in (relation_from_properties(row["props"]) for row in rows))
        return found

    def adjacent(self, ids: Sequence[str], types: Sequence[str] = (), direction: Direction = "both") -> list[Relation]:
        query = cypher("adjacent", types=check_adjacency(types, direction))
        found: dict[str, Relation] = {}
        for batch in _batches(list(dict.fromkeys(ids))):
            for row in self._stream(query, ids=list(batch), **_ends(direction)):
                props = row["props"]
                if props["id"] not in found:  # a relation between ids of two batches comes back twice
                    found[props["id"]] = relation_from_properties(props)
        return [found[rid] for rid in sorted(found)]

    def degrees(self, ids: Sequence[str], types: Sequence[str] = (), direction: Direction = "both") -> dict[str, int]:
        query = cypher("degrees", types=check_adjacency(types, direction))
        given = list(dict.fromkeys(ids))
        counts: dict[str, int] = {}
        for batch in _batches(given):
            counts.update(
                (row["id"], row["degree"]) for row in self._stream(query, ids=list(batch), **_ends(direction))
            )
        return {node: counts[node] for node in given if node in counts}

    def relation_counts(self) -> dict[str, int]:
        counts = {}
        for rel_type in sorted(SCHEMA.relation_types):
            # One count-store lookup per type instead of a scan over every relationship.
            [record] = self._stream(cypher("relation_count", type=rel_type))
            if record["count"]:
                counts[rel_type] = int(record["count"])
        return counts

    def find_entities(self, text: str) -> list[Entity]:
        """By id or name key, from indexes (Cypher cannot compute NFKC + casefold, so the
        keys are computed in Python at write time and stored on :EntityName nodes)."""
        rows = self.read(cypher("find_entities"), text=text, key=name_key(text))
        return sorted((entity_from_properties(r["props"]) for r in rows), key=lambda e: e.id)

    def search_entities(self, text: str, limit: int) -> list[Entity]:
        """From the full-text index over the search text (graph/search.py): each word as
        itself, a prefix and, from four letters, a near spelling."""
        terms = lucene_query(text)
        if not terms:
            return []
        rows = self.read(cypher("search"), terms=terms, limit=limit)
        return [entity_from_properties(r["props"]) for r in rows]

    def read(self, query: LiteralString, **params: Any) -> list[dict[str, Any]]:
        """Every record of a read query, run in a managed (retried) read transaction."""

        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(query, params)]

        try:
            with self._session() as session:
                return session.execute_read(self._timed(work))
        except _DRIVER_ERRORS as error:
            raise StoreError(f"cannot read from Neo4j at {self.location}: {self._reason(error)}") from None

    def stream_rows(self, query: LiteralString, **params: Any) -> Generator[dict[str, Any], None, None]:
        """Records of a read query as the driver pulls them; closing the iterator early
        discards the rest on the server (for consumers that stop once they have enough)."""
        for record in self._stream(query, **params):
            yield record.data()

    def stats(self) -> Stats:
        def counts(query: LiteralString) -> dict[str, int]:
            return dict(sorted((r["key"], r["count"]) for r in self._stream(query)))

        types = counts(cypher("stats_entity_types"))
        roles = counts(cypher("stats_roles"))
        rel_types = self.relation_counts()
        return Stats(sum(types.values()), sum(rel_types.values()), types, roles, rel_types)

    def append(self, entries: Sequence[Entry]) -> None:
        rows = [{"kind": e.kind, "key": e.key, "author": e.author, "at": e.at, "body": e.body_json()} for e in entries]
        if not rows:
            return
        try:
            with self._session() as session:
                session.execute_write(lambda tx: tx.run(cypher("append_ledger"), rows=rows).consume())
        except _DRIVER_ERRORS as error:
            raise StoreError(f"cannot write to Neo4j at {self.location}: {_one_line(error)}") from None

    def ledger(self, kind: str, keys: Sequence[str] | None = None) -> list[Entry]:
        params = {"kind": kind, "keys": None if keys is None else list(dict.fromkeys(keys))}
        rows = self._stream(cypher("ledger"), **params)
        return [Entry.from_row(r["kind"], r["key"], r["author"], r["body"], r["at"], r["seq"]) for r in rows]

    def clear(self) -> None:
        try:
            with self._session() as session:
                while session.execute_write(self._timed(_delete_some)):
                    pass
        except _DRIVER_ERRORS as error:
            raise StoreError(f"cannot clear Neo4j at {self.location}: {self._reason(error)}") from None

    def close(self) -> None:
        self.driver.close()

    def to_networkx(self) -> nx.MultiDiGraph:
        """Built from the stored property maps directly: they already are `to_properties`."""
        graph = nx.MultiDiGraph()
        graph.add_nodes_from((r["props"]["id"], r["props"]) for r in self._stream(cypher("entities")))
        graph.add_edges_from((p["source_id"], p["target_id"], p["id"], p) for p in self._relation_props())
        return graph


def _ends(direction: Direction) -> dict[str, bool]:
    """The $out and $in of neo4j_adjacent.cypher and neo4j_degrees.cypher."""
    return {"out": direction != "in", "in": direction != "out"}


def _put_names(tx: ManagedTransaction, entities: Sequence[Entity]) -> None:
    for batch in _batches(_name_rows(entities)):
        tx.run(cypher("put_names"), rows=list(batch)).consume()
    _put_search(tx, entities)


def _put_search(tx: ManagedTransaction, entities: Sequence[Entity]) -> None:
    rows = [{"id": e.id, "text": search_text(e.name, e.aliases, person=e.type == "Person")} for e in entities]
    for batch in _batches(rows):
        tx.run(cypher("put_search"), rows=list(batch)).consume()


def _delete_some(tx: ManagedTransaction) -> int:
    deleted: int = tx.run(cypher("clear"), limit=CLEAR_BATCH).single(strict=True)["deleted"]
    return deleted
