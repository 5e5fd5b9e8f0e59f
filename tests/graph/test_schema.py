"""schema.yaml is data, validated at import: typos are errors, never new labels."""

from __future__ import annotations

import copy
from dataclasses import MISSING, fields
from importlib.resources import files
from typing import Any, get_type_hints

import pytest
import yaml

from encircle.graph.errors import SchemaError
from encircle.graph.records import LIST_FIELDS, Entity, Origin, Relation
from encircle.graph.schema import SCHEMA, PropertySpec, parse_schema
from encircle.queries.detection.bid_rigging.detector import RANK
from encircle.queries.paths.model import STATUS_LEVELS


def _raw() -> dict[str, Any]:
    text = files("encircle.graph").joinpath("schema.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def test_the_shipped_schema_matches_the_design() -> None:
    assert set(SCHEMA.entity_types) == {"Person", "Company", "PublicBody", "Organization"}
    assert set(SCHEMA.roles) == {"official", "businessperson", "relative", "staff", "intermediary"}
    assert SCHEMA.statuses == ("confirmed", "alleged", "inferred")
    assert SCHEMA.procedures == ("open", "invited", "negotiated", "single_source", "none")
    assert SCHEMA.default_status == "confirmed"
    assert SCHEMA.relation_properties["body_id"].refers_to == ("PublicBody",)
    gift = SCHEMA.relation_type("GIFT")
    assert (gift.sources, gift.targets, gift.requires) == (
        ("Person", "Company", "Organization"),
        ("Person", "Company", "Organization"),
        ("date",),
    )
    assert [t for t, spec in SCHEMA.relation_types.items() if spec.symmetric] == ["RELATIVE_OF", "ASSOCIATE_OF"]
    assert SCHEMA.labels("Person", ("official", "relative")) == ("Person", "Official", "Relative")


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda s: s["relation_types"]["GIFT"]["source"].append("Persn"), "unknown entity type 'Persn'"),
        (lambda s: s["relation_types"]["GIFT"].update(requires=["dat"]), "unknown property 'dat'"),
        (lambda s: s["relation_properties"]["amount"].update(type="money"), "unknown value type 'money'"),
        (lambda s: s["roles"]["official"].update(label="Official`) DETACH DELETE n //"), "bad label"),
        (lambda s: s["relation_types"].update({"gift-to": s["relation_types"]["GIFT"]}), "bad relation type name"),
        (lambda s: s["relation_properties"]["status"].update(default="maybe"), "default 'maybe' is not one of the"),
        (lambda s: s["relation_properties"]["status"].pop("default"), "status needs `vocabulary: statuses` and"),
        (lambda s: s["relation_properties"]["kind"].update(vocabulary="kinds"), "unknown vocabulary 'kinds'"),
        (lambda s: s["relation_properties"]["body_id"].update(refers_to=["Body"]), "unknown entity type 'Body'"),
        (lambda s: s["relation_properties"]["kind"].update(refers_to=["Person"]), "refers_to on a vocab"),
        (lambda s: s["relation_properties"]["kind"].update(open=True), "unknown key 'open'"),
        (lambda s: s["list_types"].append("lists"), "list_types: not all value types"),
        (lambda s: s.pop("roles"), "schema.yaml is malformed"),
    ],
)
def test_a_broken_schema_is_refused(mutate: Any, message: str) -> None:
    raw = copy.deepcopy(_raw())
    mutate(raw)
    with pytest.raises(SchemaError, match=message):
        parse_schema(raw)


def test_unknown_names_are_errors_listing_the_choices() -> None:
    with pytest.raises(SchemaError, match="unknown entity type 'Firm'; expected one of Company, Organization"):
        SCHEMA.entity_type("Firm")
    with pytest.raises(SchemaError, match="unknown role 'officer'"):
        SCHEMA.role("officer")


# -- the record classes agree with schema.yaml -----------------------------------------------

# The Python type of one value of each value type (list types: of each item).
VALUE_CLASSES = {"amount": float, "fraction": float, "count": int}


def _expected_annotation(spec: PropertySpec, has_default: bool) -> object:
    value = VALUE_CLASSES.get(spec.type, str)
    if spec.is_list:
        return tuple[value, ...]  # type: ignore[valid-type]
    return value if not has_default or spec.default is not None else value | None


def disagreements(cls: type, specs: dict[str, PropertySpec]) -> list[str]:
    """Where a record class and the schema's properties disagree (empty when they agree)."""
    declared = {f.name: f for f in fields(cls) if f.name not in ("extra", "origin")}
    hints = get_type_hints(cls)
    found = []
    if list(declared) != list(specs):
        found.append(f"fields {list(declared)} but properties {list(specs)}")
    for name in declared.keys() & specs.keys():
        spec, default = specs[name], declared[name].default
        has_default = default is not MISSING
        # A required property has no default; a relation id neither: build derives it when absent.
        if has_default != (not spec.required and (cls, name) != (Relation, "id")):
            found.append(f"{name}: default {default!r} but required={spec.required}")
        elif has_default and (default != spec.default or type(default) is not type(spec.default)):
            found.append(f"{name}: default {default!r} but {spec.default!r} in the schema")
        if hints[name] != _expected_annotation(spec, has_default):
            found.append(f"{name}: {hints[name]} for a {spec.type}")
    return found


def test_record_fields_are_the_schema_properties() -> None:
    assert disagreements(Entity, SCHEMA.entity_properties) == []
    assert disagreements(Relation, SCHEMA.relation_properties) == []
    assert {f.name for f in fields(Relation)} - set(SCHEMA.relation_properties) == {"extra", "origin"}
    assert get_type_hints(Relation)["origin"] == Origin | None


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        (lambda s: s["relation_properties"].update(value_date={"type": "date"}), "fields ['id', "),
        (lambda s: s["entity_properties"].pop("country"), "fields ['id', "),
        (lambda s: s["entity_properties"]["aliases"].update(type="string"), "aliases: tuple[str, ...] for a string"),
        (lambda s: s["relation_properties"]["amount"].update(type="count"), "amount: float | None for a count"),
        (lambda s: s["relation_properties"]["status"].update(default="alleged"), "status: default 'confirmed' but"),
        (lambda s: s["relation_properties"]["kind"].update(required=True), "kind: default None but required=True"),
    ],
)
def test_the_check_fails_when_the_yaml_changes(mutate: Any, problem: str) -> None:
    raw = copy.deepcopy(_raw())
    mutate(raw)
    schema = parse_schema(raw)

    found = disagreements(Entity, schema.entity_properties) + disagreements(Relation, schema.relation_properties)

    assert [p for p in found if p.startswith(problem)], found


def test_list_fields_are_the_list_typed_properties() -> None:
    listed = {
        name
        for specs in (SCHEMA.entity_properties, SCHEMA.relation_properties)
        for name, s in specs.items()
        if s.is_list
    }
    assert LIST_FIELDS == listed == {"aliases", "roles", "interests", "excluded"}


def test_ordered_vocabularies_come_from_the_schema() -> None:
    assert RANK == {"open": 0, "invited": 1, "negotiated": 2, "single_source": 3, "none": 4}
    assert STATUS_LEVELS == {
        "confirmed": ("confirmed",),
        "alleged": ("confirmed", "alleged"),
        "inferred": ("confirmed", "alleged", "inferred"),
    }
    with pytest.raises(SchemaError, match="unknown vocabulary 'kinds'"):
        SCHEMA.vocabulary("kinds")
