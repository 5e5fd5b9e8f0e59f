"""The one store interface; backends implement a small write transaction and reads.

A write is one transaction by default: records are merged onto what the store holds (see
:func:`encircle.graph.records.merge`), references and direction rules are checked, and
only then is anything written. Any error leaves the store exactly as it was.

A chunked write (``commit_every=N``, for inputs larger than the server's transaction
memory) first checks the whole input against the store in a transaction that writes
nothing, then commits entities and then relations in transactions of at most N records,
each merged onto what the store holds like a one-transaction write. Bad input still
writes nothing; a failure after the first commit leaves the committed chunks and raises
:class:`PartialWriteError`, and re-running the same write completes it. The chunked
write itself is in :mod:`encircle.graph.stores.chunked`: given records it can read again
(a loader's files), it holds one chunk of them at a time.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

from encircle.graph.build import check_references
from encircle.graph.errors import ErrorLog, QueryError, StoreError
from encircle.graph.ledger import Entry
from encircle.graph.records import Entity, Relation, merge_all, to_properties
from encircle.graph.schema import SCHEMA
from encircle.graph.search import search_text
from encircle.graph.values import name_key

if TYPE_CHECKING:  # networkx takes a noticeable part of a second to import: only when a graph is built
    import networkx as nx

__all__ = [
    "PartialWriteError",
    "Progress",
    "Stats",
    "Store",
    "TypesOf",
    "WriteSummary",
    "WriteTransaction",
    "build_networkx",
    "merge_and_put",
]

Progress = Callable[[int], None]
Direction = Literal["both", "out", "in"]
DIRECTIONS: tuple[Direction, ...] = ("both", "out", "in")
TypesOf = Callable[[set[str]], Mapping[str, str]]
T = TypeVar("T")


@dataclass(frozen=True)
class WriteSummary:
    """What a write did: how many entities and relations it wrote (records with the same id
    merged into one) and how many of each were new to the store. Summaries add up with `+`."""

    entities: int
    relations: int
    new_entities: int
    new_relations: int

    def __add__(self, other: WriteSummary) -> WriteSummary:
        return WriteSummary(
            self.entities + other.entities,
            self.relations + other.relations,
            self.new_entities + other.new_entities,
            self.new_relations + other.new_relations,
        )


class PartialWriteError(StoreError):
    """A chunked write failed after committing some of its transactions.

    The committed chunks stay: entities before relations, so every committed relation's
    endpoints exist. Writing the same records again completes the write (merging a
    record onto itself changes nothing).
    """

    def __init__(self, committed: int, transactions: int, records: int, total: int, error: BaseException) -> None:
        self.committed = committed
        self.transactions = transactions
        self.records = records
        self.total = total
        reason = " ".join(str(error).split()) or type(error).__name__
        super().__init__(
            f"the load is partial: {committed} of {transactions} transactions committed ({records:,} of "
            f"{total:,} records; entities first, then relations), then it failed: {reason}. "
            "Re-run the same load to complete it: records already written are merged again and do not change"
        )


@dataclass(frozen=True)
class Stats:
    """What a store holds: the number of entities and relations, and the count per entity
    type, role and relation type (sorted by name)."""

    entities: int
    relations: int
    entity_types: dict[str, int] = field(default_factory=dict)
    roles: dict[str, int] = field(default_factory=dict)
    relation_types: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def of(cls, entities: Iterable[Entity], relations: Iterable[Relation]) -> Stats:
        """Stats computed in Python; backends compute the same server-side."""
        types: Counter[str] = Counter()
        roles: Counter[str] = Counter()
        for entity in entities:
            types[entity.type] += 1
            roles.update(entity.roles)
        rel_types = Counter(r.type for r in relations)
        return cls(sum(types.values()), sum(rel_types.values()), _sorted(types), _sorted(roles), _sorted(rel_types))


def _sorted(counts: Mapping[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items()))


class WriteTransaction(Protocol):
    """What a backend offers inside one write transaction."""

    def fetch_entities(self, ids: Sequence[str]) -> dict[str, Entity]: ...

    def fetch_relations(self, ids: Sequence[str]) -> dict[str, Relation]: ...

    def entity_types(self, ids: set[str]) -> dict[str, str]: ...

    def put(self, entities: Sequence[Entity], relations: Sequence[Relation], progress: Progress | None) -> None: ...


class Store(ABC):
    """A property graph of entities and relations.

    >>> from encircle.graph.stores import open_store
    >>> with open_store(":memory:") as store:
    ...     _ = store.write([Entity("p1", "Person", "Li")], [])
    ...     store.stats().entities
    1
    """

    location: str

    def write(
        self,
        entities: Sequence[Entity],
        relations: Sequence[Relation],
        progress: Progress | None = None,
        commit_every: int | None = None,
    ) -> WriteSummary:
        """Merge and write records: in one transaction (all or nothing) by default; with
        `commit_every`, in transactions of at most that many records (see the module
        docstring), after the whole input has been checked against the store."""
        if commit_every is None:
            return self._in_write_transaction(lambda tx: merge_and_put(tx, entities, relations, progress))
        from encircle.graph.stores.chunked import InMemory, LoadIds, write_in_chunks  # it builds on this module

        source = InMemory(entities, relations)
        return write_in_chunks(self, source, LoadIds.of(source), progress, commit_every)

    @abstractmethod
    def _in_write_transaction(self, work: Callable[[WriteTransaction], T]) -> T: ...

    @abstractmethod
    def entities(self) -> Iterator[Entity]:
        """Every entity, ordered by id."""

    @abstractmethod
    def relations(self) -> Iterator[Relation]:
        """Every relation, ordered by id."""

    def read_case(self) -> tuple[list[Entity], list[Relation]]:
        """Every entity and every relation, each ordered by id: the whole case in memory,
        as detection reads it. Backends may answer from a compact copy (the SQLite
        store's snapshot), never from anything older than the records."""
        return list(self.entities()), list(self.relations())

    def prepare_reads(self) -> None:
        """Make the next whole-case read fast, after a load: the SQLite store writes its
        snapshot now rather than on the first detection. Others have nothing to do."""
        return None

    @abstractmethod
    def get_entities(self, ids: Sequence[str]) -> dict[str, Entity]:
        """The entities with these ids, by id; ids the store does not hold are left out."""

    @abstractmethod
    def get_relations(self, ids: Sequence[str]) -> dict[str, Relation]:
        """The relations with these ids, by id; ids the store does not hold are left out."""

    @abstractmethod
    def adjacent(self, ids: Sequence[str], types: Sequence[str] = (), direction: Direction = "both") -> list[Relation]:
        """The relations of the entities `ids`, each once, ordered by id: leaving one of them
        (``"out"``), entering one (``"in"``) or either (``"both"``), of `types` (any type
        when empty). Answered from indexes, one query per batch of ids, never a scan.

        >>> from encircle.graph.stores import open_store
        >>> with open_store(":memory:") as store:
        ...     _ = store.write([Entity("a", "Person", "A"), Entity("b", "Person", "B")],
        ...                     [Relation("k", "RELATIVE_OF", "a", "b")])
        ...     [r.id for r in store.adjacent(["b"], direction="in")], store.adjacent(["b"], direction="out")
        (['k'], [])
        """

    def adjacent_within(
        self, ids: Sequence[str], within: Collection[str], direction: Direction = "both"
    ) -> list[Relation]:
        """`adjacent(ids, direction=direction)` less the relations with an end outside
        `within` (which holds `ids`): a view's relations among its entities. Backends
        leave those out in the query, before building any record."""
        kept = set(within)
        return [r for r in self.adjacent(ids, direction=direction) if r.source_id in kept and r.target_id in kept]

    @abstractmethod
    def degrees(self, ids: Sequence[str], types: Sequence[str] = (), direction: Direction = "both") -> dict[str, int]:
        """For each of `ids` the store holds, how many relations `adjacent` would count for
        it alone, except that with ``"both"`` a self-loop counts twice (once leaving, once
        entering), as networkx counts degree. From indexes, never reading a relation."""

    @abstractmethod
    def relation_counts(self) -> dict[str, int]:
        """The number of relations of each type the store holds, by type name."""

    def find_entities(self, text: str) -> list[Entity]:
        """Entities whose id is `text` or whose name or an alias matches it (see
        values.name_key). This scans; backends answer from an index."""
        key = name_key(text)
        return [e for e in self.entities() if e.id == text or key in map(name_key, (e.name, *e.aliases))]

    def search_entities(self, text: str, limit: int) -> list[Entity]:
        """Entities whose names, aliases or their pinyin (graph/search.py) contain `text`,
        at most `limit`, best first. This scans; backends answer from a full-text index
        and also return near spellings (ranking them is queries/resolution/search.py's)."""
        key = name_key(text)
        compact = key.replace(" ", "")
        found = []
        for entity in self.entities():
            indexed = search_text(entity.name, entity.aliases, person=entity.type == "Person")
            if key and (key in indexed or compact in indexed):
                found.append(entity)
        return found[:limit]

    @abstractmethod
    def stats(self) -> Stats: ...

    @abstractmethod
    def append(self, entries: Sequence[Entry]) -> None:
        """Add `entries` to the ledger (graph/ledger.py) in one transaction, in order."""

    @abstractmethod
    def ledger(self, kind: str, keys: Sequence[str] | None = None) -> list[Entry]:
        """The ledger's entries of `kind` (about `keys` only, when given), in the order
        they were written."""

    @abstractmethod
    def clear(self) -> None:
        """Delete everything (tests and benchmarks; the CLI never calls it)."""

    @abstractmethod
    def close(self) -> None: ...

    def is_empty(self) -> bool:
        stats = self.stats()
        return stats.entities == 0 and stats.relations == 0

    def change_token(self) -> object | None:
        """A value that changes whenever the stored graph may have changed, so readers can
        cache what they build from it (the embedded query engine's networkx graph); None
        when the backend cannot tell, and nothing may be cached."""
        return None

    def to_networkx(self) -> nx.MultiDiGraph:
        """The whole store as a MultiDiGraph: nodes keyed by entity id, edges by relation id."""
        return build_networkx(self.entities(), self.relations())

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def check_adjacency(types: Sequence[str], direction: str) -> tuple[str, ...]:
    """The relation types of an adjacency question, checked against the schema, distinct
    and sorted (backends put them into queries); a bad direction is a QueryError."""
    if direction not in DIRECTIONS:
        raise QueryError(f"direction must be one of {', '.join(DIRECTIONS)}, not {direction!r}")
    return tuple(sorted({SCHEMA.relation_type(t).name for t in types}))


def build_networkx(entities: Iterable[Entity], relations: Iterable[Relation]) -> nx.MultiDiGraph:
    """The records as a MultiDiGraph: nodes keyed by entity id, edges by relation id, each
    carrying the record's :func:`~encircle.graph.records.to_properties`."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    graph.add_nodes_from((e.id, to_properties(e)) for e in entities)
    graph.add_edges_from((r.source_id, r.target_id, r.id, to_properties(r)) for r in relations)
    return graph


# -- writing ------------------------------------------------------------------------------


def merge_and_put(
    tx: WriteTransaction,
    entities: Sequence[Entity],
    relations: Sequence[Relation],
    progress: Progress | None,
    types_of: TypesOf | None = None,
) -> WriteSummary:
    """One write transaction: merge onto the stored records, check, put.

    `types_of` answers the type of ids the relations name that are not among `entities`
    (default: the store's); a relation chunk passes the load's own entities first.
    """
    errors = ErrorLog()  # every conflict and bad reference, before anything is put
    old_entities = tx.fetch_entities(list(dict.fromkeys(e.id for e in entities)))
    new_entities = merge_all(entities, old_entities, errors)
    check_references(relations, types_of or tx.entity_types, new_entities.values(), errors)
    old_relations = tx.fetch_relations(list(dict.fromkeys(r.id for r in relations)))
    new_relations = merge_all(relations, old_relations, errors)
    errors.raise_any()
    tx.put(list(new_entities.values()), list(new_relations.values()), progress)
    return WriteSummary(
        len(new_entities),
        len(new_relations),
        len(new_entities.keys() - old_entities.keys()),
        len(new_relations.keys() - old_relations.keys()),
    )
