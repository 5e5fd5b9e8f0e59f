"""The FollowTheMoney export: valid against the followthemoney model, and the inverse of
the FtM loader (loading the export gives the same records)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from encircle.graph.errors import LoadError
from encircle.graph.exports import Slice, export
from encircle.graph.exports.ftm import entity_lines, relation_lines
from encircle.graph.records import Entity, Relation
from encircle.graph.stores import Store
from encircle.loaders import read

from .conftest import EDGE_ENTITIES, EDGE_RELATIONS, Loader, ftm_problems, records


@pytest.mark.parametrize("case", ["demo", "world", "edge"])
def test_a_valid_stream_that_loads_as_the_same_records(
    store: Store, load_case: Loader, case: str, tmp_path: Path
) -> None:
    load_case(store, case)
    summary = export(store, "ftm", tmp_path / "case.ftm.jsonl")
    entities, relations = records(store)
    assert (summary.entities, summary.relations, summary.warnings) == (len(entities), len(relations), ())
    lines = (tmp_path / "case.ftm.jsonl").read_text(encoding="utf-8").splitlines()
    assert ftm_problems(lines) == []
    bundle = read(tmp_path / "case.ftm.jsonl")
    assert bundle.warnings == ()
    assert sorted(bundle.entities, key=lambda e: e.id) == entities
    assert sorted(bundle.relations, key=lambda r: r.id) == relations
    if case == "demo":
        assert {json.loads(line)["schema"] for line in lines} == {
            *("Person", "Company", "PublicBody", "Organization", "Sanction", "Payment", "Family", "Associate"),
            *("Ownership", "Directorship", "Occupancy", "Position", "Contract", "ContractAward"),
        }


def test_the_model_check_can_fail() -> None:
    lines = [
        '{"id": "p1", "schema": "Person", "properties": {"name": ["A"], "hobby": ["golf"]}}',
        '{"id": "e1", "schema": "Employment", "properties": {"employee": ["p1"], "employer": ["p1"]}}',
        '{"id": "x1", "schema": "Payment", "properties": {"payer": ["p1"], "date": ["March"]}}',
    ]
    assert ftm_problems(lines) == [
        "p1: Person has no property 'hobby'",
        "e1: employer -> p1 is not a Organization",
        "x1: Entity validation failed: {'properties': {'date': \"Invalid value: 'March'\"}}",
        "x1: no beneficiary",
    ]


def _one(line: str) -> dict[str, object]:
    data: dict[str, object] = json.loads(line)
    return data


def test_entities_use_ftm_properties_and_carry_the_rest() -> None:
    official = Entity(
        "p1", "Person", "周平", aliases=("Zhou Ping",), roles=("official",), birth_date="1962", country="CN"
    )
    assert [_one(line) for line in entity_lines(official)] == [
        {
            "id": "p1",
            "schema": "Person",
            "properties": {
                "name": ["周平"],
                "alias": ["Zhou Ping"],
                "topics": ["role.pep"],
                "birthDate": ["1962"],
                "country": ["CN"],
                "description": ['encircle:{"source":null}'],
            },
        }
    ]
    blacklisted = Entity("c_1", "Company", "Acme", blacklisted_from="2019-01", source="LS-07", extra={"k": "v"})
    [company, sanction] = [_one(line) for line in entity_lines(blacklisted)]
    fid = "encircle-" + __import__("hashlib").sha1(b"\0c_1").hexdigest()
    assert company == {
        "id": fid,
        "schema": "Company",
        "properties": {
            "name": ["Acme"],
            "topics": ["debarment"],
            "publisher": ["LS-07"],
            "description": ['encircle:{"extra":{"k":"v"},"id":"c_1"}'],
        },
    }
    assert sanction == {
        "id": f"{fid}.encircle-blacklist",
        "schema": "Sanction",
        "properties": {"entity": [fid], "startDate": ["2019-01"], "program": ["bribe-giver blacklist"]},
    }


def test_relations_as_ftm_links() -> None:
    gift = Relation("g1", "GIFT", "a", "b", date="2016-09", amount=200000.0, currency="CNY", kind="cash", source="S")
    assert [_one(line) for line in relation_lines(gift)] == [
        {
            "id": "g1",
            "schema": "Payment",
            "properties": {
                "date": ["2016-09"],
                "amount": ["200000"],
                "currency": ["CNY"],
                "publisher": ["S"],
                "payer": ["a"],
                "beneficiary": ["b"],
                "description": ['encircle:{"kind":"cash"}'],
            },
        }
    ]
    post = Relation("h1", "HOLDS_POST", "a", "body", role="director", start_date="2016", source="S")
    posts: set[str] = set()
    position, occupancy = (_one(line) for line in relation_lines(post, posts=posts))
    assert position["schema"] == "Position" and position["properties"] == {
        "name": ["director"],
        "organization": ["body"],
    }
    assert occupancy["properties"] == {
        "startDate": ["2016"],
        "publisher": ["S"],
        "holder": ["a"],
        "post": [position["id"]],
    }
    again = Relation("h2", "HOLDS_POST", "c", "body", role="director", source="S")
    assert [_one(line)["schema"] for line in relation_lines(again, posts=posts)] == ["Occupancy"]  # one Position
    staff = Relation("e1", "EMPLOYED_BY", "a", "boss", kind="secretary", role="secretary", source="S")
    [link] = [_one(line) for line in relation_lines(staff, employer_is_person=True)]
    assert (link["schema"], link["properties"]) == (
        "Associate",
        {
            "publisher": ["S"],
            "person": ["a"],
            "associate": ["boss"],
            "relationship": ["secretary"],
            "description": ['encircle:{"role":"secretary","type":"EMPLOYED_BY"}'],
        },
    )


def test_approvals_are_contract_awards() -> None:
    approval = Relation(
        "a1", "APPROVED", "p1", "co1", date="2017-08-30", amount=4.5e7, currency="CNY", kind="subsidy",
        body_id="b1", procedure="invited", planned_procedure="open", bidders=3, source="S",
    )  # fmt: skip
    contract, award = (_one(line) for line in relation_lines(approval))
    assert contract == {
        "id": "a1.encircle-contract",
        "schema": "Contract",
        "properties": {
            "title": ["subsidy"],
            "authority": ["p1", "b1"],
            "contractDate": ["2017-08-30"],
            "procedure": ["invited"],
        },
    }
    assert award["properties"] == {
        "date": ["2017-08-30"],
        "amount": ["45000000"],
        "currency": ["CNY"],
        "publisher": ["S"],
        "contract": ["a1.encircle-contract"],
        "supplier": ["co1"],
        "description": ['encircle:{"bidders":3,"extra":{},"kind":"subsidy","planned_procedure":"open"}'],
    }


def test_a_relation_sharing_an_entity_id_gets_its_own(tmp_path: Path) -> None:
    chosen = Slice(EDGE_ENTITIES, EDGE_RELATIONS)
    export(chosen, "ftm", tmp_path / "edge.ftm.jsonl")
    ids = [json.loads(line)["id"] for line in (tmp_path / "edge.ftm.jsonl").read_text().splitlines()]
    assert ids.count("same") == 1 and len(ids) == len(set(ids))


def test_a_foreign_debarment_and_contract_authority(tmp_path: Path) -> None:
    """What the loader now reads from any FtM stream, not only encircle's."""
    stream = tmp_path / "s.ftm.jsonl"
    lines = [
        {"id": "p1", "schema": "Person", "properties": {"name": ["A"]}},
        {"id": "c1", "schema": "Company", "properties": {"name": ["C"], "topics": ["debarment"]}},
        {"id": "s1", "schema": "Sanction", "properties": {"entity": ["c1"], "startDate": ["2019"]}},
        {"id": "b1", "schema": "PublicBody", "properties": {"name": ["B"]}},
        {
            "id": "k1",
            "schema": "Contract",
            "properties": {"title": ["T"], "authority": ["b1", "p1"], "procedure": ["Open"]},
        },
        {
            "id": "w1",
            "schema": "ContractAward",
            "properties": {"contract": ["k1"], "supplier": ["c1"], "date": ["2020"]},
        },
        {"id": "x1", "schema": "Position", "properties": {"name": ["Chair"], "organization": ["c1"]}},
        {"id": "o1", "schema": "Occupancy", "properties": {"holder": ["p1"], "post": ["x1"]}},
        {
            "id": "w2",
            "schema": "Ownership",
            "properties": {"owner": ["p1"], "asset": ["c1"], "ownershipType": ["Nominee"]},
        },
    ]
    stream.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    bundle = read(stream)
    assert bundle.entities[1] == Entity("c1", "Company", "C", blacklisted_from="2019", source="s.ftm.jsonl")
    assert bundle.relations == (
        Relation(
            "w1", "APPROVED", "p1", "c1", date="2020", kind="contract", body_id="b1", procedure="open",
            source="s.ftm.jsonl", extra={"contract": "T"},
        ),
        Relation("o1", "HOLDS_POST", "p1", "c1", role="chair", source="s.ftm.jsonl"),
        Relation("w2", "OWNS", "p1", "c1", kind="nominee", source="s.ftm.jsonl"),
    )  # fmt: skip
    assert bundle.warnings == ()


def test_a_broken_carrier_is_an_error(tmp_path: Path) -> None:
    stream = tmp_path / "s.ftm.jsonl"
    stream.write_text(
        '{"id": "p1", "schema": "Person", "properties": {"name": ["A"], "description": ["encircle:{1}"]}}\n',
        encoding="utf-8",
    )
    with pytest.raises(LoadError) as caught:
        read(stream)
    assert str(caught.value) == (
        f"{stream}:1:64: bad encircle carrier: "
        "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"
    )
