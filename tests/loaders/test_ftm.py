"""FollowTheMoney streams: the mapping table, on a hand-written stream and on real data."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from encircle.graph.errors import LoadError
from encircle.graph.records import Entity, Relation
from encircle.graph.stores import Store
from encircle.loaders import load, read

SMALL = "small.ftm.jsonl"
SMALL_ENTITIES = (
    Entity(
        "per-1",
        "Person",
        "Anna Berg",
        aliases=("A. Berg",),
        roles=("official",),
        birth_date="1960-05",
        country="se",
        source="pep_list",
    ),
    Entity("per-2", "Person", "Bo Berg", source="https://example.org/bo"),
    # Two fragments of one entity, merged; an official because the stream shows a public post.
    Entity("per-3", "Person", "Carl Dahl", aliases=("Kalle",), roles=("official",), country="se", source=SMALL),
    Entity("co-1", "Company", "Dahl Bygg AB", country="se", registration_number="556000-0001", source=SMALL),
    Entity("org-1", "Organization", "Dahl Foundation", source=SMALL),
    Entity("org-2", "Organization", "Green Party", source=SMALL),
    Entity("body-1", "PublicBody", "Town Planning Office", country="se", source=SMALL),
    Entity("pos-1", "PublicBody", "Mayor of Uppsala", country="se", source=SMALL),  # from the Position
)
SMALL_RELATIONS = (
    Relation(
        "pay-1",
        "GIFT",
        "co-1",
        "per-1",
        date="2016-03",
        amount=1200.5,
        currency="USD",
        source=SMALL,
        extra={"purpose": "consulting"},
    ),
    Relation("fam-1", "RELATIVE_OF", "per-1", "per-2", kind="spouse", source=SMALL),
    Relation("assoc-1", "ASSOCIATE_OF", "per-1", "per-3", kind="classmate", source=SMALL),
    Relation("own-1", "OWNS", "per-3", "co-1", start_date="2012-05-06", share=0.51, source=SMALL),
    Relation("dir-1", "DIRECTS", "per-3", "co-1", role="chairman", source=SMALL),
    Relation("dir-2", "HOLDS_POST", "per-1", "body-1", start_date="2014", role="head", source=SMALL),
    Relation("emp-1", "EMPLOYED_BY", "per-2", "co-1", role="adviser", source=SMALL),
    Relation(
        "occ-1",
        "HOLDS_POST",
        "per-3",
        "pos-1",
        start_date="2018-01-01",
        end_date="2022",
        role="mayor of uppsala",
        source=SMALL,
    ),
    Relation("mem-1", "HOLDS_POST", "per-1", "body-1", role="board member", source=SMALL),
    Relation(
        "award-1",
        "APPROVED",
        "per-3",
        "co-1",
        date="2019-02-03",
        amount=2000000.0,
        currency="EUR",
        kind="contract",
        source=SMALL,
        extra={"contract": "Bridge repair"},
    ),
)


def test_small_stream_gives_exact_records(fixtures: Path) -> None:
    bundle = read(fixtures / "ftm" / SMALL)
    assert bundle.entities == SMALL_ENTITIES
    assert bundle.relations == SMALL_RELATIONS
    file = fixtures / "ftm" / SMALL
    assert bundle.warnings == (
        f"{file}: skipped 1 Address entities",
        f"{file}: skipped 1 ContractAward links: no official known as approver",
        f"{file}: skipped 1 Membership links: organization is not a PublicBody",
        f"{file}: skipped 1 Ownership links: target is an Organization, not a Company",
    )


def test_small_stream_loads(fixtures: Path, sqlite_store: Store) -> None:
    summary, _ = load([fixtures / "ftm" / SMALL], sqlite_store)
    assert (summary.new_entities, summary.new_relations) == (8, 10)


def test_origins_point_at_the_json_line_and_property(fixtures: Path) -> None:
    payment = read(fixtures / "ftm" / SMALL).relations[0]
    assert payment.origin is not None
    assert (payment.origin.line, payment.origin.column("source_id"), payment.origin.column("amount")) == (1, 53, 119)


DONATIONS = "de-party-donations-ftm/donations.ftm.jsonl"  # outside data: ../shared/data


def test_donations_290_payments_become_290_gifts(shared_data: Callable[[str], Path]) -> None:
    donations = shared_data(DONATIONS)
    bundle = read(donations)
    gifts = [r for r in bundle.relations if r.type == "GIFT"]
    assert len(bundle.relations) == len(gifts) == 290
    assert all(r.amount and r.currency == "EUR" and r.date for r in gifts)
    assert Counter(e.type for e in bundle.entities) == {"Company": 56, "Person": 22, "Organization": 17}
    assert bundle.warnings == (f"{donations}: skipped 89 Address entities",)
    first = gifts[0]
    assert first == Relation(
        "2216b422a31242fe204654ce194864661f515921",
        "GIFT",
        "f9c295f21b233ac878fbac4d271bb6fd13d7952a",
        "6d03aec76fdeec8f9697d8b19954ab6fc2568bc8",
        date="2011-12-29",
        amount=100000.0,
        currency="EUR",
        source="donations.ftm.jsonl",
    )
    by_id = {r.id: r for r in gifts}
    assert (
        by_id["f4fc242b39db00c51a6149c017aef246786a8e07"].amount,
        by_id["f4fc242b39db00c51a6149c017aef246786a8e07"].date,
    ) == (113969.15, "2011-12-28")
    assert min(r.date or "" for r in gifts) == "2002-07-04"
    assert max(r.date or "" for r in gifts) == "2011-12-29"


def test_donations_load_into_a_store(shared_data: Callable[[str], Path], sqlite_store: Store) -> None:
    load([shared_data(DONATIONS)], sqlite_store)
    stats = sqlite_store.stats()
    assert (stats.entities, stats.relations, stats.relation_types) == (95, 290, {"GIFT": 290})
    mlpd = sqlite_store.get_entities(["6d03aec76fdeec8f9697d8b19954ab6fc2568bc8"])
    assert mlpd["6d03aec76fdeec8f9697d8b19954ab6fc2568bc8"].name == "MLPD"


def _stream(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    monkeypatch.chdir(tmp_path)
    Path("s.jsonl").write_text(text, encoding="utf-8")
    return Path("s.jsonl")


def test_a_reference_to_an_absent_entity_fails_at_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sqlite_store: Store
) -> None:
    path = _stream(
        tmp_path,
        monkeypatch,
        '{"id": "p1", "schema": "Person", "properties": {"name": ["A"]}}\n'
        '{"id": "f1", "schema": "Family", "properties": {"person": ["p1"], "relative": ["p9"]}}\n',
    )
    with pytest.raises(LoadError) as caught:
        load([path], sqlite_store)
    assert str(caught.value) == "s.jsonl:2:67: unknown entity id 'p9'"
    assert sqlite_store.is_empty()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"id": "p1", "schema": "Person"}\n{"id": "p2", "schema": }\n', "s.jsonl:2:24: invalid JSON: Expecting value"),
        ('{"id": "p1", "properties": {}}\n', "s.jsonl:1:1: expected a FollowTheMoney entity with 'id' and 'schema'"),
        (
            '{"id": "x1", "schema": "Payment", "properties": {"payer": ["a"], "beneficiary": ["b"], '
            '"date": ["2016"], "amountEur": ["lots"]}}\n',
            "s.jsonl:1:106: malformed amount 'lots': expected a number like 12000.50",
        ),
    ],
)
def test_bad_streams(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str) -> None:
    with pytest.raises(LoadError) as caught:
        read(_stream(tmp_path, monkeypatch, text))
    assert str(caught.value) == message


def test_a_json_file_whose_first_line_is_an_entity_is_a_stream(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("export.json").write_text('{"id": "p1", "schema": "Person", "properties": {"name": ["A"]}}\n')
    assert read(Path("export.json")).entities == (Entity("p1", "Person", "A", source="export.json"),)
