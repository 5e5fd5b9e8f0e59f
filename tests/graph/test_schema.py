"""schema.yaml is data, validated at import: typos are errors, never new labels."""

from __future__ import annotations

import copy
from importlib.resources import files
from typing import Any

import pytest
import yaml

from encircle.graph.errors import SchemaError
from encircle.graph.schema import SCHEMA, parse_schema


def _raw() -> dict[str, Any]:
    text = files("encircle.graph").joinpath("schema.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def test_the_shipped_schema_matches_the_design() -> None:
    assert set(SCHEMA.entity_types) == {"Person", "Company", "PublicBody", "Organization"}
    assert set(SCHEMA.roles) == {"official", "businessperson", "relative", "staff", "intermediary"}
    assert SCHEMA.statuses == ("confirmed", "alleged", "inferred")
    gift = SCHEMA.relation_type("GIFT")
    assert (gift.sources, gift.targets, gift.requires, gift.expects) == (
        ("Person", "Company", "Organization"),
        ("Person", "Company", "Organization"),
        (),
        ("date",),
    )
    # a decision is made by an official or by a body (a bureau awards a contract)
    assert SCHEMA.relation_type("APPROVED").sources == ("Person", "PublicBody")
    assert [t for t, spec in SCHEMA.relation_types.items() if spec.symmetric] == ["RELATIVE_OF", "ASSOCIATE_OF"]
    assert SCHEMA.labels("Person", ("official", "relative")) == ("Person", "Official", "Relative")


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda s: s["relation_types"]["GIFT"]["source"].append("Persn"), "unknown entity type 'Persn'"),
        (lambda s: s["relation_types"]["GIFT"].update(requires=["dat"]), "unknown property 'dat'"),
        (lambda s: s["relation_types"]["GIFT"].update(expects=["dat"]), "GIFT.expects: unknown property 'dat'"),
        (lambda s: s["relation_properties"]["amount"].update(type="money"), "unknown value type 'money'"),
        (lambda s: s["roles"]["official"].update(label="Official`) DETACH DELETE n //"), "bad label"),
        (lambda s: s["relation_types"].update({"gift-to": s["relation_types"]["GIFT"]}), "bad relation type name"),
        (lambda s: s.update(default_status="maybe"), "default_status 'maybe' is not a status"),
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
