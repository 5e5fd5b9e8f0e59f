"""Fixtures for the loader tests: the expected records of the case-a fixture (the same
case in every format) and a writer for throwaway CSV bundles."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from encircle.graph.records import Entity, Relation

CASE_A_ENTITIES = (
    Entity(
        "p1",
        "Person",
        "李明",
        aliases=("Li Ming", "老李"),
        roles=("official",),
        interests=("golf", "calligraphy"),
        birth_date="1962",
        country="CN",
        source="judgment-1",
    ),
    Entity("p2", "Person", "王芳", roles=("relative",), birth_date="1965-04", country="CN", source="judgment-1"),
    Entity("p3", "Person", "张伟", aliases=("Zhang Wei",), roles=("businessperson", "intermediary"), country="CN"),
    Entity(
        "c1",
        "Company",
        "华信建设有限公司",
        aliases=("Huaxin Construction",),
        country="CN",
        registration_number="91440101MA5C00001X",
        blacklisted_from="2018-01-01",
        blacklisted_until="2021-12-31",
        source="judgment-1",
    ),
    Entity("c2", "Company", "远大地产", country="CN", source="judgment-1"),
    Entity("b1", "PublicBody", "某市国土资源局", country="CN", source="judgment-1"),
)
CASE_A_RELATIONS = (
    Relation(
        "r1", "HOLDS_POST", "p1", "b1", start_date="2010", end_date="2016-03", role="director", source="judgment-1 p.3"
    ),
    Relation("r2", "RELATIVE_OF", "p1", "p2", kind="spouse", source="judgment-1"),
    Relation("r3", "OWNS", "p3", "c1", start_date="2012-05-06", share=0.6),
    Relation(
        "r4",
        "GIFT",
        "p3",
        "p1",
        date="2016-03-05",
        amount=50000.0,
        currency="CNY",
        kind="cash",
        status="alleged",
        source="judgment-1 p.7",
    ),
    # No id in the input: derived from the content, and pinned here because stores keep it.
    Relation(
        "approved-4ef458f308a995d3",
        "APPROVED",
        "p1",
        "c1",
        date="2016-03",
        amount=12000000.0,
        currency="CNY",
        kind="land",
        body_id="b1",
        procedure="invited",
        planned_procedure="open",
        bidders=1,
        excluded=("c2",),
        source="judgment-1 p.9",
    ),
)

ENTITIES_HEADER = "id,type,name,roles,birth_date,source\n"
RELATIONS_HEADER = "id,type,source_id,target_id,date,amount,source\n"

WriteBundle = Callable[..., Path]


@pytest.fixture
def case_a() -> tuple[tuple[Entity, ...], tuple[Relation, ...]]:
    return CASE_A_ENTITIES, CASE_A_RELATIONS


@pytest.fixture
def write_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WriteBundle:
    """write_bundle(name, entities_rows, relations_rows, encoding=...) -> the folder, relative
    to the current directory (tmp_path), so error messages read `name/entities.csv:3:2: ...`.

    Rows are CSV text without the header (ENTITIES_HEADER / RELATIONS_HEADER are added
    unless `header=False`); pass bytes to write a file exactly as given.
    """
    monkeypatch.chdir(tmp_path)

    def write(
        name: str, entities: str | bytes, relations: str | bytes = "", encoding: str = "utf-8", header: bool = True
    ) -> Path:
        folder = Path(name)
        folder.mkdir()
        for file, head, body in (
            ("entities.csv", ENTITIES_HEADER, entities),
            ("relations.csv", RELATIONS_HEADER, relations),
        ):
            data = body if isinstance(body, bytes) else ((head if header else "") + body).encode(encoding)
            (folder / file).write_bytes(data)
        return folder

    return write
