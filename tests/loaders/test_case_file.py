"""JSON and YAML case files: the same records, positions of values, syntax errors."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from encircle.graph.errors import LoadError
from encircle.graph.records import Entity, Relation
from encircle.loaders import Bundle, read

Case = tuple[tuple[Entity, ...], tuple[Relation, ...]]


def _error(path: Path) -> str:
    with pytest.raises(LoadError) as caught:
        read(path)
    return str(caught.value)


def _write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str) -> Path:
    monkeypatch.chdir(tmp_path)
    Path(name).write_text(text, encoding="utf-8")
    return Path(name)


def _with_case_source(case: Case) -> Bundle:
    """Case-a as a case file gives it: records without a source cite the case (`case.id`)."""
    entities, relations = case
    return Bundle(
        tuple(e if e.source else replace(e, source="judgment-1") for e in entities),
        tuple(r if r.source else replace(r, source="judgment-1") for r in relations),
        (),
    )


@pytest.mark.parametrize("name", ["case-a.yaml", "case-a.json"])
def test_fixture_case_files_give_exact_records(fixtures: Path, case_a: Case, name: str) -> None:
    assert read(fixtures / "case" / name) == _with_case_source(case_a)


def test_yaml_scalars_are_read_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, monkeypatch, "c.yml", "entities:\n  - {id: 007, type: Person, name: yes, country: NO}\n")
    assert read(path).entities == (Entity("007", "Person", "yes", country="NO"),)


def test_yaml_error_points_at_the_value(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "case: {id: c1}\nentities:\n  - id: p1\n    type: Person\n    name: 李明\n    birth_date: 1962-13\n"
    path = _write(tmp_path, monkeypatch, "c.yaml", text)
    assert _error(path) == "c.yaml:6:17: malformed date '1962-13': month must be in 1..12"


def test_yaml_missing_value_names_the_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, monkeypatch, "c.yaml", "entities:\n  - id: p1\n    type: Person\n")
    assert _error(path) == "c.yaml:2: missing required value 'name'"


def test_yaml_syntax_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, monkeypatch, "c.yaml", "entities:\n  - {id: p1, type: Person\n")
    assert _error(path) == "c.yaml:3:1: invalid YAML: expected ',' or '}', but got '<stream end>'"


def test_json_error_points_at_the_value(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        '{"entities": [{"id": "p1", "type": "Person", "name": "李明"},\n'
        '              {"id": "c1", "type": "Company", "name": "华信"}],\n'
        ' "relations": [\n'
        '   {"type": "GIFT", "source_id": "c1", "target_id": "p1",\n'
        '    "date": "2016-03", "amount": "-5"}]}\n'
    )
    path = _write(tmp_path, monkeypatch, "c.json", text)
    assert _error(path) == "c.json:5:34: malformed amount '-5': expected a non-negative number"


def test_json_syntax_error_uses_json_position(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, monkeypatch, "c.json", '{"entities": [\n  {"id": "p1", "type": "Person",}\n]}\n')
    assert _error(path) == "c.json:2:33: invalid JSON: Expecting property name enclosed in double quotes"


def test_list_given_for_a_single_value(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, monkeypatch, "c.json", '{"entities": [{"id": "p1", "type": "Person", "name": ["A", "B"]}]}')
    assert _error(path) == "c.json:1:54: 'name' takes one value, not a list"


def test_unknown_fields_and_keys_are_warned_about(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "notes: x\n"
        "entities:\n"
        "  - {id: p1, type: Person, name: A, 备注: [老乡, 同学]}\n"
        "  - {id: p2, type: Person, name: B, 备注: x}\n"
    )
    path = _write(tmp_path, monkeypatch, "c.yaml", text)
    bundle = read(path)
    assert bundle.entities[0].extra == {"备注": "老乡;同学"}
    assert bundle.warnings == (
        "c.yaml: unknown top-level keys ignored: notes",
        "c.yaml entities: unknown fields kept as properties: 备注",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "c.yaml:1: empty file"),
        ("# nothing\n", "c.yaml:1: empty file"),
        ("- a\n- b\n", "c.yaml:1:1: a case file is a mapping of case, entities and relations"),
        ("case: {id: x}\n", "c.yaml:1:1: case file has no 'entities'"),
        ("entities: []\n", "c.yaml:1:11: empty file: 'entities' has no records"),
        ("entities: {p1: x}\n", "c.yaml:1:11: 'entities' must be a list of records"),
        ("entities:\n  - p1\n", "c.yaml:2:5: a record must be a mapping of field: value"),
    ],
)
def test_bad_shapes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str) -> None:
    assert _error(_write(tmp_path, monkeypatch, "c.yaml", text)) == message
