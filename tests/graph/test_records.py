"""Building records from rows, derived ids, merging and reference checks."""

from __future__ import annotations

import copy
import json
import pickle
from dataclasses import FrozenInstanceError, replace

import pytest

from encircle.graph.build import build_entity, build_relation, check_references
from encircle.graph.errors import LoadError
from encircle.graph.records import (
    EMPTY,
    Entity,
    Origin,
    Relation,
    entity_from_properties,
    merge,
    merge_all,
    relation_from_properties,
    to_properties,
)

ENTITY_COLUMNS = {"id": 1, "type": 2, "name": 3, "roles": 4}
RELATION_COLUMNS = {"type": 1, "source_id": 2, "target_id": 3, "date": 4, "amount": 5, "status": 6, "excluded": 7}


def entity(**row: str) -> Entity:
    return build_entity(row, Origin("entities.csv", 2, ENTITY_COLUMNS))


def relation(**row: str) -> Relation:
    return build_relation(row, Origin("relations.csv", 5, RELATION_COLUMNS))


def test_a_row_becomes_a_typed_record_with_extras() -> None:
    built = entity(id="p1", type="Person", name=" 王建国 ", aliases="Wang Jianguo;", roles="Official", 备注="x")
    assert built == Entity(
        "p1", "Person", "王建国", aliases=("Wang Jianguo",), roles=("official",), extra={"备注": "x"}
    )


def test_relation_type_is_case_insensitive_and_status_defaults_to_confirmed() -> None:
    gift = relation(type="gift", source_id="c1", target_id="p1", date="2017-02", amount="500,000")
    assert (gift.type, gift.date, gift.amount, gift.status) == ("GIFT", "2017-02", 500000.0, "confirmed")


def test_derived_ids_are_stable_and_symmetric_relations_are_one_fact() -> None:
    a = relation(type="RELATIVE_OF", source_id="p1", target_id="p2", status="alleged")
    b = relation(type="RELATIVE_OF", source_id="p2", target_id="p1")
    assert a.id == b.id
    assert a.id.startswith("relative_of-")
    owns_ab = relation(type="OWNS", source_id="p1", target_id="c1")
    owns_ba = relation(type="OWNS", source_id="c1", target_id="p1")
    assert owns_ab.id != owns_ba.id


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"type": "GIFT", "source_id": "c1", "target_id": "p1"}, "relations.csv:5:4: GIFT needs a 'date'"),
        ({"type": "GIFTS", "source_id": "c1", "target_id": "p1"}, "relations.csv:5:1: unknown relation type 'GIFTS'"),
        ({"type": "OWNS", "source_id": "c1", "target_id": ""}, "relations.csv:5:3: missing required value 'target_id'"),
        (
            {"type": "OWNS", "source_id": "c1", "target_id": "c2", "status": "rumour"},
            "relations.csv:5:6: unknown status",
        ),
        ({"type": "GIFT", "source_id": "c", "target_id": "p", "date": "2017-13"}, "relations.csv:5:4: malformed date"),
        (
            {"type": "GIFT", "source_id": "c", "target_id": "p", "date": "2017", "amount": "lots"},
            ":5:5: malformed amount",
        ),
    ],
)
def test_bad_relation_rows_name_file_line_and_column(row: dict[str, str], message: str) -> None:
    with pytest.raises(LoadError) as error:
        relation(**row)
    assert message in str(error.value)


def test_unknown_role_is_an_error_at_its_column() -> None:
    with pytest.raises(LoadError, match=r"^entities.csv:2:4: unknown role 'oficial'"):
        entity(id="p1", type="Person", name="Li", roles="oficial")


def test_merge_unites_lists_and_keeps_old_scalars_when_new_is_empty() -> None:
    old = Entity("p1", "Person", "Li", aliases=("Li Wei",), roles=("official",), country="CN", extra={"a": "1"})
    new = Entity("p1", "Person", "李伟", aliases=("Lee",), roles=("official", "relative"), extra={"b": "2"})
    assert merge(old, new) == Entity(
        "p1",
        "Person",
        "李伟",
        aliases=("Li Wei", "Lee"),
        roles=("official", "relative"),
        country="CN",
        extra={"a": "1", "b": "2"},
    )
    assert merge(old, old) == old


def test_merge_refuses_a_type_conflict_at_the_new_record() -> None:
    new = entity(id="p1", type="Company", name="Li Co")
    with pytest.raises(LoadError, match=r"^entities.csv:2:2: 'p1' is a Person elsewhere but a Company here"):
        merge_all([new], {"p1": Entity("p1", "Person", "Li")})


def test_check_references_names_the_cell_of_the_unknown_or_misdirected_id() -> None:
    people = [Entity("p1", "Person", "Li"), Entity("c1", "Company", "Co")]
    store_types = {"b1": "PublicBody"}

    def types_of(ids: set[str]) -> dict[str, str]:
        return {i: t for i, t in store_types.items() if i in ids}

    ok = relation(type="HOLDS_POST", source_id="p1", target_id="b1")
    check_references([ok], types_of, people)  # b1 is known to the store only
    with pytest.raises(LoadError, match=r"^relations.csv:5:3: unknown entity id 'p9'"):
        check_references([relation(type="GIFT", source_id="c1", target_id="p9", date="2016")], types_of, people)
    with pytest.raises(
        LoadError, match=r"^relations.csv:5:2: APPROVED source_id must be a Person or PublicBody; 'c1' is a Company"
    ):
        check_references([relation(type="APPROVED", source_id="c1", target_id="p1", date="2016")], types_of, people)
    with pytest.raises(LoadError, match=r"^relations.csv:5:7: unknown entity id 'c7' in excluded"):
        bad = relation(type="APPROVED", source_id="p1", target_id="c1", date="2016", excluded="c7")
        check_references([bad], types_of, people)


def test_records_are_slotted_and_share_one_read_only_empty_extra() -> None:
    gift = Relation("g1", "GIFT", "c1", "p1", date="2016", origin=Origin("relations.csv", 5, RELATION_COLUMNS))
    assert not hasattr(gift, "__dict__")
    assert gift.extra is EMPTY and Entity("p1", "Person", "Li").extra is EMPTY
    assert gift.extra == {} and repr(gift.extra) == "{}"
    with pytest.raises(TypeError, match="immutable"):
        gift.extra["note"] = "x"  # type: ignore[index]
    with pytest.raises(FrozenInstanceError):
        gift.kind = "cash"  # type: ignore[misc]
    for copied in (pickle.loads(pickle.dumps(gift)), copy.deepcopy(gift), replace(gift)):
        assert copied == gift and copied.extra is EMPTY and copied.origin == gift.origin


def test_rows_without_extras_share_the_empty_extra() -> None:
    assert entity(id="p1", type="Person", name="Li").extra is EMPTY
    assert relation(type="GIFT", source_id="c1", target_id="p1", date="2016", 备注=" ").extra is EMPTY


def test_records_read_back_share_repeated_strings() -> None:
    gifts = [Relation(f"g{i}", "GIFT", "c1", "p1", date="2016", source="case 7") for i in range(2)]
    # As a store gives them back: equal strings, but separate objects.
    first, second = (relation_from_properties(json.loads(json.dumps(to_properties(g)))) for g in gifts)
    assert first.source_id is second.source_id and first.source is second.source and first.date is second.date


def test_stored_maps_read_back_to_equal_records_whatever_their_keys() -> None:
    records = [
        Entity("p1", "Person", "Li", aliases=("Li Wei",), roles=("official",), extra={"note": "x", "extra": "y"}),
        Entity("c1", "Company", "Firm"),
        Relation("r1", "APPROVED", "p1", "c1", date="2016", amount=5.0, excluded=("c2",), status="alleged"),
        Relation("r2", "GIFT", "c1", "p1", extra={"origin": "a key named like a field"}),
    ]
    for record in records * 2:  # the second time through, the key sets are planned
        read = (entity_from_properties if isinstance(record, Entity) else relation_from_properties)(
            json.loads(json.dumps(to_properties(record)))
        )
        assert read == record and repr(read) == repr(record) and read.origin is None
        assert (read.extra is EMPTY) == (not record.extra)


def test_a_stored_map_without_a_required_field_is_an_error() -> None:
    with pytest.raises(TypeError, match="lacks source_id, target_id"):
        relation_from_properties({"id": "r1", "type": "GIFT"})


def test_repeated_cells_parse_alike_and_a_bad_one_fails_every_time() -> None:
    rows = [{"type": "gift", "source_id": "c1", "target_id": "p1", "date": " 2016-03 ", "amount": "1,200"}] * 2
    first, second = (relation(**row) for row in rows)
    assert (first.date, first.amount) == (second.date, second.amount) == ("2016-03", 1200.0)
    for _ in range(2):  # a failed parse is not memoized
        with pytest.raises(LoadError, match="malformed date '2016-13'"):
            relation(type="GIFT", source_id="c1", target_id="p1", date="2016-13")
        with pytest.raises(LoadError, match="missing required value 'type'"):
            relation(type=" ", source_id="c1", target_id="p1")
