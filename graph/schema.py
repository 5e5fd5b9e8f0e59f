"""The schema as data: loaded from schema.yaml and validated at import.

>>> from encircle.graph.schema import SCHEMA
>>> SCHEMA.relation_type("GIFT").requires
('date',)
>>> SCHEMA.relation_type("GIFTS")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
encircle.graph.errors.SchemaError: unknown relation type 'GIFTS'; expected one of APPROVED, ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

import yaml

from encircle.graph.errors import SchemaError
from encircle.graph.values import PARSERS

__all__ = ["SCHEMA", "PropertySpec", "RelationType", "Schema", "load_schema", "parse_schema"]

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class PropertySpec:
    """A property of entities or relations in schema.yaml: its name, its value type (a key
    of graph/values.py's PARSERS) and whether every record must have it."""

    name: str
    type: str
    required: bool = False


@dataclass(frozen=True)
class RelationType:
    """A relation type of schema.yaml: the entity types allowed at each end, whether it is
    symmetric (A-B and B-A are one fact), the properties it requires and its description."""

    name: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    symmetric: bool
    requires: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class Schema:
    """schema.yaml as data: entity types and roles with their Neo4j labels, statuses,
    procedures, the properties of entities and relations, and the relation types. Its
    lookups by name (entity_type, role, relation_type) raise :class:`SchemaError` for a name
    it does not hold."""

    entity_types: dict[str, str]  # type -> Neo4j label
    roles: dict[str, str]  # role -> Neo4j label
    statuses: tuple[str, ...]
    default_status: str
    procedures: tuple[str, ...]
    entity_properties: dict[str, PropertySpec]
    relation_properties: dict[str, PropertySpec]
    relation_types: dict[str, RelationType]

    def entity_type(self, name: str) -> str:
        return _member(name, self.entity_types, "entity type")

    def role(self, name: str) -> str:
        return _member(name, self.roles, "role")

    def relation_type(self, name: str) -> RelationType:
        return self.relation_types[_member(name, self.relation_types, "relation type")]

    def labels(self, entity_type: str, roles: tuple[str, ...]) -> tuple[str, ...]:
        """Neo4j labels of an entity: its type, then one per role (`:Person:Official`)."""
        return (self.entity_types[entity_type], *(self.roles[r] for r in roles))


def _member(name: str, names: dict[str, Any], what: str) -> str:
    if name not in names:
        raise SchemaError(f"unknown {what} {name!r}; expected one of {', '.join(sorted(names))}")
    return name


def _properties(raw: dict[str, Any], section: str) -> dict[str, PropertySpec]:
    specs = {}
    for name, spec in raw.items():
        if not _NAME.match(name):
            raise SchemaError(f"{section}: bad property name {name!r}")
        if spec.get("type") not in PARSERS:
            raise SchemaError(f"{section}.{name}: unknown value type {spec.get('type')!r}")
        specs[name] = PropertySpec(name, spec["type"], bool(spec.get("required", False)))
    return specs


def _labels(raw: dict[str, Any], section: str) -> dict[str, str]:
    labels = {name: spec["label"] for name, spec in raw.items()}
    for label in labels.values():
        if not _NAME.match(label):
            raise SchemaError(f"{section}: bad label {label!r}")
    return labels


def _relation_types(
    raw: dict[str, Any], entity_types: dict[str, str], relation_props: dict[str, PropertySpec]
) -> dict[str, RelationType]:
    types = {}
    for name, spec in raw.items():
        if not re.match(r"^[A-Z][A-Z_]*$", name):
            raise SchemaError(f"relation_types: bad relation type name {name!r}")
        for end in ("source", "target"):
            for entity_type in spec[end]:
                if entity_type not in entity_types:
                    raise SchemaError(f"relation_types.{name}.{end}: unknown entity type {entity_type!r}")
        for prop in spec.get("requires", []):
            if prop not in relation_props:
                raise SchemaError(f"relation_types.{name}.requires: unknown property {prop!r}")
        types[name] = RelationType(
            name=name,
            sources=tuple(spec["source"]),
            targets=tuple(spec["target"]),
            symmetric=bool(spec.get("symmetric", False)),
            requires=tuple(spec.get("requires", [])),
            description=str(spec.get("description", "")),
        )
    return types


def parse_schema(raw: dict[str, Any]) -> Schema:
    """Build and validate a :class:`Schema` from its YAML mapping."""
    try:
        entity_types = _labels(raw["entity_types"], "entity_types")
        relation_props = _properties(raw["relation_properties"], "relation_properties")
        schema = Schema(
            entity_types=entity_types,
            roles=_labels(raw["roles"], "roles"),
            statuses=tuple(raw["statuses"]),
            default_status=raw["default_status"],
            procedures=tuple(raw["procedures"]),
            entity_properties=_properties(raw["entity_properties"], "entity_properties"),
            relation_properties=relation_props,
            relation_types=_relation_types(raw["relation_types"], entity_types, relation_props),
        )
    except (KeyError, TypeError, AttributeError) as error:
        raise SchemaError(f"schema.yaml is malformed: {error!r}") from None
    if schema.default_status not in schema.statuses:
        raise SchemaError(f"default_status {schema.default_status!r} is not a status")
    if set(raw["value_types"]) != set(PARSERS):
        raise SchemaError("value_types in schema.yaml and graph/values.py disagree")
    return schema


def load_schema() -> Schema:
    """The schema.yaml shipped in the package, parsed and validated (see
    :func:`parse_schema`); SCHEMA holds it."""
    text = files("encircle.graph").joinpath("schema.yaml").read_text(encoding="utf-8")
    return parse_schema(yaml.safe_load(text))


SCHEMA = load_schema()
