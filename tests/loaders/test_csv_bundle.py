"""The CSV bundle: the input contract, its encodings, and its errors (exact messages)."""

from __future__ import annotations

from pathlib import Path

import pytest

from encircle.graph.errors import LoadError
from encircle.graph.records import Entity, Relation
from encircle.loaders import Bundle, read

OK_ENTITIES = "p1,Person,李明,official,1962,j1\nc1,Company,华信建设,,,j1\n"


def _error(path: Path | str) -> str:
    with pytest.raises(LoadError) as caught:
        read(path)
    return str(caught.value)


def test_fixture_bundle_gives_exact_records(
    fixtures: Path, case_a: tuple[tuple[Entity, ...], tuple[Relation, ...]]
) -> None:
    bundle = read(fixtures / "csv" / "case-a")
    assert bundle == Bundle(*case_a, warnings=())


def test_records_know_where_they_came_from(fixtures: Path) -> None:
    gift = read(fixtures / "csv" / "case-a").relations[3]
    assert gift.origin is not None
    assert (gift.origin.file, gift.origin.line, gift.origin.column("amount")) == (
        str(fixtures / "csv" / "case-a" / "relations.csv"),
        5,
        8,
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_encodings(write_bundle, encoding: str) -> None:
    folder = write_bundle("case", OK_ENTITIES, 'r1,GIFT,c1,p1,2016-03,"1,000",判决书\n', encoding=encoding)
    bundle = read(folder)
    assert [e.name for e in bundle.entities] == ["李明", "华信建设"]
    assert bundle.relations == (Relation("r1", "GIFT", "c1", "p1", date="2016-03", amount=1000.0, source="判决书"),)


def test_bom_is_stripped_from_the_first_header_name(write_bundle) -> None:
    folder = write_bundle("case", OK_ENTITIES, encoding="utf-8-sig")
    assert (folder / "entities.csv").read_bytes().startswith(b"\xef\xbb\xbfid,")
    assert read(folder).entities[0].id == "p1"


def test_date_precision_is_kept(write_bundle) -> None:
    folder = write_bundle(
        "case",
        "p1,Person,A,,2016,\np2,Person,B,,2016-03,\np3,Person,C,,2016-03-05,\np4,Person,D,,2016-03-05T10:00:00,\n",
    )
    assert [e.birth_date for e in read(folder).entities] == ["2016", "2016-03", "2016-03-05", "2016-03-05"]


def test_headers_are_trimmed_and_case_insensitive_and_blank_rows_skipped(write_bundle) -> None:
    folder = write_bundle(
        "case", " ID , Type ,NAME\n\np1,Person,李明\n,,\n", "Type,Source_ID,Target_ID,Kind\n", header=False
    )
    bundle = read(folder)
    assert bundle == Bundle((Entity("p1", "Person", "李明"),), (), ())
    assert bundle.entities[0].origin is not None and bundle.entities[0].origin.line == 3


def test_file_names_match_case_insensitively(write_bundle) -> None:
    folder = write_bundle("case", OK_ENTITIES)
    (folder / "entities.csv").rename(folder / "Entities.CSV")
    assert len(read(folder).entities) == 2


def test_a_quoted_newline_keeps_line_numbers_physical(write_bundle) -> None:
    folder = write_bundle("case", 'p1,Person,"李明\n(Li Ming)",,,\np2,Persn,王芳,,,\n')
    assert _error(folder) == (
        "case/entities.csv:4:2: unknown entity type 'Persn'; expected one of Company, Organization, Person, PublicBody"
    )


def test_unknown_columns_are_kept_and_warned_about_once_per_file(write_bundle) -> None:
    folder = write_bundle(
        "case",
        "id,type,name,notes,备注\np1,Person,李明,met 2015,老乡\np2,Person,王芳,,\n",
        "type,source_id,target_id,Notes\nRELATIVE_OF,p1,p2,sister\n",
        header=False,
    )
    bundle = read(folder)
    assert bundle.entities[0].extra == {"notes": "met 2015", "备注": "老乡"}
    assert bundle.entities[1].extra == {}
    assert bundle.relations[0].extra == {"notes": "sister"}
    assert bundle.warnings == (
        "case/entities.csv: unknown columns kept as properties: notes, 备注",
        "case/relations.csv: unknown columns kept as properties: notes",
    )


def test_relations_csv_may_be_a_header_only(write_bundle) -> None:
    assert read(write_bundle("case", OK_ENTITIES)).relations == ()


# --- bad input: one exact line each, naming file, line and column ------------------


def test_unknown_entity_type(write_bundle) -> None:
    folder = write_bundle("case", "p1,Person,李明,,,\nc1,Firm,华信,,,\n")
    assert _error(folder) == (
        "case/entities.csv:3:2: unknown entity type 'Firm'; expected one of Company, Organization, Person, PublicBody"
    )


def test_unknown_role(write_bundle) -> None:
    folder = write_bundle("case", "p1,Person,李明,official;boss,,\n")
    assert _error(folder) == (
        "case/entities.csv:2:4: unknown role 'boss'; expected one of businessperson, intermediary, official, "
        "relative, staff"
    )


def test_unknown_relation_type(write_bundle) -> None:
    folder = write_bundle("case", OK_ENTITIES, "r1,BRIBE,c1,p1,2016,,\n")
    assert _error(folder) == (
        "case/relations.csv:2:2: unknown relation type 'BRIBE'; expected one of APPROVED, ASSOCIATE_OF, DIRECTS, "
        "EMPLOYED_BY, GIFT, HOLDS_POST, OWNS, RELATIVE_OF"
    )


def test_malformed_date(write_bundle) -> None:
    folder = write_bundle("case", OK_ENTITIES, "r1,GIFT,c1,p1,2016/03/05,,\n")
    assert _error(folder) == (
        "case/relations.csv:2:5: malformed date '2016/03/05': expected YYYY, YYYY-MM or YYYY-MM-DD"
    )


def test_impossible_date(write_bundle) -> None:
    folder = write_bundle("case", "p1,Person,李明,,1962-02-30,\n")
    assert _error(folder) == "case/entities.csv:2:5: malformed date '1962-02-30': day is out of range for month"


def test_a_gift_without_a_date_loads_with_the_date_unknown(write_bundle) -> None:
    folder = write_bundle("case", OK_ENTITIES, "r1,GIFT,c1,p1,,100,\n")
    assert read(folder).relations == (Relation("r1", "GIFT", "c1", "p1", amount=100.0),)


def test_malformed_amount(write_bundle) -> None:
    folder = write_bundle("case", OK_ENTITIES, "r1,GIFT,c1,p1,2016,五万,\n")
    assert _error(folder) == "case/relations.csv:2:6: malformed amount '五万': expected a number like 12000.50"


def test_missing_required_column(write_bundle) -> None:
    folder = write_bundle("case", "id,name\np1,李明\n", RELATIONS_ONLY_HEADER, header=False)
    assert _error(folder) == "case/entities.csv:1:3: missing required column 'type' (header has: id, name)"


def test_missing_required_value(write_bundle) -> None:
    folder = write_bundle("case", "p1,Person,,,,\n")
    assert _error(folder) == "case/entities.csv:2:3: missing required value 'name'"


def test_wrong_encoding(write_bundle) -> None:
    entities = "id,type,name\np1,Person,李明\n".encode() + b"p2,Person,\xff\xfe\n"
    folder = write_bundle("case", entities, b"type,source_id,target_id\n")
    assert _error(folder) == "case/entities.csv:3:11: not UTF-8 or GB18030 (byte 0xff)"


def test_wrong_encoding_in_a_gb18030_file_counts_characters(write_bundle) -> None:
    entities = "id,type,name\np1,Person,李明\n".encode("gb18030") + "p2,Person,王".encode("gb18030") + b"\x81\x20\n"
    folder = write_bundle("case", entities, b"type,source_id,target_id\n")
    assert _error(folder) == "case/entities.csv:3:12: not UTF-8 or GB18030 (byte 0x81)"


@pytest.mark.parametrize(
    ("entities", "message"),
    [
        (b"", "case/entities.csv:1: empty file"),
        (b"\n\n", "case/entities.csv:1: empty file"),
        (b"id,type,name\n", "case/entities.csv:2: empty file: a header but no records"),
    ],
)
def test_empty_entities_file(write_bundle, entities: bytes, message: str) -> None:
    assert _error(write_bundle("case", entities, b"type,source_id,target_id\n")) == message


def test_empty_relations_file(write_bundle) -> None:
    assert _error(write_bundle("case", OK_ENTITIES, b"")) == "case/relations.csv:1: empty file"


def test_missing_relations_csv(write_bundle) -> None:
    folder = write_bundle("case", OK_ENTITIES)
    (folder / "relations.csv").unlink()
    assert _error(folder) == "case: case bundle folder has no relations.csv"


def test_duplicate_entity_id(write_bundle) -> None:
    folder = write_bundle("case", "p1,Person,李明,,,\np1,Person,王芳,,,\n")
    assert _error(folder) == "case/entities.csv:3:1: duplicate entity id 'p1' (first on line 2)"


def test_value_beyond_the_last_column(write_bundle) -> None:
    folder = write_bundle("case", "p1,Person,李明,,,,oops\n")
    assert _error(folder) == "case/entities.csv:2:7: value 'oops' beyond the last column"


def test_value_in_a_column_without_a_header(write_bundle) -> None:
    folder = write_bundle("case", "id,type,,name\np1,Person,,李明\np2,Person,oops,王芳\n", header=False)
    assert _error(folder) == (  # and relations.csv, written without its header here, is empty
        "case/entities.csv:3:3: value 'oops' in a column without a header\ncase/relations.csv:1: empty file"
    )


def test_malformed_csv_quoting(write_bundle) -> None:
    folder = write_bundle("case", 'p1,Person,"李明"x,,,\n')
    assert _error(folder) == "case/entities.csv:2: malformed CSV: ',' expected after '\"'"


RELATIONS_ONLY_HEADER = "type,source_id,target_id\n"
