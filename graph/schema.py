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


VOCABULARIES = ("statuses", "procedures")  # the closed, ordered vocabularies a property may name


@dataclass(frozen=True)
class PropertySpec:
    """A property of entities or relations in schema.yaml: its name, its value type (a key
    of graph/values.py's PARSERS) and whether every record must have it."""

    name: str
    type: str
    required: bool = False
    is_list: bool = False  # a list type: the record field is a tuple
    default: Any = None  # the value when absent: () for a list, else None unless declared
    vocabulary: str | None = None  # the closed vocabulary of its values (a Schema attribute)
    refers_to: tuple[str, ...] = ()  # entity types an entity reference may name; empty: any


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
    statuses: tuple[str, ...]  # ordered: strongest evidence first
    procedures: tuple[str, ...]  # ordered: most open competition first
    entity_properties: dict[str, PropertySpec]
    relation_properties: dict[str, PropertySpec]
    relation_types: dict[str, RelationType]

    @property
    def default_status(self) -> str:
        """The status of a relation that states none."""
        return str(self.relation_properties["status"].default)

    def vocabulary(self, name: str) -> tuple[str, ...]:
        """A closed vocabulary by name (one of VOCABULARIES), in its schema order."""
        if name not in VOCABULARIES:
            raise SchemaError(f"unknown vocabulary {name!r}; expected one of {', '.join(VOCABULARIES)}")
        values: tuple[str, ...] = getattr(self, name)
        return values

    def rank(self, vocabulary: str) -> dict[str, int]:
        """Each value of an ordered vocabulary with its position: {'open': 0, 'invited': 1, ...}."""
        return {value: i for i, value in enumerate(self.vocabulary(vocabulary))}

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


_PROPERTY_KEYS = frozenset({"type", "required", "default", "vocabulary", "refers_to"})


def _properties(raw: dict[str, Any], section: str, top: dict[str, Any]) -> dict[str, PropertySpec]:
    specs = {}
    for name, spec in raw.items():
        where = f"{section}.{name}"
        if not _NAME.match(name):
            raise SchemaError(f"{section}: bad property name {name!r}")
        if spec.get("type") not in PARSERS:
            raise SchemaError(f"{where}: unknown value type {spec.get('type')!r}")
        unknown = sorted(spec.keys() - _PROPERTY_KEYS)
        if unknown:
            raise SchemaError(f"{where}: unknown key {unknown[0]!r}; expected {', '.join(sorted(_PROPERTY_KEYS))}")
        is_list = spec["type"] in top["list_types"]
        vocabulary = spec.get("vocabulary")
        if vocabulary is not None and vocabulary not in VOCABULARIES:
            raise SchemaError(f"{where}: unknown vocabulary {vocabulary!r}; expected one of {', '.join(VOCABULARIES)}")
        default = tuple(spec.get("default", ())) if is_list else spec.get("default")
        if vocabulary is not None and default is not None and default not in top[vocabulary]:
            raise SchemaError(f"{where}: default {default!r} is not one of the {vocabulary}")
        refers_to = tuple(spec.get("refers_to", ()))
        if refers_to and spec["type"] not in ("entity_ref", "entity_refs"):
            raise SchemaError(f"{where}: refers_to on a {spec['type']}, not an entity reference")
        for entity_type in refers_to:
            if entity_type not in top["entity_types"]:
                raise SchemaError(f"{where}.refers_to: unknown entity type {entity_type!r}")
        specs[name] = PropertySpec(
            name, spec["type"], bool(spec.get("required", False)), is_list, default, vocabulary, refers_to
        )
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
        if set(raw["value_types"]) != set(PARSERS):
            raise SchemaError("value_types in schema.yaml and graph/values.py disagree")
        if not set(raw["list_types"]) <= set(PARSERS):
            raise SchemaError(f"list_types: not all value types: {raw['list_types']}")
        entity_types = _labels(raw["entity_types"], "entity_types")
        relation_props = _properties(raw["relation_properties"], "relation_properties", raw)
        schema = Schema(
            entity_types=entity_types,
            roles=_labels(raw["roles"], "roles"),
            statuses=tuple(raw["statuses"]),
            procedures=tuple(raw["procedures"]),
            entity_properties=_properties(raw["entity_properties"], "entity_properties", raw),
            relation_properties=relation_props,
            relation_types=_relation_types(raw["relation_types"], entity_types, relation_props),
        )
        status = relation_props.get("status")
        if status is None or status.vocabulary != "statuses" or status.default is None:
            raise SchemaError("relation_properties.status needs `vocabulary: statuses` and a default")
    except (KeyError, TypeError, AttributeError) as error:
        raise SchemaError(f"schema.yaml is malformed: {error!r}") from None
    return schema


def load_schema() -> Schema:
    """The schema.yaml shipped in the package, parsed and validated (see
    :func:`parse_schema`); SCHEMA holds it."""
    text = files("encircle.graph").joinpath("schema.yaml").read_text(encoding="utf-8")
    # libyaml's loader when PyYAML has it: every command reads the schema at start-up
    return parse_schema(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))


SCHEMA = load_schema()
