"""From raw rows to validated records.

Every loader reduces its format to rows (field name -> raw cell) with an :class:`Origin`
and calls :func:`build_entity` / :func:`build_relation`; :func:`check_references` then
checks ids and the direction rules against the entities known to the load and the store.
All problems are :class:`LoadError` naming file, line and column.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection, Iterable, Mapping
from functools import lru_cache
from typing import Any

from encircle.graph.errors import LoadError, SchemaError
from encircle.graph.records import EMPTY, RELATION_FIELDS, Entity, Origin, Relation, new_entity, new_relation
from encircle.graph.schema import SCHEMA
from encircle.graph.values import PARSERS, is_blank, parse_string

__all__ = ["build_entity", "build_relation", "check_references", "derived_relation_id"]


def _fail(message: str, origin: Origin, name: str | None = None) -> LoadError:
    if name is None:
        return LoadError(message, origin.file, origin.line)
    return LoadError(message, origin.file, origin.line_of(name), origin.column(name))


# name, parser, required, and the field's memo (raw cell -> parsed value, or _BLANK)
_Field = tuple[str, Callable[[Any], Any], bool, dict[str, Any] | None]
_SPECS = {"entity": SCHEMA.entity_properties, "relation": SCHEMA.relation_properties}
_BLANK = object()
# Cells of a large table repeat: types, statuses, kinds, dates, currencies, sources. A
# cell seen before is parsed once and looked up after (-12% CPU building 400k
# records). Ids, names and references rarely repeat and are not memoized; a memo stops
# growing at MEMO_SIZE values, so a column of unique values costs a bounded dict.
MEMO_SIZE = 20_000
_UNIQUE = frozenset({"id", "name"})
_UNIQUE_TYPES = frozenset({"entity_ref", "entity_refs"})
# Relation properties whose values come from a closed vocabulary, with its values.
_CLOSED = tuple(
    (name, SCHEMA.vocabulary(spec.vocabulary)) for name, spec in SCHEMA.relation_properties.items() if spec.vocabulary
)


@lru_cache(maxsize=256)
def _plan(kind: str, keys: tuple[str, ...]) -> tuple[tuple[_Field, ...], tuple[str, ...]]:
    """What to do with a row that has these keys, worked out once: a table gives
    every row the same keys. The fields to parse are the schema's fields the row has or
    must have, in schema order (so the first error reported does not depend on the
    column order); the extras are the row's other keys, in row order."""
    specs = _SPECS[kind]
    fields: tuple[_Field, ...] = tuple(
        (name, PARSERS[spec.type], spec.required, None if name in _UNIQUE or spec.type in _UNIQUE_TYPES else {})
        for name, spec in specs.items()
        if spec.required or name in keys
    )
    return fields, tuple(k for k in keys if k not in specs)


def _parse(row: Mapping[str, Any], kind: str, origin: Origin) -> tuple[dict[str, Any], Mapping[str, str]]:
    """The row's schema values, parsed, and its extra properties."""
    fields, extra_keys = _plan(kind, tuple(row))
    values: dict[str, Any] = {}
    for name, parse, required, memo in fields:
        raw = row.get(name)
        if type(raw) is not str:  # lists and numbers come from case files and spreadsheets
            value = _cell(raw, parse, origin, name)
        elif memo is None:
            # parse_string inlined for ids, names and references (a million cells a load)
            value = (raw.strip() or _BLANK) if parse is parse_string else _cell(raw, parse, origin, name)
        else:
            value = memo.get(raw, memo)
            if value is memo:
                value = _cell(raw, parse, origin, name)
                if len(memo) < MEMO_SIZE:
                    memo[raw] = value
        if value is _BLANK:
            if required:
                raise _fail(f"missing required value {name!r}", origin, name)
            continue
        values[name] = value
    return values, _extra(row, extra_keys)


def _cell(raw: Any, parse: Callable[[Any], Any], origin: Origin, name: str) -> Any:
    if raw is None or (isinstance(raw, str) and not raw.strip()):  # is_blank, inlined: this runs per cell
        return _BLANK
    try:
        return parse(raw)
    except ValueError as error:
        raise _fail(str(error), origin, name) from None


def _extra(row: Mapping[str, Any], keys: tuple[str, ...]) -> Mapping[str, str]:
    extra = {k: parse_string(row[k]) for k in keys if not is_blank(row[k])}
    return extra or EMPTY


def _closed(value: str, check: Callable[[str], object], origin: Origin, name: str) -> None:
    try:
        check(value)
    except SchemaError as error:
        raise _fail(str(error), origin, name) from None


def build_entity(row: Mapping[str, Any], origin: Origin) -> Entity:
    """An :class:`Entity` from a row of raw cells (field name -> cell): schema fields
    parsed, other non-blank cells kept as `extra`. A missing required value, a malformed
    cell or an entity type or role the schema does not know is a :class:`LoadError` at
    `origin`."""
    values, extra = _parse(row, "entity", origin)
    _closed(values["type"], SCHEMA.entity_type, origin, "type")
    for role in values.get("roles", ()):
        _closed(role, SCHEMA.role, origin, "roles")
    return new_entity(values, extra, origin)


def build_relation(row: Mapping[str, Any], origin: Origin) -> Relation:
    """A :class:`Relation` from a row of raw cells. The type is upper-cased and must be a
    schema relation type, with the properties it requires; status and procedures must be
    known values; a row without an id gets :func:`derived_relation_id`. Problems are a
    :class:`LoadError` at `origin`."""
    values, extra = _parse(row, "relation", origin)
    values["type"] = values["type"].upper()
    _closed(values["type"], SCHEMA.relation_type, origin, "type")
    for name in SCHEMA.relation_type(values["type"]).requires:
        if name not in values:
            raise _fail(f"{values['type']} needs a {name!r}", origin, name)
    for name, allowed in _CLOSED:
        _allowed(values, name, allowed, origin)
    if "id" not in values:
        values["id"] = derived_relation_id(values, extra)
    return new_relation(values, extra, origin)


def _allowed(values: dict[str, Any], name: str, allowed: Collection[str], origin: Origin) -> None:
    if name in values and values[name] not in allowed:
        raise _fail(f"unknown {name} {values[name]!r}; expected one of {', '.join(allowed)}", origin, name)


def derived_relation_id(values: Mapping[str, Any], extra: Mapping[str, str]) -> str:
    """A stable id from a relation's content, so reloading a bundle without ids is idempotent.

    Endpoints of a symmetric relation are sorted: A RELATIVE_OF B and B RELATIVE_OF A are
    one fact. Status and source describe the evidence, not the fact, and are left out.
    """
    content = {k: v for k, v in values.items() if k in RELATION_FIELDS and k not in ("status", "source")}
    if SCHEMA.relation_type(values["type"]).symmetric:
        content["source_id"], content["target_id"] = sorted((values["source_id"], values["target_id"]))
    content.update({f"extra.{k}": v for k, v in extra.items()})
    digest = hashlib.sha1(json.dumps(content, sort_keys=True, default=list).encode()).hexdigest()
    return f"{values['type'].lower()}-{digest[:16]}"


def check_references(
    relations: Iterable[Relation],
    types_of: Callable[[set[str]], Mapping[str, str]],
    entities: Iterable[Entity] = (),
) -> None:
    """Every id a relation names exists (in this load or the store) and has a type the
    relation allows in that position.

    `types_of(ids)` returns the type of each id the store already holds.
    """
    relations = list(relations)
    known = {e.id: e.type for e in entities}
    wanted = {ref for r in relations for ref in _refs(r)} - known.keys()
    if wanted:
        known.update(types_of(wanted))
    for relation in relations:
        _check_relation(relation, known)


def _refs(relation: Relation) -> tuple[str, ...]:
    body = (relation.body_id,) if relation.body_id else ()
    return (relation.source_id, relation.target_id, *body, *relation.excluded)


# What the references besides the endpoints may name (the endpoints: by relation type).
_BODY_TYPES = SCHEMA.relation_properties["body_id"].refers_to or tuple(SCHEMA.entity_types)
_EXCLUDED_TYPES = SCHEMA.relation_properties["excluded"].refers_to  # empty: any entity


def _check_relation(relation: Relation, known: Mapping[str, str]) -> None:
    origin = relation.origin or Origin("<input>")
    spec = SCHEMA.relation_type(relation.type)
    ends: list[tuple[str, str, tuple[str, ...]]] = [
        ("source_id", relation.source_id, spec.sources),
        ("target_id", relation.target_id, spec.targets),
    ]
    if relation.body_id:
        ends.append(("body_id", relation.body_id, _BODY_TYPES))
    for name, ref, allowed in ends:
        if ref not in known:
            raise _fail(f"unknown entity id {ref!r}", origin, name)
        if known[ref] not in allowed:
            raise _fail(
                f"{relation.type} {name} must be a {' or '.join(allowed)}; {ref!r} is a {known[ref]}",
                origin,
                name,
            )
    for ref in relation.excluded:
        if ref not in known:
            raise _fail(f"unknown entity id {ref!r} in excluded", origin, "excluded")
        if _EXCLUDED_TYPES and known[ref] not in _EXCLUDED_TYPES:
            raise _fail(
                f"excluded must name a {' or '.join(_EXCLUDED_TYPES)}; {ref!r} is a {known[ref]}", origin, "excluded"
            )
