"""Validated records: the one shape every loader produces and every store holds.

Dates are ISO strings that keep their precision ('2016', '2016-03', '2016-03-05');
list fields are tuples; properties a bundle carries beyond the contract sit in `extra`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import MISSING, dataclass, field, fields, replace
from operator import attrgetter
from sys import intern
from typing import Any, Generic, NoReturn, TypeVar

from encircle.graph.errors import LoadError
from encircle.graph.schema import SCHEMA

__all__ = [
    "EMPTY",
    "ENTITY_FIELDS",
    "LIST_FIELDS",
    "RELATION_FIELDS",
    "Entity",
    "Origin",
    "Relation",
    "entity_from_properties",
    "merge",
    "merge_all",
    "new_entity",
    "new_relation",
    "relation_from_properties",
    "to_properties",
]


class _Empty(dict[Any, Any]):
    """A read-only empty dict, shared by every record without extras and every origin
    without columns or lines: a dict each would cost 64 bytes a record, 300 MB at 5M
    relations. Being a dict, it compares, prints and serializes as `{}`."""

    __slots__ = ()

    def _read_only(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("records are immutable")

    __setitem__ = __delitem__ = __ior__ = clear = pop = popitem = setdefault = update = _read_only

    def __reduce__(self) -> str:
        return "EMPTY"  # pickle and copy give back the shared instance


EMPTY: Mapping[Any, Any] = _Empty()


def _empty() -> Mapping[Any, Any]:
    return EMPTY


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record was read: file, line and the column of each field.

    `lines` is for formats where a record spans several lines (YAML, pretty JSON): the
    line of each field that is not on the record's first line.
    """

    file: str
    line: int | None = None
    columns: Mapping[str, int] = field(default_factory=_empty)
    lines: Mapping[str, int] = field(default_factory=_empty)

    def column(self, name: str) -> int | None:
        return self.columns.get(name)

    def line_of(self, name: str) -> int | None:
        return self.lines.get(name, self.line)


# The fields are schema.yaml's properties, declared here for the type checker: same names
# and order, tuples for list types, the same defaults (tests/graph/test_schema.py checks).
# Records are slotted: no __dict__ per instance, which matters with millions of relations.
@dataclass(frozen=True, slots=True)
class Entity:
    """A person, firm, public body or organization, as loaded and as stored.

    `type` is a schema entity type and `roles` are schema roles; dates are ISO strings at
    their precision; `origin` (where it was read) is left out of comparisons.
    """

    id: str
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    birth_date: str | None = None
    country: str | None = None
    registration_number: str | None = None
    blacklisted_from: str | None = None
    blacklisted_until: str | None = None
    source: str | None = None
    extra: Mapping[str, str] = field(default_factory=_empty)
    origin: Origin | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Relation:
    """One fact from `source_id` to `target_id`: a gift, a post, an approval, kinship...

    `type` is a schema relation type; `status` says how well the fact is established
    (confirmed, alleged or inferred); `origin` is left out of comparisons.
    """

    id: str
    type: str
    source_id: str
    target_id: str
    date: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    amount: float | None = None
    currency: str | None = None
    kind: str | None = None
    role: str | None = None
    share: float | None = None
    body_id: str | None = None
    procedure: str | None = None
    planned_procedure: str | None = None
    bidders: int | None = None
    excluded: tuple[str, ...] = ()
    status: str = SCHEMA.default_status
    source: str | None = None
    extra: Mapping[str, str] = field(default_factory=_empty)
    origin: Origin | None = field(default=None, compare=False, repr=False)


Record = TypeVar("Record", Entity, Relation)

ENTITY_FIELDS = tuple(f.name for f in fields(Entity) if f.name not in ("extra", "origin"))
RELATION_FIELDS = tuple(f.name for f in fields(Relation) if f.name not in ("extra", "origin"))
LIST_FIELDS = frozenset(
    name
    for spec in (SCHEMA.entity_properties, SCHEMA.relation_properties)
    for name, prop in spec.items()
    if prop.is_list
)


_ENTITY_VALUES = attrgetter(*ENTITY_FIELDS)
_RELATION_VALUES = attrgetter(*RELATION_FIELDS)


def to_properties(record: Entity | Relation) -> dict[str, Any]:
    """Flat property map for a store: no empty values, lists as lists, extras inline."""
    if isinstance(record, Entity):
        names, values = ENTITY_FIELDS, _ENTITY_VALUES(record)
    else:
        names, values = RELATION_FIELDS, _RELATION_VALUES(record)
    props: dict[str, Any] = dict(record.extra)
    for name, value in zip(names, values, strict=True):
        if value is None or value == ():
            continue
        props[name] = list(value) if name in LIST_FIELDS else value
    return props


def entity_from_properties(props: Mapping[str, Any]) -> Entity:
    """The :class:`Entity` a store's property map stands for (the inverse of
    :func:`to_properties`): keys that are not fields become `extra`."""
    return _ENTITY_READER.read(props)


def relation_from_properties(props: Mapping[str, Any]) -> Relation:
    """The :class:`Relation` a store's property map stands for (the inverse of
    :func:`to_properties`): keys that are not fields become `extra`."""
    return _RELATION_READER.read(props)


def new_entity(values: Mapping[str, Any], extra: Mapping[str, str], origin: Origin) -> Entity:
    """`Entity(**values, extra=extra, origin=origin)` for a loader's parsed values, faster."""
    return _ENTITY_READER.read(values, extra, origin)


def new_relation(values: Mapping[str, Any], extra: Mapping[str, str], origin: Origin) -> Relation:
    """`Relation(**values, extra=extra, origin=origin)` for a loader's parsed values, faster."""
    return _RELATION_READER.read(values, extra, origin)


_OWN, _LIST, _VALUE = range(3)  # how a stored value becomes a field value


class _Reader(Generic[Record]):
    """Builds records from stored property maps, which stores read by the million.

    A frozen dataclass's __init__ sets every field through object.__setattr__ and was
    half the cost of reading a store back. Instead, each set of keys a map can have (a
    store holds a few dozen) gets a plan once: which slot each present value goes to,
    the defaults of the absent fields, and which keys are extras. Reading a map is then
    one slot write per field. Strings are interned except ids and names, which rarely
    repeat: one string object for each repeated value (types, endpoints, dates, kinds,
    sources) instead of one per record is gigabytes at 5M relations.
    """

    MAX_PLANS = 4096  # key sets beyond this many (odd extras) are planned every time

    def __init__(self, cls: type[Record]) -> None:
        self.cls: type[Record] = cls
        self.slots = {f.name: getattr(cls, f.name).__set__ for f in fields(cls)}
        self.defaults = {f.name: f.default for f in fields(cls) if f.default is not MISSING}
        self.defaults["extra"] = EMPTY
        self.plans: dict[tuple[str, ...], _Plan] = {}

    def read(self, props: Mapping[str, Any], extra: Mapping[str, str] = EMPTY, origin: Origin | None = None) -> Record:
        keys = tuple(props)
        plan = self.plans.get(keys) or self._plan(keys)
        record: Record = object.__new__(self.cls)
        for write, how, key in plan.present:
            value = props[key]
            if how == _VALUE:
                if type(value) is str:
                    value = intern(value)
            elif how == _LIST:
                value = tuple(value)
            write(record, value)
        for write, default in plan.absent:
            write(record, default)
        if plan.extras:
            extra = {**extra, **{key: props[key] for key in plan.extras}}
        if extra:
            self.slots["extra"](record, extra)
        if origin is not None:
            self.slots["origin"](record, origin)
        return record

    def _plan(self, keys: tuple[str, ...]) -> _Plan:
        fields_here = [k for k in keys if k in self.slots and k not in ("extra", "origin")]
        missing = [n for n in self.slots if n not in fields_here and n not in self.defaults]
        if missing:
            raise TypeError(f"a stored {self.cls.__name__} lacks {', '.join(missing)}")
        how = {k: _OWN if k in ("id", "name") else _LIST if k in LIST_FIELDS else _VALUE for k in fields_here}
        plan = _Plan(
            present=tuple((self.slots[k], how[k], k) for k in fields_here),
            absent=tuple((write, self.defaults[n]) for n, write in self.slots.items() if n not in fields_here),
            extras=tuple(k for k in keys if k not in fields_here),
        )
        if len(self.plans) < self.MAX_PLANS:
            self.plans[keys] = plan
        return plan


@dataclass(frozen=True, slots=True)
class _Plan:
    present: tuple[tuple[Callable[[Any, Any], None], int, str], ...]
    absent: tuple[tuple[Callable[[Any, Any], None], Any], ...]
    extras: tuple[str, ...]


_ENTITY_READER = _Reader(Entity)
_RELATION_READER = _Reader(Relation)


def merge(old: Record, new: Record) -> Record:
    """The record after `new` is loaded over `old` (same id).

    Lists are united (old order first), a non-empty new value replaces a scalar, and an
    empty one keeps the old value: loads add and update, they never delete. merge(x, x)
    is x, which is what makes loading twice change nothing. A record that contradicts
    what the id already names (another type, other endpoints) is an error.
    """
    _check_same_thing(old, new)
    changes: dict[str, Any] = {}
    for name in ENTITY_FIELDS if isinstance(new, Entity) else RELATION_FIELDS:
        old_value: Any = getattr(old, name)
        new_value: Any = getattr(new, name)
        if name in LIST_FIELDS:
            changes[name] = tuple(dict.fromkeys((*old_value, *new_value)))
        elif new_value is None:
            changes[name] = old_value
    changes["extra"] = {**old.extra, **new.extra}
    return replace(new, **changes)


def _check_same_thing(old: Entity | Relation, new: Entity | Relation) -> None:
    where = new.origin or Origin("<input>")
    if old.type != new.type:
        raise LoadError(
            f"{new.id!r} is a {old.type} elsewhere but a {new.type} here",
            where.file,
            where.line_of("type"),
            where.column("type"),
        )
    if isinstance(old, Relation) and isinstance(new, Relation) and _moved(old, new):
        raise LoadError(
            f"relation {new.id!r} links {old.source_id} and {old.target_id} elsewhere",
            where.file,
            where.line_of("id"),
            where.column("id"),
        )


def _moved(old: Relation, new: Relation) -> bool:
    return {old.source_id, old.target_id} != {new.source_id, new.target_id}


def merge_all(records: Iterable[Record], existing: Mapping[str, Record] | None = None) -> dict[str, Record]:
    """The given records merged by id, in order, on top of what a store already holds."""
    existing = existing or {}
    merged: dict[str, Record] = {}
    for record in records:
        base = merged.get(record.id) or existing.get(record.id)
        merged[record.id] = record if base is None else merge(base, record)
    return merged
