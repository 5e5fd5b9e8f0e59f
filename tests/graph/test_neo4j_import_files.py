"""The admin-import CSV files (no server): one file per set of typed columns, the exact
text neo4j-admin reads, and the counts the import is checked against."""

from __future__ import annotations

from pathlib import Path

import pytest

from encircle.graph.errors import StoreError
from encircle.graph.records import Entity, Relation
from encircle.graph.stores.base import Stats
from encircle.graph.stores.neo4j_import_files import write_import_files

ENTITIES = [
    Entity("p1", "Person", 'Li "Wei", Jr', aliases=("L;W",), roles=("official",), extra={"note": ""}),
    Entity("c1", "Company", "Acme"),
    Entity("c2", "Company", "Two\nLines"),
]
RELATIONS = [
    Relation("g1", "GIFT", "c1", "p1", date="2016", amount=1e20, kind="cash"),
    Relation("a1", "APPROVED", "p1", "c1", bidders=2, share=0.5, excluded=("c2",), status="alleged"),
]


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_each_set_of_typed_columns_gets_a_file_with_its_header(tmp_path: Path) -> None:
    files = write_import_files(tmp_path, ENTITIES, RELATIONS, None)

    assert [p.name for p in files.nodes] == ["nodes-1.csv", "nodes-2.csv", "names-1.csv"]
    assert [p.name for p in files.relationships] == ["relationships-1.csv", "relationships-2.csv"]
    # The empty extra is quoted (else it reads as no value), and so is every cell of its row.
    assert read(tmp_path / "nodes-1.csv") == (
        "id:ID(Entity),:LABEL,note:string,type:string,name:string,aliases:string[],roles:string[]\n"
        '"p1","Entity\x1fPerson\x1fOfficial","","Person","Li ""Wei"", Jr","L;W","official"\n'
    )
    assert read(tmp_path / "nodes-2.csv") == (
        'id:ID(Entity),:LABEL,type:string,name:string\nc1,Entity\x1fCompany,Company,Acme\nc2,Entity\x1fCompany,Company,"Two\nLines"\n'
    )
    assert read(tmp_path / "names-1.csv") == (
        ":ID(EntityName),:LABEL,key:string,entity_id:string\n"
        '1,EntityName,l;w,p1\n2,EntityName,"li ""wei"", jr",p1\n3,EntityName,acme,c1\n4,EntityName,two lines,c2\n'
    )
    assert read(tmp_path / "relationships-1.csv") == (
        ":START_ID(Entity),:END_ID(Entity),:TYPE,id:string,type:string,source_id:string,target_id:string,"
        "date:string,amount:double,kind:string,status:string\n"
        "c1,p1,GIFT,g1,GIFT,c1,p1,2016,1e+20,cash,confirmed\n"
    )
    assert read(tmp_path / "relationships-2.csv") == (
        ":START_ID(Entity),:END_ID(Entity),:TYPE,id:string,type:string,source_id:string,target_id:string,"
        "share:double,bidders:long,excluded:string[],status:string\n"
        "p1,c1,APPROVED,a1,APPROVED,p1,c1,0.5,2,c2,alleged\n"
    )
    assert files.multiline  # "Two\nLines": the importer must read quoted line breaks
    assert files.names == 4
    assert files.stats == Stats(3, 2, {"Company": 2, "Person": 1}, {"official": 1}, {"APPROVED": 1, "GIFT": 1})
    assert files.arguments()[:2] == ["--array-delimiter=U+001F", "--multiline-fields=true"]


def test_without_line_breaks_the_importer_reads_lines_fast(tmp_path: Path) -> None:
    files = write_import_files(tmp_path, ENTITIES[:2], RELATIONS[:1], None)
    assert not files.multiline
    assert "--multiline-fields=false" in files.arguments()


@pytest.mark.parametrize("aliases", [("a\x1fb",), ("",)])
def test_a_list_item_the_importer_cannot_hold_is_refused(tmp_path: Path, aliases: tuple[str, ...]) -> None:
    with pytest.raises(StoreError, match=r"cannot bulk import the value .* of 'aliases'.*load without --bulk"):
        write_import_files(tmp_path, [Entity("p1", "Person", "P", aliases=aliases)], [], None)


def test_no_records_is_a_node_file_of_a_header_alone(tmp_path: Path) -> None:
    files = write_import_files(tmp_path, [], [], None)
    assert [read(p) for p in files.nodes] == [":ID\n"]
    assert (files.relationships, files.names, files.stats) == ((), 0, Stats(0, 0))
